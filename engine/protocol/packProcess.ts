// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The policy pack as a process: started the way the Pulumi engine starts it, tied to this process's
// life by a stdin watchdog, and stopped on every path (stop, error, exit, signal).
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { projectRoot } from "../../config/load";

/** Raised for a pack process that fails to start, answer or stop in time. */
export class PackProcessError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PackProcessError";
    }
}

/** Options of {@link startPackProcess}. */
export interface PackProcessOptions {
    /** The pack folder (working directory of the process). Defaults to this repository's `policies/`. */
    packDir?: string;
    /** How long to wait for the port, in milliseconds (default 120 s: ≈ 0.5 s idle, over 30 s seen at load 20+ on 2 cores). */
    timeoutMs?: number;
    /** The entry to run (default: the pack's compiled `index.js`, or `index.ts` through ts-node). */
    entry?: string[];
}

/** A started pack process and the port it serves on. */
export interface PackProcess {
    child: ChildProcess;
    port: number;
    /** Everything the process wrote to stderr so far. */
    stderr(): string;
}

const ROOT = projectRoot(__dirname);
/** The default pack folder: `<repo>/policies` (its package.json gives the pack's version). */
const DEFAULT_PACK_DIR = path.join(ROOT, "policies");
/** The preload that ends the pack when its parent's pipe closes (see the file's header). */
export const PACK_WATCHDOG = path.join(ROOT, "scripts", "pack-watchdog.js");
/** The preload that gives the pack's compiled modules a V8 code cache (a second of its start-up). */
export const PACK_COMPILE_CACHE = path.join(ROOT, "scripts", "pack-compile-cache.js");

/**
 * How to start the pack: its compiled entry when this engine itself runs compiled (bin/ is built
 * from the same sources in one go), else the TypeScript entry through ts-node, transpile-only.
 */
function defaultPackEntry(): string[] {
    const compiled = path.join(__dirname, "..", "..", "policies", "index.js");
    return __filename.endsWith(".js") && fs.existsSync(compiled)
        ? [compiled]
        : ["-r", "ts-node/register/transpile-only", "index.ts"];
}

const live = new Set<ChildProcess>();
process.once("exit", killAllPackProcesses);

/** SIGTERMs every pack process this process started and has not stopped (for exit and signal handlers). */
export function killAllPackProcesses(): void {
    for (const child of live) {
        child.kill("SIGTERM");
    }
}

/** Signals a command ends on, with the exit code a shell gives a process they end. */
const EXIT_SIGNALS = [
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
] as const;
let exitOnSignal = false;
const signalHandlers = EXIT_SIGNALS.map(([signal, code]) => ({
    signal,
    handler: (): void => {
        killAllPackProcesses();
        process.exit(code);
    },
}));

/**
 * For commands: while a pack process runs, a signal stops it and then exits with the signal's code.
 * The handlers are installed only then: a JavaScript handler runs only when the event loop turns,
 * so with it installed a signal during synchronous work (judging in-process) waited seconds; without
 * one the signal ends the process at once, and there is no pack to stop.
 */
export function exitOnSignalWhilePacksRun(): void {
    exitOnSignal = true;
    armSignals();
}

function armSignals(): void {
    for (const { signal, handler } of signalHandlers) {
        process.removeListener(signal, handler);
        if (exitOnSignal && live.size > 0) {
            process.on(signal, handler);
        }
    }
}

/** How many pack processes this process started are still running. */
export function livePackProcesses(): number {
    return live.size;
}

/**
 * Starts the pack's entry with the pack folder as working directory, as `pulumi-analyzer-policy`
 * does, under the stdin watchdog, and waits for the port it prints as its first line of output.
 * Every failure kills the process before rejecting.
 */
export async function startPackProcess(options: PackProcessOptions = {}): Promise<PackProcess> {
    const packDir = options.packDir ?? DEFAULT_PACK_DIR;
    const timeoutMs = options.timeoutMs ?? 120000;
    const entry = options.entry ?? defaultPackEntry();
    const child = spawn(process.execPath, ["-r", PACK_WATCHDOG, "-r", PACK_COMPILE_CACHE, ...entry], {
        cwd: packDir,
        env: {
            ...process.env,
            TS_NODE_PROJECT: path.join(packDir, "tsconfig.json"),
            PULUMI_CONFIG: "{}",
            PULUMI_DRY_RUN: "true",
            CLUSTER_PLATFORM_PACK_WATCHDOG: "stdin",
        },
        stdio: ["pipe", "pipe", "pipe"],
    });
    live.add(child);
    armSignals();
    child.once("exit", () => {
        live.delete(child);
        armSignals();
    });
    // A closed pipe on our side must not crash this process (EPIPE) when the pack is gone.
    child.stdin?.on("error", () => undefined);
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const port = await new Promise<number>((resolve, reject) => {
        let out = "";
        const fail = (message: string): void => {
            clearTimeout(timer);
            child.kill("SIGKILL");
            reject(new PackProcessError(message));
        };
        const timer = setTimeout(
            () =>
                fail(
                    `the policy pack in ${packDir} printed no port within ${timeoutMs} ms; killed pid ${child.pid}. stderr: ${stderr.trim() || "(empty)"}`,
                ),
            timeoutMs,
        );
        child.once("error", (err) => fail(`cannot start the policy pack in ${packDir}: ${err.message}`));
        child.stdout?.on("data", (d: Buffer) => {
            out += d.toString();
            const nl = out.indexOf("\n");
            if (nl < 0) {
                return;
            }
            clearTimeout(timer);
            const first = out.slice(0, nl).trim();
            if (/^\d+$/.test(first)) {
                resolve(Number(first));
            } else {
                fail(
                    `the policy pack printed ${JSON.stringify(first)} before its port; a pack must not write to stdout while loading`,
                );
            }
        });
        child.once("exit", (code, signal) => {
            clearTimeout(timer);
            reject(
                new PackProcessError(
                    `the policy pack in ${packDir} exited (code ${code}, signal ${signal}) before serving. stderr: ${stderr.trim() || "(empty)"}`,
                ),
            );
        });
    });
    return { child, port, stderr: () => stderr };
}

/** Stops a pack process: SIGTERM, SIGKILL after `graceMs`. Resolves once it has exited. */
export async function stopPackProcess(child: ChildProcess, graceMs = 5000): Promise<void> {
    // Closing the pipe is what the watchdog listens for; the signal covers a pack that ignores it.
    child.stdin?.end();
    if (child.exitCode !== null || child.signalCode !== null) {
        return;
    }
    await new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
        child.once("exit", () => {
            clearTimeout(timer);
            resolve();
        });
        child.kill("SIGTERM");
    });
}

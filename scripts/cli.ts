// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Command-line conventions shared by every script: util.parseArgs (`--key value` and `--key=value`),
// `--help` on stdout with exit 0, and one table of exit codes.
import * as fs from "fs";
import * as path from "path";
import { parseArgs, ParseArgsConfig } from "util";

/** Exit codes of every command (README "Exit codes"). */
export const EXIT = {
    /** Nothing blocks. */
    pass: 0,
    /** An unwaived mandatory finding: `pulumi preview --policy-pack` would fail. */
    blocked: 1,
    /** A bad command line: unknown option, missing or bad value, unknown stack. */
    usage: 2,
    /** Invalid configuration or input: stack files, pack config, manifests; for `audit` also a kubeconfig, a missing permission, an unreachable API server. */
    invalid: 3,
    /** A bug: an unexpected error (the message says where). */
    internal: 70,
} as const;

/** Raised for a bad command line (exit {@link EXIT.usage}). */
export class UsageError extends Error {}

/** Raised for invalid configuration or input (exit {@link EXIT.invalid}). */
export class InputError extends Error {}

/** What a command accepts. */
export interface CommandSpec {
    /** As typed, e.g. `npm run -s check --`. */
    command: string;
    /** The usage text printed by `--help` (and named in usage errors). */
    usage: string;
    options: NonNullable<ParseArgsConfig["options"]>;
    allowPositionals?: boolean;
}

/** The parsed command line, or `help` when `--help`/`-h` was given. */
export type Parsed = { help: true } | { help: false; values: Record<string, unknown>; positionals: string[] };

/** Parses argv strictly; throws a {@link UsageError} whose message ends with a pointer to `--help`. */
export function parseCommandLine(spec: CommandSpec, argv: readonly string[]): Parsed {
    let parsed;
    try {
        parsed = parseArgs({
            args: [...argv],
            options: { ...spec.options, help: { type: "boolean", short: "h" } },
            allowPositionals: spec.allowPositionals ?? false,
            strict: true,
        });
    } catch (err) {
        // Node's messages carry an error code prefix and advice aimed at programmers; keep the first sentence.
        const message = (err as Error).message.split(". ")[0].replace(/^TypeError \[[A-Z_]+\]: /, "");
        throw new UsageError(`${message}; see ${spec.command} --help`);
    }
    if (parsed.values.help) {
        return { help: true };
    }
    return { help: false, values: parsed.values as Record<string, unknown>, positionals: parsed.positionals };
}

/** One of the allowed values, or a {@link UsageError} naming the option and the choices. */
export function oneOf<T extends string>(option: string, value: unknown, allowed: readonly T[], fallback: T): T {
    if (value === undefined) {
        return fallback;
    }
    if (typeof value === "string" && (allowed as readonly string[]).includes(value)) {
        return value as T;
    }
    throw new UsageError(`--${option} ${String(value)} is not one of ${allowed.join(", ")}`);
}

/**
 * Runs a command's body and sets the exit code: its own code, {@link EXIT.usage} for a
 * {@link UsageError}, {@link EXIT.invalid} for an {@link InputError}, {@link EXIT.internal} otherwise.
 */
export function runCommand(name: string, body: () => Promise<number> | number): void {
    Promise.resolve()
        .then(body)
        .then((code) => {
            process.exitCode = code;
        })
        .catch((err: unknown) => {
            if (err instanceof UsageError || err instanceof InputError) {
                console.error(`${name}: ${err.message}`);
                process.exitCode = err instanceof UsageError ? EXIT.usage : EXIT.invalid;
                return;
            }
            console.error(`${name}: internal error: ${(err as Error).stack ?? String(err)}`);
            process.exitCode = EXIT.internal;
        });
}

/** Kernel file systems: a report folder there cannot be made (and `mkdir -p` under /proc never returns). */
const PSEUDO_FILE_SYSTEM = /^\/(?:proc|sys|dev(?!\/shm(?:\/|$)))(?:\/|$)/;

/**
 * Checks an output folder option before anything runs, so a bad `--out` is a usage error at once:
 * it must be a directory or creatable as one (every existing ancestor a directory), writable, and
 * not under /proc, /sys or /dev. Returns the absolute path; throws a {@link UsageError}.
 */
export function checkOutputDir(option: string, dir: string): string {
    const abs = path.resolve(dir);
    const missing: string[] = [];
    let existing = abs;
    let stat: fs.Stats | undefined;
    for (;;) {
        try {
            stat = fs.statSync(existing);
            break;
        } catch (err) {
            const code = (err as NodeJS.ErrnoException).code;
            if (code !== "ENOENT") {
                throw new UsageError(
                    `--${option} ${dir}: ${existing}: ${code === "ENOTDIR" ? "a part of the path is not a directory" : (err as Error).message}`,
                );
            }
            if (fs.lstatSync(existing, { throwIfNoEntry: false })) {
                throw new UsageError(`--${option} ${dir}: ${existing} is a symbolic link to nothing`);
            }
            missing.unshift(path.basename(existing));
            existing = path.dirname(existing);
        }
    }
    const real = path.join(fs.realpathSync(existing), ...missing);
    const pseudo = PSEUDO_FILE_SYSTEM.exec(real);
    if (pseudo) {
        throw new UsageError(
            `--${option} ${dir}: ${real} is under ${pseudo[0].replace(/\/$/, "")}, a kernel file system; reports need an ordinary directory`,
        );
    }
    if (!stat.isDirectory()) {
        throw new UsageError(
            existing === abs
                ? `--${option} ${dir}: exists and is not a directory`
                : `--${option} ${dir}: ${existing} is not a directory`,
        );
    }
    try {
        fs.accessSync(existing, fs.constants.W_OK | fs.constants.X_OK);
    } catch (err) {
        throw new UsageError(
            `--${option} ${dir}: ${existing} is not writable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
        );
    }
    return abs;
}

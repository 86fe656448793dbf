// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Runs the real Pulumi CLI on a temporary copy of this project: local file backend, passphrase
// secrets, a kubeconfig whose contexts point at an unreachable API server, charts from the stub
// mirror under test/charts. Every process it starts is killed with its process group.
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { StackConfig } from "../../config/schema";
import { PROJECT_DIR, realStackConfig } from "../support/stacks";
import { scratchDir } from "../support/scratch";

/** The value set with `pulumi config set --secret` in every engine test; it must never appear in any output. */
export const TEST_SECRET = "engine-test-secret-9f3b2c";
/** Where the toolchain script puts the CLI, our language host and the registered provider. */
export const TOOLCHAIN = path.join(PROJECT_DIR, ".toolchain");
const PROVIDER_SDK_VERSION = "4.34.2";

/** The CLI the tests run: yours on PATH, else the one `npm run toolchain` built. Never skipped: missing is a failure. */
export function pulumiCli(): string {
    const onPath = spawnSync("sh", ["-c", "command -v pulumi"], { encoding: "utf8" }).stdout.trim();
    const cli = onPath || path.join(TOOLCHAIN, "bin", "pulumi");
    if (!fs.existsSync(cli)) {
        throw new Error(`no Pulumi CLI on PATH and none at ${cli}; run npm run toolchain`);
    }
    const plugin = path.join(
        TOOLCHAIN,
        "pulumi-home",
        "plugins",
        `resource-kubernetes-v${PROVIDER_SDK_VERSION}`,
        "pulumi-resource-kubernetes",
    );
    if (!fs.existsSync(plugin)) {
        throw new Error(`no Kubernetes provider registered at ${plugin}; run npm run toolchain`);
    }
    return cli;
}

/** One policy event of the engine's event log. */
export interface PolicyEvent {
    resourceUrn: string;
    message: string;
    policyName: string;
    policyPackName: string;
    enforcementLevel: string;
}

/** The outcome of one `pulumi preview`. */
export interface PreviewResult {
    code: number | null;
    output: string;
    events: PolicyEvent[];
    seconds: number;
}

/** What a test project copies from the repository, besides the folder holding its own entry point. */
const PROJECT_FILES = ["index.ts", "Pulumi.yaml", "tsconfig.json", "config", "components", "policies", "test/charts"];

/** A copy of the program in a temporary folder with its own file-backed state and Pulumi environment. */
export interface IsolatedProject {
    dir: string;
    env: NodeJS.ProcessEnv;
}

/**
 * Copies the program into a fresh temporary folder whose package.json runs `entry` (a test entry point
 * under `test/`, copied with its folder), with a file-backed state and an environment that never asks,
 * updates or downloads, and that reads `kubeconfig`.
 */
export function isolatedProject(opts: {
    prefix: string;
    entry: string;
    cli: string;
    passphrase: string;
    kubeconfig: (dir: string) => string;
}): IsolatedProject {
    const dir = scratchDir(opts.prefix);
    const entryDir = path.dirname(opts.entry);
    for (const p of entryDir === "." ? PROJECT_FILES : [...PROJECT_FILES, entryDir]) {
        fs.cpSync(path.join(PROJECT_DIR, p), path.join(dir, p), {
            recursive: true,
            filter: (src) => path.basename(src) !== "node_modules",
        });
    }
    fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(dir, "node_modules"));
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")) as object;
    fs.writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify({ ...pkg, main: opts.entry, scripts: {} }, null, 2),
    );
    fs.mkdirSync(path.join(dir, "state"));
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        PATH: `${path.dirname(opts.cli)}:${process.env.PATH ?? ""}`,
        PULUMI_HOME: path.join(TOOLCHAIN, "pulumi-home"),
        PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
        PULUMI_CONFIG_PASSPHRASE: opts.passphrase,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_SKIP_CONFIRMATIONS: "true",
        PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
        // The program is type-checked by `npm test`; the pack runs compiled (policies/bin), as users run it.
        PULUMI_NODEJS_TRANSPILE_ONLY: "true",
        KUBECONFIG: opts.kubeconfig(dir),
    };
    return { dir, env };
}

/** Strips the CLI's colour tags (`<{%reset%}>`) from event text. */
export function uncolor(text: string): string {
    return text.replace(/<\{%[^%]*%\}>/g, "");
}

/** Parses the streamed engine events (one JSON event per line; other lines ignored) into their policy events. */
export function policyEventsOf(log: string): PolicyEvent[] {
    return log
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as { policyEvent?: PolicyEvent })
        .filter((e) => e.policyEvent)
        .map((e) => ({ ...e.policyEvent!, message: uncolor(e.policyEvent!.message).trim() }));
}

/** A temporary copy of the project with one stack initialised on a local backend. */
export class EngineProject {
    private constructor(
        readonly dir: string,
        readonly stack: string,
        readonly cli: string,
        readonly env: NodeJS.ProcessEnv,
    ) {}

    /**
     * Copies the project, writes the test stack file and kubeconfig, inits the stack and sets the test
     * secret. `entry` is the program (default: the engine tests' entry, which can apply a mutation).
     */
    static async create(stack: string, entry = "test/real-engine/entry.ts"): Promise<EngineProject> {
        const cli = pulumiCli();
        const { dir, env: base } = isolatedProject({
            prefix: `cp-engine-${stack}-`,
            entry,
            cli,
            passphrase: "engine-test-passphrase",
            kubeconfig: (d) => path.join(d, "kubeconfig"),
        });
        fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), testStackFile(stack));
        fs.writeFileSync(path.join(dir, "kubeconfig"), UNREACHABLE_KUBECONFIG);
        const env: NodeJS.ProcessEnv = { ...base, CP_ENGINE_MUTATION: "" };
        const project = new EngineProject(dir, stack, cli, env);
        await project.run(["stack", "init", stack, "--secrets-provider", "passphrase", "--non-interactive"]);
        await project.run([
            "config",
            "set",
            "--secret",
            "--stack",
            stack,
            "cluster-platform:dragonflyPassword",
            TEST_SECRET,
        ]);
        return project;
    }

    /** Runs the CLI in the project; rejects with its output when it fails. */
    async run(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
        const r = await runGroup(this.cli, args, this.dir, { ...this.env, ...extraEnv }, 300);
        if (r.code !== 0) {
            throw new Error(`pulumi ${args.join(" ")} exited ${r.code}:\n${r.output}`);
        }
        return r.output;
    }

    /** `pulumi preview --policy-pack <pack> --non-interactive --json` (engine events streamed), for a mutation and pack config. */
    async preview(
        options: { mutation?: string; packConfig?: Record<string, unknown>; packDir?: string } = {},
    ): Promise<PreviewResult> {
        const args = [
            "preview",
            "--stack",
            this.stack,
            "--policy-pack",
            options.packDir ?? "./policies",
            "--non-interactive",
            "--json",
        ];
        if (options.packConfig) {
            const file = path.join(this.dir, `pack-config-${Date.now()}.json`);
            fs.writeFileSync(file, JSON.stringify(options.packConfig));
            args.push("--policy-pack-config", file);
        }
        const start = Date.now();
        const r = await runGroup(
            this.cli,
            args,
            this.dir,
            // With this switch `--json` streams every engine event as one JSON line on stdout.
            { ...this.env, CP_ENGINE_MUTATION: options.mutation ?? "", PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" },
            900,
        );
        return {
            code: r.code,
            output: r.output,
            events: policyEventsOf(r.stdout),
            seconds: (Date.now() - start) / 1000,
        };
    }

    /** Removes the copy (state included). */
    dispose(): void {
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}

const UNREACHABLE_KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
  - name: unreachable
    cluster:
      server: https://127.0.0.1:1
contexts:
  - name: infra
    context: { cluster: unreachable, user: nobody }
  - name: apps
    context: { cluster: unreachable, user: nobody }
current-context: infra
users:
  - name: nobody
    user: { token: not-a-token }
`;

/**
 * The committed stack file with its secrets-provider fields removed, the stub chart mirror set, and
 * no adoption of the bootstrap Cilium release: an import reads the live release from the cluster,
 * which an unreachable API server cannot answer (docs/offline-preview.md); the stack states that its
 * cluster has none, as CIL-TECH-001 requires.
 */
export function testStackFile(stack: string): string {
    const doc = parseDocument(fs.readFileSync(path.join(PROJECT_DIR, `Pulumi.${stack}.yaml`), "utf8"));
    for (const key of ["secretsprovider", "encryptedkey", "encryptionsalt"]) {
        doc.delete(key);
    }
    doc.setIn(["config", "cluster-platform:chartMirror"], doc.createNode(TEST_CHART_MIRROR));
    doc.setIn(["config", "cluster-platform:cilium", "adoptExistingRelease"], false);
    // True of the test cluster, and what CIL-TECH-001 requires a stack to state when it does not adopt.
    doc.setIn(["config", "cluster-platform:cilium", "noBootstrapRelease"], true);
    return doc.toString();
}

/** The same changes on the validated config, for the offline engine. */
export function testStackConfig(stack: string): StackConfig {
    const config = realStackConfig(stack);
    return {
        ...config,
        chartMirror: TEST_CHART_MIRROR,
        cilium: { ...config.cilium, adoptExistingRelease: false, noBootstrapRelease: true },
    };
}

/** The stub chart mirror of the engine tests. */
export const TEST_CHART_MIRROR = { type: "directory" as const, path: "test/charts" };

/** Runs a command in its own process group, killing the whole group when it ends or times out. */
export function runGroup(
    cmd: string,
    args: string[],
    cwd: string,
    env: NodeJS.ProcessEnv,
    timeoutSeconds: number,
): Promise<{ code: number | null; output: string; stdout: string }> {
    return new Promise((resolve) => {
        const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        let stdout = "";
        child.stdout.on("data", (b: Buffer) => {
            output += b.toString("utf8");
            stdout += b.toString("utf8");
        });
        child.stderr.on("data", (b: Buffer) => (output += b.toString("utf8")));
        const killGroup = (): void => {
            try {
                process.kill(-child.pid!, "SIGKILL");
            } catch {
                // already gone
            }
        };
        const timer = setTimeout(() => {
            output += `\n[killed after ${timeoutSeconds} s]`;
            killGroup();
        }, timeoutSeconds * 1000);
        child.on("close", (code) => {
            clearTimeout(timer);
            // Plugins the CLI failed to stop (language host, provider, pack) go with the group.
            killGroup();
            resolve({ code, output, stdout });
        });
    });
}

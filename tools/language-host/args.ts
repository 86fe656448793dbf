// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The pure parts of our Node.js language host: how the CLI's arguments, a program's runtime options,
// its config and its installed packages turn into the command line and environment of `node`.
import * as fs from "fs";
import * as path from "path";

/** What the CLI passes on our command line: flags first, the engine address last. */
export interface HostArgs {
    engineAddress?: string;
    tracing?: string;
    runtime: string;
    showVersion: boolean;
}

// Flags the CLI (buildPluginArguments) or a user may pass that take a separate value.
const VALUE_FLAGS = new Set(["tracing", "runtime", "root"]);

/** Parses `pulumi-language-nodejs [--tracing url] [--logtostderr] [-v=N] [--runtime nodejs] <engine-address>`. */
export function parseHostArgs(argv: readonly string[]): HostArgs {
    const out: HostArgs = { runtime: "nodejs", showVersion: false };
    const positional: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (!a.startsWith("-")) {
            positional.push(a);
            continue;
        }
        const [flag, inline] = a.replace(/^--?/, "").split(/=(.*)/s, 2);
        const value = inline !== undefined ? inline : VALUE_FLAGS.has(flag) ? argv[++i] : undefined;
        if (flag === "tracing") {
            out.tracing = value;
        } else if (flag === "runtime" && value) {
            out.runtime = value;
        } else if (flag === "version") {
            out.showVersion = true;
        }
    }
    out.engineAddress = positional[0];
    return out;
}

/** The `runtime.options` of Pulumi.yaml / PulumiPolicy.yaml that change how node starts. */
export interface NodeOptions {
    typescript: boolean;
    tsconfig?: string;
    nodeargs: string[];
}

/** Reads the runtime options as the CLI sends them; a wrong type is an error naming the option. */
export function parseNodeOptions(options: Record<string, unknown>): NodeOptions {
    const out: NodeOptions = { typescript: true, nodeargs: [] };
    if ("typescript" in options) {
        if (typeof options.typescript !== "boolean") {
            throw new Error("typescript option must be a boolean");
        }
        out.typescript = options.typescript;
    }
    if ("tsconfig" in options) {
        if (typeof options.tsconfig !== "string") {
            throw new Error("tsconfig option must be a string");
        }
        out.tsconfig = options.tsconfig;
    }
    if ("nodeargs" in options) {
        if (typeof options.nodeargs !== "string") {
            throw new Error("nodeargs option must be a string");
        }
        out.nodeargs = splitWords(options.nodeargs);
    }
    return out;
}

/** Splits a shell-like word list (single and double quotes, backslash escapes), as `nodeargs` is written. */
export function splitWords(s: string): string[] {
    const words: string[] = [];
    let cur: string | undefined;
    let quote: string | undefined;
    for (let i = 0; i < s.length; i++) {
        const c = s[i];
        if (quote) {
            if (c === quote) {
                quote = undefined;
            } else if (c === "\\" && quote === '"' && i + 1 < s.length) {
                cur = (cur ?? "") + s[++i];
            } else {
                cur = (cur ?? "") + c;
            }
        } else if (c === "'" || c === '"') {
            quote = c;
            cur = cur ?? "";
        } else if (c === "\\" && i + 1 < s.length) {
            cur = (cur ?? "") + s[++i];
        } else if (/\s/.test(c)) {
            if (cur !== undefined) {
                words.push(cur);
                cur = undefined;
            }
        } else {
            cur = (cur ?? "") + c;
        }
    }
    if (quote) {
        throw new Error(`unterminated ${quote} in nodeargs: ${s}`);
    }
    if (cur !== undefined) {
        words.push(cur);
    }
    return words;
}

/** The environment entries a TypeScript-aware runner reads. */
export function typescriptEnv(opts: NodeOptions): string[] {
    return [
        ...(opts.typescript ? ["PULUMI_NODEJS_TYPESCRIPT=true"] : []),
        ...(opts.tsconfig ? [`PULUMI_NODEJS_TSCONFIG_PATH=${opts.tsconfig}`] : []),
    ];
}

/** The RunRequest fields the program runner's command line carries. */
export interface RunFields {
    monitor: string;
    engine?: string;
    organization?: string;
    project?: string;
    rootDirectory?: string;
    stack?: string;
    pwd?: string;
    dryRun: boolean;
    parallel: number;
    tracing?: string;
    entryPoint: string;
    args: string[];
}

/** `node <run> --monitor … --engine … [--dry-run] --parallel n <entry point> <args>`: the runner's flags. */
export function runArguments(runPath: string, f: RunFields): string[] {
    const out = [runPath];
    const add = (k: string, v: string | undefined): void => {
        if (v) {
            out.push(`--${k}`, v);
        }
    };
    add("monitor", f.monitor);
    add("engine", f.engine);
    add("organization", f.organization);
    add("project", f.project);
    add("root-directory", f.rootDirectory);
    add("stack", f.stack);
    add("pwd", f.pwd);
    if (f.dryRun) {
        out.push("--dry-run");
    }
    add("parallel", String(f.parallel));
    add("tracing", f.tracing);
    out.push(f.entryPoint || ".", ...f.args);
    return out;
}

/**
 * The config bag the SDK reads from PULUMI_CONFIG: keys `<namespace>:<name>` are presented as
 * `<namespace>:config:<name>`, the form every SDK version understands.
 */
export function programConfig(config: ReadonlyMap<string, string> | Record<string, string>): string {
    const entries = config instanceof Map ? [...config.entries()] : Object.entries(config);
    const out: Record<string, string> = {};
    for (const [k, v] of entries) {
        const i = k.indexOf(":");
        if (i <= 0) {
            throw new Error(`config key ${JSON.stringify(k)} has no namespace`);
        }
        const ns = k.slice(0, i);
        const name = k.slice(i + 1).replace(/^config:/, "");
        out[`${ns}:config:${name}`] = v;
    }
    return JSON.stringify(out);
}

/** A provider plugin a program needs, from a `pulumi.resource: true` package.json under node_modules. */
export interface PackageNeed {
    name: string;
    kind: "resource";
    version: string;
    server: string;
}

interface PackageJson {
    name?: string;
    version?: string;
    pulumi?: { resource?: boolean; name?: string; version?: string; server?: string };
}

/** The plugin a package.json declares, or undefined when it is not a provider SDK. */
export function pluginOfPackage(pkg: PackageJson, file: string): PackageNeed | undefined {
    if (!pkg.pulumi?.resource) {
        return undefined;
    }
    let name = pkg.pulumi.name || pkg.name;
    if (!name) {
        throw new Error(`${file}: missing expected "name" property`);
    }
    if (!pkg.pulumi.name) {
        name = name.startsWith("@pulumi/") ? name.slice("@pulumi/".length) : name.replace(/^@/, "");
    }
    const version = pkg.pulumi.version || pkg.version;
    if (!version) {
        throw new Error(`${file}: missing expected "version" property`);
    }
    return {
        name,
        kind: "resource",
        version: version.startsWith("v") ? version : `v${version}`,
        server: pkg.pulumi.server ?? "",
    };
}

/**
 * Every provider plugin under the program's node_modules (deeply, symlinks followed once), never
 * descending into a nested policy pack, whose plugins are not the program's. Unreadable entries are
 * collected in `errors` and skipped, as they must not stop a preview.
 */
export function requiredPackages(programDir: string, errors: string[] = []): PackageNeed[] {
    const out: PackageNeed[] = [];
    const seen = new Set<string>();
    const walk = (dir: string, inNodeModules: boolean): void => {
        let real: string;
        try {
            real = fs.realpathSync(dir);
        } catch (e) {
            errors.push(String(e));
            return;
        }
        if (seen.has(real)) {
            return;
        }
        seen.add(real);
        let entries: fs.Dirent[];
        try {
            entries = fs.readdirSync(real, { withFileTypes: true });
        } catch (e) {
            errors.push(String(e));
            return;
        }
        for (const e of entries) {
            const p = path.join(real, e.name);
            let isDir = e.isDirectory();
            if (e.isSymbolicLink()) {
                try {
                    isDir = fs.statSync(p).isDirectory();
                } catch (err) {
                    errors.push(String(err));
                    continue;
                }
            }
            if (isDir) {
                if (fs.existsSync(path.join(p, "PulumiPolicy.yaml"))) {
                    continue;
                }
                walk(p, inNodeModules || path.basename(real) === "node_modules");
            } else if (inNodeModules && e.name === "package.json") {
                try {
                    const need = pluginOfPackage(JSON.parse(fs.readFileSync(p, "utf8")) as PackageJson, p);
                    if (need) {
                        out.push(need);
                    }
                } catch (err) {
                    errors.push(err instanceof Error ? err.message : String(err));
                }
            }
        }
    };
    walk(programDir, false);
    return out;
}

/** The direct dependencies of a program with their installed versions (what `pulumi about` lists). */
export function programDependencies(programDir: string): { name: string; version: string }[] {
    const pkg = JSON.parse(fs.readFileSync(path.join(programDir, "package.json"), "utf8")) as {
        dependencies?: Record<string, string>;
        devDependencies?: Record<string, string>;
    };
    const names = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})].sort();
    return names.map((name) => {
        const file = path.join(programDir, "node_modules", name, "package.json");
        const installed = fs.existsSync(file)
            ? (JSON.parse(fs.readFileSync(file, "utf8")) as { version?: string }).version
            : undefined;
        return { name, version: installed ?? (pkg.dependencies?.[name] || pkg.devDependencies?.[name] || "") };
    });
}

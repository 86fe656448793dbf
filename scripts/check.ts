// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// `npm run check [-- --stack infra|apps|all] [--format text|json|sarif|junit|markdown] [--out reports/] [--policy-pack-config file]`
// The offline preview of every stack, with gate reports. Exit 1 on any unwaived mandatory finding
// or invalid config, 2 on a usage error, 0 otherwise.
import * as fs from "fs";
import * as path from "path";
import { ciliumDrift } from "../components/cilium/drift";
import { formatIssue } from "../config/issues";
import { projectRoot, readProjectStackFiles } from "../config/load";
import { validateStackFiles, ValidStack } from "../config/validate";
import { evaluateResources, evaluateStack, StackEvaluation } from "../engine/evaluate";
import { ManifestError, readManifests } from "../engine/manifests";
import { PackConfigError } from "../engine/packConfig";
import {
    CrossStackFinding,
    renderJson,
    renderJunit,
    renderMarkdown,
    renderSarif,
    renderText,
    scoreOf,
} from "../engine/reports";
import { PolicyServer } from "../engine/server";
import { policies } from "../policies/policies";

const FORMATS = ["text", "json", "sarif", "junit", "markdown"] as const;
type Format = (typeof FORMATS)[number];

/** Parsed command-line options. */
export interface CheckOptions {
    stack: string;
    format: Format;
    out: string;
    packConfig?: string;
    /** Manifest mode: judge these YAML files/directories instead of the program. */
    manifests?: string[];
}

/** Raised for a bad command line (exit 2). */
export class UsageError extends Error {}

/** Parses the command line; throws a {@link UsageError} naming the bad flag or value. */
export function parseCheckArgs(argv: readonly string[]): CheckOptions {
    const opts: CheckOptions = { stack: "all", format: "text", out: "reports" };
    for (let i = 0; i < argv.length; i++) {
        const flag = argv[i];
        const value = argv[i + 1];
        const need = (): string => {
            if (value === undefined || value.startsWith("--")) {
                throw new UsageError(`${flag} needs a value`);
            }
            i++;
            return value;
        };
        switch (flag) {
            case "--stack":
                opts.stack = need();
                break;
            case "--format": {
                const f = need();
                if (!(FORMATS as readonly string[]).includes(f)) {
                    throw new UsageError(`--format ${f} is not one of ${FORMATS.join(", ")}`);
                }
                opts.format = f as Format;
                break;
            }
            case "--out":
                opts.out = need();
                break;
            case "--policy-pack-config":
                opts.packConfig = need();
                break;
            case "--manifests": {
                const list: string[] = [];
                while (argv[i + 1] !== undefined && !argv[i + 1].startsWith("--")) {
                    list.push(argv[++i]);
                }
                if (list.length === 0) {
                    throw new UsageError("--manifests needs at least one file or directory");
                }
                opts.manifests = list;
                break;
            }
            default:
                throw new UsageError(
                    `unknown option ${flag}; usage: npm run check -- [--stack <name>|all] [--format ${FORMATS.join("|")}] [--out <dir>] [--policy-pack-config <file>] [--manifests <file|dir>...]`,
                );
        }
    }
    return opts;
}

function readPackConfig(file: string): Record<string, unknown> {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new UsageError(`--policy-pack-config ${file}: cannot read it (${(err as Error).message})`);
    }
    try {
        const parsed = JSON.parse(text) as unknown;
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
            throw new Error("the top level must be an object keyed by policy name");
        }
        return parsed as Record<string, unknown>;
    } catch (err) {
        throw new UsageError(`--policy-pack-config ${file}: not valid pack config JSON: ${(err as Error).message}`);
    }
}

/** Writes every report of the run under `out`; returns the files written. */
export function writeReports(
    out: string,
    evaluations: readonly StackEvaluation[],
    cross: readonly CrossStackFinding[],
    version: string,
    generated: string,
): string[] {
    const written: string[] = [];
    const write = (rel: string, text: string): void => {
        const file = path.join(out, rel);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
        written.push(file);
    };
    const names = policies.map((p) => p.name);
    for (const e of evaluations) {
        write(`${e.stack}/risk-profile.md`, renderMarkdown(e, generated));
        write(`${e.stack}/findings.json`, renderJson(e));
        write(`${e.stack}/results.sarif`, renderSarif([e], version));
        write(`${e.stack}/junit.xml`, renderJunit([e], names));
    }
    write("all/results.sarif", renderSarif(evaluations, version, cross));
    write("all/junit.xml", renderJunit(evaluations, names));
    write(
        "all/summary.json",
        JSON.stringify(
            {
                generated,
                blocked: evaluations.some((e) => e.blocked),
                stacks: evaluations.map((e) => ({
                    stack: e.stack,
                    resources: e.resources.length,
                    findings: e.findings.length,
                    blocked: e.blocked,
                    gate: e.gate.suggested_gate,
                })),
                crossStack: cross,
            },
            null,
            2,
        ) + "\n",
    );
    return written;
}

/** Runs the check; returns the exit code. `print` receives stdout text, `warn` stderr text. */
export async function runCheck(
    argv: readonly string[],
    projectDir: string,
    print: (s: string) => void,
    warn: (s: string) => void,
): Promise<number> {
    let opts: CheckOptions;
    let packConfig: Record<string, unknown> | undefined;
    try {
        opts = parseCheckArgs(argv);
        packConfig = opts.packConfig ? readPackConfig(opts.packConfig) : undefined;
    } catch (err) {
        warn(`check: ${(err as Error).message}`);
        return 2;
    }
    if (opts.manifests) {
        return runManifestCheck(opts, packConfig, projectDir, print, warn);
    }
    // The pack process starts while this one validates and records: its start-up is the largest fixed cost.
    const starting = PolicyServer.start();
    starting.catch(() => undefined);
    const stopEarly = async (): Promise<void> => {
        await (await starting.catch(() => undefined))?.stop();
    };
    const files = readProjectStackFiles(projectDir);
    const { results, crossStack } = validateStackFiles(files);
    const issues = [...results.flatMap((r) => r.issues), ...crossStack];
    if (issues.length > 0) {
        issues.forEach((i) => warn(formatIssue(i)));
        warn(`check: the stack configuration is invalid (${issues.length} problem(s)); nothing was evaluated`);
        fs.mkdirSync(path.join(path.resolve(opts.out), "all"), { recursive: true });
        fs.writeFileSync(
            path.join(path.resolve(opts.out), "all", "summary.json"),
            JSON.stringify(
                { generated: new Date().toISOString(), blocked: true, configIssues: issues.map(formatIssue) },
                null,
                2,
            ) + "\n",
        );
        await stopEarly();
        return 1;
    }
    const stacks = results.map((r) => r.valid as ValidStack);
    const selected = opts.stack === "all" ? stacks : stacks.filter((s) => s.stack === opts.stack);
    if (selected.length === 0) {
        warn(
            `check: unknown stack ${JSON.stringify(opts.stack)}; this project has ${stacks.map((s) => s.stack).join(", ")} (or all)`,
        );
        await stopEarly();
        return 2;
    }
    const cross: CrossStackFinding[] = ciliumDrift(stacks.map((s) => s.config)).map((d) => ({
        risk: "CIL-TECH-007",
        score: scoreOf("CIL-TECH-007"),
        file: stacks.map((s) => s.file).join(", "),
        message: `Cilium value ${d.path} differs between stacks (${Object.entries(d.values)
            .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
            .join(", ")}) but is not cluster-specific; make it the same everywhere.`,
    }));
    const server = await starting;
    const evaluations: StackEvaluation[] = [];
    try {
        for (const s of selected) {
            evaluations.push(await evaluateStack(s.config, { server, packConfig }));
        }
    } catch (err) {
        warn(
            `check: ${err instanceof PackConfigError ? `${opts.packConfig}: ${err.message}` : (err as Error).message}`,
        );
        return err instanceof PackConfigError ? 2 : 1;
    } finally {
        await server.stop();
    }
    return report(opts, evaluations, opts.stack === "all" ? cross : [], projectDir, print, warn);
}

/** Graph rules that need Pulumi's provider and dependency facts, which plain manifests do not carry. */
export const GRAPH_ONLY_POLICIES = [
    "cluster-platform-cilium-cluster-pinning",
    "cluster-platform-cilium-dependency-order",
    "cluster-platform-cilium-release-protected",
    "cluster-platform-floe-postgres-protected",
];

async function runManifestCheck(
    opts: CheckOptions,
    packConfig: Record<string, unknown> | undefined,
    projectDir: string,
    print: (s: string) => void,
    warn: (s: string) => void,
): Promise<number> {
    const stack = opts.stack === "all" ? "manifests" : opts.stack;
    let resources;
    try {
        resources = readManifests(opts.manifests ?? [], stack);
    } catch (err) {
        warn(`check: ${(err as Error).message}`);
        return err instanceof ManifestError ? 2 : 1;
    }
    const plain = resources.some((r) => r.provider === "" && r.type.startsWith("kubernetes:"));
    const config = { ...(packConfig ?? {}) };
    if (plain) {
        for (const p of GRAPH_ONLY_POLICIES) {
            config[p] ??= "disabled";
        }
        warn(
            `check: plain manifests carry no Pulumi provider or dependency facts; these rules need them and are off for this run: ${GRAPH_ONLY_POLICIES.join(", ")}`,
        );
    }
    const server = await PolicyServer.start();
    let evaluation: StackEvaluation;
    try {
        evaluation = await evaluateResources(stack, resources, { server, packConfig: config });
    } catch (err) {
        warn(`check: ${(err as Error).message}`);
        return err instanceof PackConfigError ? 2 : 1;
    } finally {
        await server.stop();
    }
    return report(opts, [evaluation], [], projectDir, print, warn);
}

function report(
    opts: CheckOptions,
    evaluations: StackEvaluation[],
    cross: CrossStackFinding[],
    projectDir: string,
    print: (s: string) => void,
    warn: (s: string) => void,
): number {
    const version = (
        JSON.parse(fs.readFileSync(path.join(projectDir, "policies", "package.json"), "utf8")) as { version: string }
    ).version;
    const generated = new Date().toISOString();
    const written = writeReports(path.resolve(opts.out), evaluations, cross, version, generated);
    switch (opts.format) {
        case "json":
            print(
                JSON.stringify(
                    { stacks: evaluations.map((e) => JSON.parse(renderJson(e))), crossStack: cross },
                    null,
                    2,
                ),
            );
            break;
        case "sarif":
            print(renderSarif(evaluations, version, cross).trimEnd());
            break;
        case "junit":
            print(
                renderJunit(
                    evaluations,
                    policies.map((p) => p.name),
                ).trimEnd(),
            );
            break;
        case "markdown":
            print(evaluations.map((e) => renderMarkdown(e, generated)).join("\n---\n\n"));
            break;
        default:
            print(evaluations.map(renderText).join("\n\n"));
            for (const c of cross) {
                print(`cross-stack: warn ${c.risk} (${c.score}) ${c.message}`);
            }
            print(
                `\nreports: ${written.length} files under ${path.relative(process.cwd(), path.resolve(opts.out)) || "."}/`,
            );
    }
    const blocked = evaluations.filter((e) => e.blocked).map((e) => e.stack);
    if (blocked.length > 0) {
        warn(
            `check: FAILED — unwaived mandatory findings in ${blocked.join(", ")}; \`pulumi preview --policy-pack ./policies\` would block`,
        );
        return 1;
    }
    return 0;
}

/** Entry point: runs the check on the command line's arguments and sets the exit code. */
export function main(): void {
    runCheck(
        process.argv.slice(2),
        projectRoot(),
        (s) => console.log(s),
        (s) => console.error(s),
    )
        .then((code) => {
            process.exitCode = code;
        })
        .catch((err) => {
            console.error(`check: ${(err as Error).stack ?? err}`);
            process.exitCode = 1;
        });
}

if (require.main === module) {
    main();
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// `npm run -s check -- [options]` (see CHECK_COMMAND): the offline preview of every stack, with gate
// reports. Exit codes in scripts/cli.ts: 0 pass, 1 blocked, 2 usage, 3 invalid configuration or input.
import * as fs from "fs";
import * as path from "path";
import { formatIssue } from "../config/issues";
import { projectRoot, readProjectStackFiles } from "../config/load";
import { StackFile } from "../config/stackFile";
import { assertValid, configIssues, validateStackFiles } from "../config/validate";
import type { EngineName } from "../engine/evaluate";
import { GRAPH_ONLY_POLICIES, judgeManifests, judgeStacks, Judgement, withPackStarting } from "../engine/judge";
import { ManifestError, manifestFiles, ManifestPathError, readManifests } from "../engine/manifests/read";
import { PackConfigError } from "../engine/packConfig";
import { exitOnSignalWhilePacksRun } from "../engine/protocol/packProcess";
import { renderFormat, ReportRun, writeReportFiles, writeStepSummary } from "../engine/reports";
import { disabledSummary } from "../engine/reports/text";
import type { PackClient } from "../engine/protocol/client";
import { policies } from "../policies/policies";
import { PROTOTYPE_KEYS } from "../policies/lib/safePaths";
import { checkOutputDir, CommandSpec, EXIT, InputError, oneOf, parseCommandLine, runCommand, UsageError } from "./cli";

export { disabledSummary, GRAPH_ONLY_POLICIES };

const ENGINES = ["inprocess", "protocol"] as const;
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
    /** `--engine`: the pack's rules in this process (default) or the pack's own server over the Analyzer protocol. */
    engine: EngineName;
}

/** The command line of `check`. */
export const CHECK_COMMAND: CommandSpec = {
    command: "npm run -s check --",
    usage: `usage: npm run -s check -- [options]

Offline preview of every stack, judged by the policy pack; reports under --out.

options:
  --stack <name>|all              one stack or all (default: all)
  --format ${FORMATS.join("|")}
                                  what to print on stdout (default: text); every format is also written to --out
  --out <dir>                     report folder (default: reports)
  --policy-pack-config <file>     waivers and overrides, as for pulumi preview --policy-pack-config
  --manifests <file|dir> [...]    judge plain Kubernetes YAML instead of the program
  --engine inprocess|protocol     run the pack's policies in this process (default) or over the Analyzer protocol
  -h, --help                      this help

exit codes: 0 pass, 1 blocked (an unwaived mandatory finding, or an unapproved downgrade), 2 usage error, 3 invalid configuration or input, 70 internal error
Use npm run -s (silent) so stdout holds only the report, e.g. npm run -s check -- --format sarif > results.sarif`,
    options: {
        stack: { type: "string" },
        format: { type: "string" },
        out: { type: "string" },
        "policy-pack-config": { type: "string" },
        manifests: { type: "string", multiple: true },
        engine: { type: "string" },
    },
    allowPositionals: true,
};

/** Parses the command line (`--key value` or `--key=value`); undefined for `--help`; throws a {@link UsageError}. */
export function parseCheckArgs(argv: readonly string[]): CheckOptions | undefined {
    const parsed = parseCommandLine(CHECK_COMMAND, argv);
    if (parsed.help) {
        return undefined;
    }
    const v = parsed.values;
    const manifests = [...((v.manifests as string[] | undefined) ?? []), ...parsed.positionals];
    if (parsed.positionals.length > 0 && v.manifests === undefined) {
        throw new UsageError(
            `unexpected argument ${JSON.stringify(parsed.positionals[0])}; see ${CHECK_COMMAND.command} --help`,
        );
    }
    return {
        stack: (v.stack as string | undefined) ?? "all",
        format: oneOf("format", v.format, FORMATS, "text"),
        out: (v.out as string | undefined) ?? "reports",
        engine: oneOf("engine", v.engine, ENGINES, "inprocess"),
        ...(v["policy-pack-config"] !== undefined ? { packConfig: v["policy-pack-config"] as string } : {}),
        ...(manifests.length > 0 ? { manifests } : {}),
    };
}

/** The largest pack config read (a real one is a few KiB). */
const MAX_PACK_CONFIG_BYTES = 8 * 1024 * 1024;

export function readPackConfig(file: string): Record<string, unknown> {
    let text: string;
    try {
        // A FIFO or device is refused before it is opened: reading it could wait forever.
        const stat = fs.statSync(file);
        if (!stat.isFile()) {
            throw new Error("not a regular file (a directory, FIFO, device or socket); refused without reading it");
        }
        if (stat.size > MAX_PACK_CONFIG_BYTES) {
            throw new Error(`larger than the ${MAX_PACK_CONFIG_BYTES}-byte limit`);
        }
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new UsageError(`--policy-pack-config ${file}: cannot read it (${(err as Error).message})`);
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text) as unknown;
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
            throw new Error("the top level must be an object keyed by policy name");
        }
    } catch (err) {
        throw new InputError(`--policy-pack-config ${file}: not valid pack config JSON: ${(err as Error).message}`);
    }
    const refused = prototypeKeyPath(parsed);
    if (refused) {
        throw new InputError(
            `--policy-pack-config ${file}: ${refused}: a key named like an object prototype slot (__proto__, constructor, prototype) is refused; no policy, setting, waiver or approver field has that name`,
        );
    }
    return parsed as Record<string, unknown>;
}

/** The path of the first `__proto__`, `constructor` or `prototype` key in parsed JSON, if any (merges would reach a prototype through it). */
function prototypeKeyPath(value: unknown): string | undefined {
    const work: { v: unknown; at: string }[] = [{ v: value, at: "" }];
    while (work.length > 0) {
        const { v, at } = work.pop()!;
        if (Array.isArray(v)) {
            v.forEach((item, i) => work.push({ v: item, at: `${at}[${i}]` }));
        } else if (typeof v === "object" && v !== null) {
            for (const k of Object.keys(v)) {
                const here = at === "" ? k : `${at}.${k}`;
                if (PROTOTYPE_KEYS.has(k)) {
                    return here;
                }
                work.push({ v: (v as Record<string, unknown>)[k], at: here });
            }
        }
    }
    return undefined;
}

/** Writes every report of the run under `out`; returns the files written. */
export function writeReports(out: string, run: ReportRun): string[] {
    return writeReportFiles(out, run);
}

/** Runs the check; returns the exit code. `print` receives stdout text, `warn` stderr text. */
export async function runCheck(
    argv: readonly string[],
    projectDir: string,
    print: (s: string) => void,
    warn: (s: string) => void,
): Promise<number> {
    let opts: CheckOptions | undefined;
    let packConfig: Record<string, unknown> | undefined;
    try {
        opts = parseCheckArgs(argv);
        if (opts) {
            checkOutputDir("out", opts.out);
            // Every path named is checked before anything starts: a missing one is a usage error,
            // and a FIFO or device is refused before anything could open it.
            manifestFiles(opts.manifests ?? []);
        }
        packConfig = opts?.packConfig ? readPackConfig(opts.packConfig) : undefined;
    } catch (err) {
        warn(`check: ${err instanceof ManifestPathError ? "--manifests " : ""}${(err as Error).message}`);
        return err instanceof InputError || (err instanceof ManifestError && !(err instanceof ManifestPathError))
            ? EXIT.invalid
            : EXIT.usage;
    }
    if (!opts) {
        print(CHECK_COMMAND.usage);
        return EXIT.pass;
    }
    if (opts.manifests) {
        return runManifestCheck(opts, packConfig, projectDir, print, warn);
    }
    const files = readProjectStackFiles(projectDir);
    const names = files.map((f) => f.stack);
    if (opts.stack !== "all" && !names.includes(opts.stack)) {
        warn(`check: unknown stack ${JSON.stringify(opts.stack)}; this project has ${names.join(", ")} (or all)`);
        return EXIT.usage;
    }
    // The pack process starts while this one validates and records: its start-up is the largest fixed cost.
    return withPackStarting(opts.engine, (starting) =>
        checkStacks(opts, files, packConfig, starting, projectDir, print, warn),
    );
}

async function checkStacks(
    opts: CheckOptions,
    files: StackFile[],
    packConfig: Record<string, unknown> | undefined,
    starting: Promise<PackClient | undefined>,
    projectDir: string,
    print: (s: string) => void,
    warn: (s: string) => void,
): Promise<number> {
    const issues = configIssues(validateStackFiles(files));
    if (issues.length > 0) {
        issues.forEach((i) => warn(formatIssue(i)));
        warn(`check: the stack configuration is invalid (${issues.length} problem(s)); nothing was evaluated`);
        // Written before returning so CI keeps the problems as an artifact.
        fs.mkdirSync(path.join(path.resolve(opts.out), "all"), { recursive: true });
        fs.writeFileSync(
            path.join(path.resolve(opts.out), "all", "summary.json"),
            JSON.stringify(
                { generated: new Date().toISOString(), blocked: true, configIssues: issues.map(formatIssue) },
                null,
                2,
            ) + "\n",
        );
        return EXIT.invalid;
    }
    const server = await starting;
    return judged(opts, projectDir, print, warn, () =>
        judgeStacks(assertValid(files), opts.stack, files, { engine: opts.engine, server, packConfig }, projectDir),
    );
}

/** Runs a judgement and reports it; a bad pack config is exit 3 naming the file. */
async function judged(
    opts: CheckOptions,
    projectDir: string,
    print: (s: string) => void,
    warn: (s: string) => void,
    judge: () => Promise<Judgement>,
): Promise<number> {
    let j: Judgement;
    try {
        j = await judge();
    } catch (err) {
        if (err instanceof PackConfigError) {
            warn(`check: ${opts.packConfig}: ${err.message}`);
            return EXIT.invalid;
        }
        throw err;
    }
    return report(opts, j, projectDir, print, warn);
}

async function runManifestCheck(
    opts: CheckOptions,
    packConfig: Record<string, unknown> | undefined,
    projectDir: string,
    print: (s: string) => void,
    warn: (s: string) => void,
): Promise<number> {
    const stack = opts.stack === "all" ? "manifests" : opts.stack;
    // As for stacks: the pack process starts while this one parses.
    return withPackStarting(opts.engine, async (starting) => {
        let resources;
        const objects = new Map<string, { file: string; line: number }>();
        try {
            resources = readManifests(opts.manifests ?? [], stack, objects);
        } catch (err) {
            warn(`check: ${(err as Error).message}`);
            if (err instanceof ManifestError) {
                return err instanceof ManifestPathError ? EXIT.usage : EXIT.invalid;
            }
            throw err;
        }
        const server = await starting;
        return await judged(opts, projectDir, print, warn, () =>
            judgeManifests(resources, stack, objects, { engine: opts.engine, server, packConfig }, projectDir, (n) =>
                warn(`check: ${n}`),
            ),
        );
    });
}

function report(
    opts: CheckOptions,
    { evaluations, cross, disabled, downgrades, locate }: Judgement,
    projectDir: string,
    print: (s: string) => void,
    warn: (s: string) => void,
): number {
    const version = (
        JSON.parse(fs.readFileSync(path.join(projectDir, "policies", "package.json"), "utf8")) as { version: string }
    ).version;
    const run: ReportRun = {
        evaluations,
        locate,
        cross,
        version,
        generated: new Date().toISOString(),
        policyNames: policies.map((p) => p.name),
        disabled: new Set(disabled.map((d) => d.policy)),
        disabledBy: disabled,
        judgedBy: { engine: opts.engine, ...(opts.manifests ? { manifests: opts.manifests } : {}) },
        downgrades,
    };
    const offLine = disabledSummary(disabled, policies.length);
    const written = writeReports(path.resolve(opts.out), run);
    writeStepSummary(run);
    print(renderFormat(opts.format, run));
    if (opts.format === "text") {
        if (offLine) {
            print(offLine);
        }
        print(
            `\nreports: ${written.length} files under ${path.relative(process.cwd(), path.resolve(opts.out)) || "."}/`,
        );
    }
    if (offLine && opts.format !== "text") {
        warn(`check: ${offLine}`);
    }
    const unapproved = downgrades.filter((d) => d.problem);
    for (const d of unapproved) {
        warn(`check: BLOCKED — ${d.policy} is set ${d.to} (register level ${d.from}) by ${d.by}: ${d.problem}`);
    }
    const blocked = evaluations.filter((e) => e.blocked).map((e) => e.stack);
    if (blocked.length > 0) {
        warn(
            `check: FAILED — unwaived mandatory findings in ${blocked.join(", ")}; \`pulumi preview --policy-pack ./policies\` would block`,
        );
    }
    if (unapproved.length > 0) {
        warn(
            `check: FAILED — the pack config lowers ${unapproved.length} polic${unapproved.length === 1 ? "y" : "ies"} below the register level without an approved downgrade (a downgrade is a waiver of every risk the policy reports)`,
        );
    }
    return blocked.length > 0 || unapproved.length > 0 ? EXIT.blocked : EXIT.pass;
}

/** Entry point: runs the check on the command line's arguments and sets the exit code. */
export function main(): void {
    // A signal must not leave the pack running: while one runs, a signal stops it, then exits as the signal would have.
    exitOnSignalWhilePacksRun();
    runCommand("check", () =>
        runCheck(
            process.argv.slice(2),
            projectRoot(),
            (s) => console.log(s),
            (s) => console.error(s),
        ),
    );
}

if (require.main === module) {
    main();
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// `npm run -s audit -- --context <kube-context> [options]` (see AUDIT_COMMAND): reads what a live
// cluster runs from its API server (read-only) and judges it with the policy pack, as `check`
// judges the program; reports drift against the stack. Exit codes in scripts/cli.ts.
import * as path from "path";
import { formatIssue } from "../config/issues";
import { projectRoot, readProjectStackFiles } from "../config/load";
import { configIssues, validateStackFiles, assertValid } from "../config/validate";
import type { EngineName } from "../engine/evaluate";
import { withPackStarting } from "../engine/judge";
import { PackConfigError } from "../engine/packConfig";
import { exitOnSignalWhilePacksRun } from "../engine/protocol/packProcess";
import { writeStepSummary } from "../engine/reports";
import { auditCluster, releaseNamespacesOf, declaredResources } from "../engine/audit/audit";
import { ApiError, ReadOnlyClient } from "../engine/audit/client";
import { KubeconfigError, kubeconfigFiles, loadConnection } from "../engine/audit/kubeconfig";
import { LiveObjectError } from "../engine/audit/live";
import { clusterRbacYaml, releaseRbacYaml } from "../engine/audit/rbac";
import { AuditPermissionError } from "../engine/audit/read";
import { HelmRecordError } from "../engine/audit/helmRecords";
import { auditLocator, auditRun, writeAuditReports } from "../engine/audit/report";
import { readPackConfig } from "./check";
import { CommandSpec, EXIT, InputError, oneOf, parseCommandLine, runCommand, UsageError } from "./cli";
import * as fs from "fs";

const FORMATS = ["text", "json", "sarif", "junit", "markdown"] as const;
const ENGINES = ["inprocess", "protocol"] as const;

/** Parsed command-line options of the audit. */
export interface AuditOptions {
    context?: string;
    kubeconfig?: string;
    stack?: string;
    format: (typeof FORMATS)[number];
    out: string;
    packConfig?: string;
    engine: EngineName;
    printRbac: boolean;
}

/** The command line of `audit`. */
export const AUDIT_COMMAND: CommandSpec = {
    command: "npm run -s audit --",
    usage: `usage: npm run -s audit -- --context <kube-context> [options]

Reads what a live cluster runs (read-only, paginated) and judges it with the policy pack: every
object kind the rules judge, Flux HelmReleases, and each Helm release's chart, version and values
from Helm's release record; reports drift against the stack that declares the cluster.

options:
  --context <name>                kubeconfig context of the cluster (default: the stack's kubernetes.context)
  --kubeconfig <file>             kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)
  --stack <name>                  the stack that declares the cluster (default: the stack whose kubernetes.context is --context)
  --format ${FORMATS.join("|")}
                                  what to print on stdout (default: text); every format is also written to --out
  --out <dir>                     report folder (default: reports/audit)
  --policy-pack-config <file>     waivers and overrides, as for pulumi preview --policy-pack-config
  --engine inprocess|protocol     run the pack's policies in this process (default) or over the Analyzer protocol
  --print-rbac                    print the ClusterRole the audit needs (with --stack: the stack's Helm release Roles) and exit
  -h, --help                      this help

exit codes: 0 pass, 1 blocked (an unwaived mandatory finding, or an unapproved downgrade), 2 usage error, 3 invalid configuration or input,
missing permission (names the kind, namespace and verb) or unreachable API server, 70 internal error`,
    options: {
        context: { type: "string" },
        kubeconfig: { type: "string" },
        stack: { type: "string" },
        format: { type: "string" },
        out: { type: "string" },
        "policy-pack-config": { type: "string" },
        engine: { type: "string" },
        "print-rbac": { type: "boolean" },
    },
};

/** Parses the command line; undefined for `--help`; throws a {@link UsageError}. */
export function parseAuditArgs(argv: readonly string[]): AuditOptions | undefined {
    const parsed = parseCommandLine(AUDIT_COMMAND, argv);
    if (parsed.help) {
        return undefined;
    }
    const v = parsed.values;
    const opts: AuditOptions = {
        format: oneOf("format", v.format, FORMATS, "text"),
        out: (v.out as string | undefined) ?? path.join("reports", "audit"),
        engine: oneOf("engine", v.engine, ENGINES, "inprocess"),
        printRbac: v["print-rbac"] === true,
        ...(v.context !== undefined ? { context: v.context as string } : {}),
        ...(v.kubeconfig !== undefined ? { kubeconfig: v.kubeconfig as string } : {}),
        ...(v.stack !== undefined ? { stack: v.stack as string } : {}),
        ...(v["policy-pack-config"] !== undefined ? { packConfig: v["policy-pack-config"] as string } : {}),
    };
    for (const key of ["context", "stack"] as const) {
        if (opts[key] === "") {
            throw new UsageError(`--${key} must not be empty`);
        }
    }
    if (!opts.printRbac && opts.context === undefined && opts.stack === undefined) {
        throw new UsageError(
            `name the cluster: --context <kube-context> (or --stack <name>); see ${AUDIT_COMMAND.command} --help`,
        );
    }
    return opts;
}

/** Runs the audit; returns the exit code. `print` receives stdout text, `warn` stderr text. */
export async function runAudit(
    argv: readonly string[],
    projectDir: string,
    print: (s: string) => void,
    warn: (s: string) => void,
): Promise<number> {
    let opts: AuditOptions | undefined;
    let packConfig: Record<string, unknown> | undefined;
    try {
        opts = parseAuditArgs(argv);
        packConfig = opts?.packConfig ? readPackConfig(opts.packConfig) : undefined;
    } catch (err) {
        warn(`audit: ${(err as Error).message}`);
        return err instanceof InputError ? EXIT.invalid : EXIT.usage;
    }
    if (!opts) {
        print(AUDIT_COMMAND.usage);
        return EXIT.pass;
    }
    const files = readProjectStackFiles(projectDir);
    if (opts.printRbac && opts.stack === undefined) {
        print(clusterRbacYaml().trimEnd());
        return EXIT.pass;
    }
    const issues = configIssues(validateStackFiles(files));
    if (issues.length > 0) {
        issues.forEach((i) => warn(formatIssue(i)));
        warn(`audit: the stack configuration is invalid (${issues.length} problem(s)); nothing was read`);
        return EXIT.invalid;
    }
    const stacks = assertValid(files);
    const stack = opts.stack
        ? stacks.find((s) => s.stack === opts.stack)
        : stacks.find((s) => s.config.kubernetes.context === opts.context);
    if (!stack) {
        warn(
            opts.stack
                ? `audit: unknown stack ${JSON.stringify(opts.stack)}; this project has ${stacks.map((s) => s.stack).join(", ")}`
                : `audit: no stack has kubernetes.context ${JSON.stringify(opts.context)} (${stacks.map((s) => `${s.stack}: ${s.config.kubernetes.context}`).join(", ")}); name it with --stack`,
        );
        return EXIT.usage;
    }
    if (opts.printRbac) {
        print(releaseRbacYaml(stack.stack, releaseNamespacesOf(await declaredResources(stack.config))).trimEnd());
        return EXIT.pass;
    }
    const context = opts.context ?? stack.config.kubernetes.context;
    let client: ReadOnlyClient;
    try {
        client = new ReadOnlyClient(loadConnection(kubeconfigFiles(opts.kubeconfig), context));
    } catch (err) {
        if (err instanceof KubeconfigError) {
            warn(`audit: ${err.message}`);
            return EXIT.invalid;
        }
        throw err;
    }
    const target = { context, server: client.conn.server };
    const chosen = opts;
    try {
        return await withPackStarting(opts.engine, async (starting) => {
            const started = Date.now();
            const result = await auditCluster(stack.config, client, {
                engine: chosen.engine,
                server: await starting,
                packConfig,
            });
            const elapsed = Date.now() - started;
            const version = (
                JSON.parse(fs.readFileSync(path.join(projectDir, "policies", "package.json"), "utf8")) as {
                    version: string;
                }
            ).version;
            const locate = auditLocator(
                projectDir,
                result,
                files.find((f) => f.stack === stack.stack)?.lineOf([]) ?? 1,
            );
            const run = auditRun(result, version, locate);
            const { written, stdout } = writeAuditReports(
                path.resolve(chosen.out),
                result,
                run,
                locate,
                target,
                chosen.format,
            );
            writeStepSummary(run);
            print(stdout);
            if (chosen.format === "text") {
                print(
                    `\naudit took ${(elapsed / 1000).toFixed(1)} s; reports: ${written.length} files under ${path.relative(process.cwd(), path.resolve(chosen.out)) || "."}/`,
                );
            }
            if (result.evaluation.blocked) {
                warn(`audit: FAILED — unwaived mandatory findings on context ${context} (stack ${stack.stack})`);
                return EXIT.blocked;
            }
            return EXIT.pass;
        });
    } catch (err) {
        if (
            err instanceof AuditPermissionError ||
            err instanceof ApiError ||
            err instanceof HelmRecordError ||
            err instanceof LiveObjectError
        ) {
            warn(`audit: ${err.message}`);
            return EXIT.invalid;
        }
        if (err instanceof PackConfigError) {
            warn(`audit: ${chosen.packConfig}: ${err.message}`);
            return EXIT.invalid;
        }
        throw err;
    } finally {
        client.close();
    }
}

/** Entry point: runs the audit on the command line's arguments and sets the exit code. */
export function main(): void {
    // A signal must not leave the pack running: the same handling as check.
    exitOnSignalWhilePacksRun();
    runCommand("audit", () =>
        runAudit(
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

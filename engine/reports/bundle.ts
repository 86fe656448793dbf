// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Everything one `npm run check` writes: the report files per stack and for all stacks, the format
// asked for on stdout, and the GitHub step summary.
import * as fs from "fs";
import * as path from "path";
import { DriftFinding } from "../../components/cilium/drift";
import { StackFile } from "../../config/stackFile";
import { StackEvaluation } from "../evaluate";
import { renderJunit } from "./junit";
import { CrossStackFinding } from "./common";
import { indexSources, Locator, programLocator, projectRelative, SourceLocation } from "./locations";
import { JudgedBy, renderMarkdown } from "./markdown";
import { renderSarif } from "./sarif";
import { renderStepSummary } from "./summary";
import type { PolicyDowngrade } from "../packConfig";
import { renderJson, renderText } from "./text";

/** One run's evaluations and what the reports need beyond them. */
export interface ReportRun {
    evaluations: readonly StackEvaluation[];
    /** Locates the findings of each evaluated stack (SARIF regions). */
    locate: (e: StackEvaluation) => Locator;
    cross: readonly CrossStackFinding[];
    /** The pack's version (policies/package.json). */
    version: string;
    generated: string;
    /** Every policy name of the pack, in pack order (JUnit testcases). */
    policyNames: readonly string[];
    /** Policies the run's pack config disabled (JUnit skipped, risk status manual). */
    disabled: ReadonlySet<string>;
    /** Each disabled policy with what disabled it (summary.json), when the caller knows. */
    disabledBy?: readonly { policy: string; by: string }[];
    /** The engine and, for `--manifests` runs, the files judged (the risk profile's Reviewer and Related lines). */
    judgedBy?: JudgedBy;
    /** Every policy the user's pack config lowers below its register level, with its approval or problem. */
    downgrades?: readonly PolicyDowngrade[];
    /** The SARIF category of a stack's run (default: the stack name); the audit's runs are `audit/<stack>`. */
    sarifCategory?: (stack: string) => string;
}

/** Each disabled policy with what disabled it and its approval (JUnit skipped messages). */
function offReasons(run: ReportRun): Map<string, string> {
    const out = new Map<string, string>();
    for (const d of run.disabledBy ?? []) {
        out.set(d.policy, d.by);
    }
    for (const d of run.downgrades ?? []) {
        const approval = d.approval
            ? d.approval.approvedBy.length > 0
                ? `approved by ${d.approval.approvedBy.join(" + ")} until ${d.approval.expires}`
                : "no approval needed"
            : "unapproved";
        out.set(d.policy, `${d.by}, ${approval}`);
    }
    return out;
}

const junitOf = (run: ReportRun, evaluations: readonly StackEvaluation[]): string =>
    renderJunit(evaluations, run.policyNames, run.disabled, offReasons(run));

const sarifOf = (run: ReportRun, evaluations: readonly StackEvaluation[], withCross: boolean): string =>
    renderSarif(
        evaluations.map((e) => ({ evaluation: e, locate: run.locate(e) })),
        run.version,
        withCross ? run.cross : [],
        run.sarifCategory,
    );

/** Writes every report of the run under `out`; returns the files written. */
export function writeReportFiles(out: string, run: ReportRun): string[] {
    const written: string[] = [];
    const write = (rel: string, text: string): void => {
        const file = path.join(out, rel);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
        written.push(file);
    };
    for (const e of run.evaluations) {
        write(
            `${e.stack}/risk-profile.md`,
            renderMarkdown(e, run.generated, run.disabled, run.judgedBy, run.downgrades),
        );
        write(`${e.stack}/findings.json`, renderJson(e));
        write(`${e.stack}/results.sarif`, sarifOf(run, [e], false));
        write(`${e.stack}/junit.xml`, junitOf(run, [e]));
    }
    write("all/results.sarif", sarifOf(run, run.evaluations, true));
    write("all/junit.xml", junitOf(run, run.evaluations));
    write(
        "all/summary.json",
        JSON.stringify(
            {
                generated: run.generated,
                blocked:
                    run.evaluations.some((e) => e.blocked) ||
                    (run.downgrades ?? []).some((d) => d.problem !== undefined),
                stacks: run.evaluations.map((e) => ({
                    stack: e.stack,
                    resources: e.resources.length,
                    findings: e.findings.length,
                    blocked: e.blocked,
                    gate: e.gate.suggested_gate,
                })),
                crossStack: run.cross,
                disabledPolicies:
                    run.disabledBy ?? [...run.disabled].map((policy) => ({ policy, by: "the pack config" })),
                downgradedPolicies: run.downgrades ?? [],
            },
            null,
            2,
        ) + "\n",
    );
    return written;
}

/** The report in one stdout format; text for anything else. */
export function renderFormat(format: string, run: ReportRun): string {
    switch (format) {
        case "json":
            return JSON.stringify(
                { stacks: run.evaluations.map((e) => JSON.parse(renderJson(e))), crossStack: run.cross },
                null,
                2,
            );
        case "sarif":
            return sarifOf(run, run.evaluations, true).trimEnd();
        case "junit":
            return junitOf(run, run.evaluations).trimEnd();
        case "markdown":
            return run.evaluations
                .map((e) => renderMarkdown(e, run.generated, run.disabled, run.judgedBy, run.downgrades))
                .join("\n---\n\n");
        default:
            return [
                run.evaluations.map(renderText).join("\n\n"),
                ...run.cross.map((c) => `cross-stack: warn ${c.risk} (${c.score}) ${c.message}`),
            ].join("\n");
    }
}

/**
 * Appends the run's one-screen summary (gates, folded findings, downgrades) to `$GITHUB_STEP_SUMMARY`
 * when that is set; returns the file or undefined.
 */
export function writeStepSummary(run: ReportRun, env: NodeJS.ProcessEnv = process.env): string | undefined {
    const file = env.GITHUB_STEP_SUMMARY;
    if (!file) {
        return undefined;
    }
    fs.appendFileSync(file, renderStepSummary(run.evaluations, run.downgrades) + "\n");
    return file;
}

/** The locator of program runs: declaration lines from the component sources, stack files for stack-wide findings. */
export function programLocatorFor(projectDir: string, files: readonly StackFile[]): (e: StackEvaluation) => Locator {
    const index = indexSources(projectDir);
    return (e) => {
        const own = files.find((f) => f.stack === e.stack);
        const stackFile: SourceLocation = {
            file: projectRelative(projectDir, path.join(projectDir, `Pulumi.${e.stack}.yaml`)),
            line: own?.lineOf([]) ?? 1,
        };
        return programLocator(e.resources, index, stackFile);
    };
}

function leaves(value: unknown, at: string[], out: [string[], unknown][]): [string[], unknown][] {
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
        for (const [k, v] of Object.entries(value)) {
            leaves(v, [...at, k], out);
        }
    } else {
        out.push([at, value]);
    }
    return out;
}

/**
 * The stack-file line of the setting behind a drifting value in one stack: the config key whose
 * value equals it (the setting that produced it), else the `cluster-platform:cilium` group, else
 * the `config:` line.
 */
export function settingLine(file: StackFile, value: unknown): number {
    const wanted = JSON.stringify(value);
    const hit =
        value === undefined
            ? undefined
            : leaves(file.config, [], []).find(([, v]) => JSON.stringify(v) === wanted && wanted.length > 2);
    const line = hit ? file.lineOf([`cluster-platform:${hit[0][0]}`, ...hit[0].slice(1)]) : undefined;
    return line ?? file.lineOf(["cluster-platform:cilium"]) ?? file.lineOf([]) ?? 1;
}

/** The cross-stack drift findings, each located at the setting behind it in every stack file. */
export function driftFindings(
    findings: readonly DriftFinding[],
    files: readonly StackFile[],
    projectDir: string,
): CrossStackFinding[] {
    return findings.map(({ risk, score, message, drift: d }) => ({
        risk,
        score,
        message,
        locations: [
            ...files
                .filter((f) => f.stack in d.values)
                .map((f) => ({
                    file: projectRelative(projectDir, path.join(projectDir, `Pulumi.${f.stack}.yaml`)),
                    line: settingLine(f, d.values[f.stack]),
                })),
            { file: "Pulumi.yaml", line: 1 },
        ].slice(0, Math.max(1, Object.keys(d.values).filter((s) => files.some((f) => f.stack === s)).length)),
    }));
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The audit's reports: the same per-stack files as `check` (risk profile, findings, SARIF, JUnit)
// with the SARIF run under its own category (`audit/<stack>`), plus the drift as SARIF results of
// rule CLUSTER-DRIFT and as `audit.json`. Messages hold no Helm value and no secret.
import * as fs from "fs";
import * as path from "path";
import { policies } from "../../policies/policies";
import { StackEvaluation } from "../evaluate";
import { disabledSummary, renderText } from "../reports/text";
import { FINGERPRINT_KEY, sarifUri } from "../reports/sarif";
import { indexSources, Locator, programLocator, projectRelative, SourceLocation } from "../reports/locations";
import { renderFormat, ReportRun, writeReportFiles } from "../reports/bundle";
import { createHash } from "crypto";
import { AuditResult } from "./audit";
import { DriftItem } from "./drift";

/** The SARIF category of a stack's audit run. */
export const auditCategory = (stack: string): string => `audit/${stack}`;

/** The rule id of drift results. */
export const DRIFT_RULE = "CLUSTER-DRIFT";

/** Where a stack's findings and drift point: the component line that declared the object, else the stack file. */
export function auditLocator(projectDir: string, result: AuditResult, stackFileLine: number): Locator {
    const stackFile: SourceLocation = {
        file: projectRelative(projectDir, path.join(projectDir, `Pulumi.${result.evaluation.stack}.yaml`)),
        line: stackFileLine,
    };
    return programLocator(result.declared, indexSources(projectDir), stackFile);
}

/** The run the shared report writers take. */
export function auditRun(result: AuditResult, version: string, locate: Locator): ReportRun {
    return {
        evaluations: [result.evaluation],
        locate: () => locate,
        cross: [],
        version,
        generated: new Date().toISOString(),
        policyNames: policies.map((p) => p.name),
        disabled: new Set(result.disabled.map((d) => d.policy)),
        disabledBy: result.disabled,
        sarifCategory: auditCategory,
    };
}

function driftLine(d: DriftItem): string {
    return `${d.change} ${d.object}: ${d.details.join("; ")}`;
}

/** Adds the drift to a SARIF document's audit run as results of {@link DRIFT_RULE} (level warning). */
export function withDrift(sarif: string, stack: string, drift: readonly DriftItem[], locate: Locator): string {
    const doc = JSON.parse(sarif) as {
        runs: { automationDetails: { id: string }; tool: { driver: { rules: unknown[] } }; results: unknown[] }[];
    };
    const run = doc.runs.find((r) => r.automationDetails.id.endsWith(`/${auditCategory(stack)}/`));
    if (!run || drift.length === 0) {
        return sarif;
    }
    const ruleIndex = run.tool.driver.rules.length;
    run.tool.driver.rules.push({
        id: DRIFT_RULE,
        name: "ClusterDrift",
        shortDescription: { text: "The cluster differs from what the stack declares." },
        fullDescription: {
            text: "An object the stack declares was changed or deleted out of band, an object was added out of band in a namespace the stack owns, or a Helm release runs another chart, version or values than declared.",
        },
        help: {
            text: "Bring the cluster back with `pulumi up` (after `pulumi refresh` shows the change), or declare the change in the stack.",
            markdown:
                "Bring the cluster back with `pulumi up` (after `pulumi refresh` shows the change), or declare the change in the stack.",
        },
        defaultConfiguration: { level: "warning" },
        properties: { tags: ["drift"] },
    });
    for (const d of drift) {
        const at = locate({
            risk: DRIFT_RULE,
            score: 0,
            policy: "audit-drift",
            enforcement: "advisory",
            resource: d.urn,
            message: "",
        }).primary;
        run.results.push({
            ruleId: DRIFT_RULE,
            ruleIndex,
            level: "warning",
            message: { text: driftLine(d) },
            locations: [
                {
                    physicalLocation: {
                        artifactLocation: { uri: sarifUri(at.file) },
                        region: { startLine: Math.max(1, at.line) },
                    },
                    logicalLocations: [{ name: d.object, fullyQualifiedName: d.urn || d.object, kind: "resource" }],
                },
            ],
            partialFingerprints: {
                [FINGERPRINT_KEY]: `${createHash("sha256").update([DRIFT_RULE, stack, d.change, d.object].join("\u0000")).digest("hex").slice(0, 32)}:1`,
            },
            properties: { stack, change: d.change },
        });
    }
    return JSON.stringify(doc, null, 2) + "\n";
}

/** The text report: what was read, the pack's verdict, the drift, and what was not covered. */
export function renderAuditText(result: AuditResult, target: { context: string; server: string }): string {
    const s = result.stats;
    const lines = [
        `audit of context ${target.context} (${target.server}) against stack ${result.evaluation.stack}: ${s.objects} objects and ${result.releases.length} Helm release(s) read (${s.requests} GET requests, ${s.pages} pages), ${s.judged} judged`,
        renderText(result.evaluation),
    ];
    lines.push(
        result.drift.length === 0 ? "drift: none" : `drift: ${result.drift.length} difference(s) from the stack`,
    );
    lines.push(...result.drift.map((d) => `  ${driftLine(d)}`));
    if (result.notServed.length > 0) {
        lines.push(`not served by this API server (no such objects): ${result.notServed.join(", ")}`);
    }
    if (result.notCompared.length > 0) {
        lines.push(`declared kinds the audit does not read (drift not compared): ${result.notCompared.join(", ")}`);
    }
    if (result.unresolved.length > 0) {
        lines.push(`Flux sources not found on the cluster: ${result.unresolved.join("; ")}`);
    }
    const off = disabledSummary(result.disabled, policies.length);
    if (off) {
        lines.push(off);
    }
    return lines.join("\n");
}

/** The machine-readable audit summary (no Helm value, no secret). */
export function renderAuditJson(result: AuditResult, target: { context: string; server: string }): string {
    return (
        JSON.stringify(
            {
                stack: result.evaluation.stack,
                context: target.context,
                server: target.server,
                blocked: result.evaluation.blocked,
                gate: result.evaluation.gate.suggested_gate,
                findings: result.evaluation.findings,
                drift: result.drift,
                releases: result.releases,
                notServed: result.notServed,
                notCompared: result.notCompared,
                unresolved: result.unresolved,
                disabledPolicies: result.disabled,
                stats: result.stats,
            },
            null,
            2,
        ) + "\n"
    );
}

/** Writes every report under `out` (as check does, SARIF with the drift) and returns the files and stdout text. */
export function writeAuditReports(
    out: string,
    result: AuditResult,
    run: ReportRun,
    locate: Locator,
    target: { context: string; server: string },
    format: string,
): { written: string[]; stdout: string } {
    const stack = result.evaluation.stack;
    const written = writeReportFiles(out, run);
    for (const rel of [`${stack}/results.sarif`, "all/results.sarif"]) {
        const file = path.join(out, rel);
        fs.writeFileSync(file, withDrift(fs.readFileSync(file, "utf8"), stack, result.drift, locate));
    }
    const json = path.join(out, stack, "audit.json");
    fs.writeFileSync(json, renderAuditJson(result, target));
    written.push(json);
    const stdout =
        format === "text"
            ? renderAuditText(result, target)
            : format === "sarif"
              ? withDrift(renderFormat("sarif", run) + "\n", stack, result.drift, locate).trimEnd()
              : format === "json"
                ? renderAuditJson(result, target).trimEnd()
                : renderFormat(format, run);
    return { written, stdout };
}

export type { StackEvaluation };

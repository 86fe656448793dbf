// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// SARIF 2.1.0 for GitHub code scanning: one run per stack (its own category), every result located
// at a repo-relative file and line, stable partial fingerprints, rule help from the register.
import { createHash } from "crypto";
import * as path from "path";
import { pathToFileURL } from "url";
import { Finding, waivedBy } from "../../policies/lib/findings";
import { bandOf, enforcementForRisk, isMandatoryRisk, sarifLevelFor } from "../../policies/lib/scoring";
import { REGISTER, RiskEntry, SOURCES } from "../../policies/register";
import { StackEvaluation } from "../evaluate";
import { CrossStackFinding, short } from "./common";
import { Locator, SourceLocation } from "./locations";

/** The tool name in every run (the pack's name). */
export const SARIF_TOOL = "cluster-platform-risk-rules";

/** The partialFingerprints key of our results: rule, stack, resource and policy, never the message or line. */
export const FINGERPRINT_KEY = "clusterPlatformFinding/v1";

/** One stack's evaluation and how to locate its findings. */
export interface SarifStackRun {
    evaluation: StackEvaluation;
    locate: Locator;
}

/** The SARIF level of a finding (scoring.ts: mandatory = error, advisory = warning or note). */
export const sarifLevel = sarifLevelFor;

/** GitHub's security-severity per band (critical > 9.0, high 7.0–8.9, medium 4.0–6.9, low < 4.0). */
const SECURITY_SEVERITY = { critical: "9.5", high: "8.0", medium: "5.5", low: "2.0" } as const;

/** A SARIF `uri`: a relative POSIX path percent-encoded per segment, or a file URI for a path outside the project. */
export function sarifUri(file: string): string {
    return path.isAbsolute(file) ? pathToFileURL(file).href : file.split("/").map(encodeURIComponent).join("/");
}

function physical(at: SourceLocation): Record<string, unknown> {
    return { artifactLocation: { uri: sarifUri(at.file) }, region: { startLine: Math.max(1, at.line) } };
}

function helpOf(r: RiskEntry): { text: string; markdown: string } {
    const score = r.score ?? 0;
    const rating = r.probability !== null ? ` = probability ${r.probability} × impact ${r.impact}` : "";
    const enforcement = isMandatoryRisk(r)
        ? "mandatory: blocks `pulumi preview` and `pulumi up`"
        : "advisory: reported, never blocks";
    const how =
        "policies" in r.check
            ? `Checked by ${r.check.policies.join(", ")}.`
            : "config" in r.check
              ? `Enforced by the stack configuration validation: ${r.check.config}`
              : "manual" in r.check
                ? `Not machine-checked: ${r.check.manual}`
                : `Not checked yet: ${r.check.pending}`;
    const tests = r.tests.length > 0 ? `Tests in the source document: ${r.tests.join(", ")}.` : "";
    const source = `Source: ${SOURCES[r.source]} (${r.documentId}).`;
    const text = [
        `${r.id} — ${r.title} (${r.category}, score ${score}${rating}; ${enforcement.replace(/`/g, "")})`,
        `Mitigation: ${r.mitigation}`,
        how.replace(/`/g, ""),
        tests,
        source,
        "Waive with an owner, reason, expiry and the approval its risk needs in the pack config (README: Waiving a risk).",
    ]
        .filter(Boolean)
        .join("\n");
    const markdown = [
        `**${r.id} — ${r.title}**`,
        "",
        `| category | probability | impact | score | enforcement |`,
        `| --- | --- | --- | --- | --- |`,
        `| ${r.category} | ${r.probability ?? "—"} | ${r.impact ?? "—"} | ${score} (${bandOf(score)}) | ${enforcement} |`,
        "",
        `**Mitigation:** ${r.mitigation}`,
        "",
        how,
        ...(tests ? ["", tests] : []),
        "",
        source,
        "",
        "To accept the risk, add a waiver with `owner`, `reason`, `expires` and the `approvedBy` its risk needs under the reporting policy in the pack config (`--policy-pack-config`); a waived finding is left out of code scanning and listed in the run's notifications.",
    ].join("\n");
    return { text, markdown };
}

function ruleOf(r: RiskEntry): Record<string, unknown> {
    const score = r.score ?? 0;
    const security = r.category.toLowerCase() === "security";
    return {
        id: r.id,
        name: r.title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase()),
        shortDescription: { text: r.title },
        fullDescription: { text: r.mitigation },
        help: helpOf(r),
        defaultConfiguration: { level: sarifLevel(enforcementForRisk(r), score) },
        properties: {
            tags: [...new Set([...(security ? ["security"] : []), "risk-register", r.category.toLowerCase()])],
            precision: "very-high",
            ...(security ? { "security-severity": SECURITY_SEVERITY[bandOf(score)] } : {}),
            score,
            probability: r.probability,
            impact: r.impact,
            category: r.category,
            enforcement: enforcementForRisk(r),
        },
    };
}

/** The fingerprint of a finding: what it is about, not where the line is or how the message reads. */
export function fingerprintOf(stack: string, f: Pick<Finding, "risk" | "resource" | "policy">): string {
    return createHash("sha256")
        .update([f.risk, stack, f.resource || "(stack)", f.policy].join("\u0000"))
        .digest("hex")
        .slice(0, 32);
}

/** Adds `:<n>` so findings with the same identity stay distinct alerts, numbered in message order. */
function withOccurrences<T extends { key: string; message: string }>(items: T[]): (T & { fingerprint: string })[] {
    const byKey = new Map<string, T[]>();
    for (const i of items) {
        byKey.set(i.key, [...(byKey.get(i.key) ?? []), i]);
    }
    const out = new Map<T, string>();
    for (const [key, group] of byKey) {
        [...group].sort((a, b) => a.message.localeCompare(b.message)).forEach((i, n) => out.set(i, `${key}:${n + 1}`));
    }
    return items.map((i) => ({ ...i, fingerprint: out.get(i)! }));
}

function runOf(
    category: string,
    version: string,
    results: { risk: string; result: Record<string, unknown> }[],
    waived: readonly Finding[] = [],
): Record<string, unknown> {
    const used = new Set(results.map((r) => r.risk));
    const entries = REGISTER.filter((r) => used.has(r.id));
    const index = new Map(entries.map((r, i) => [r.id, i]));
    return {
        tool: { driver: { name: SARIF_TOOL, version, semanticVersion: version, rules: entries.map(ruleOf) } },
        automationDetails: { id: `${SARIF_TOOL}/${category}/` },
        ...(waived.length > 0
            ? {
                  // GitHub code scanning opens an alert for every result, suppressions or not (dismissing
                  // needs the API, as advanced-security/dismiss-alerts does): waived findings are not
                  // results, they are listed here with their reason, approver and expiry.
                  invocations: [
                      {
                          executionSuccessful: true,
                          toolExecutionNotifications: waived.map((f) => ({
                              level: "note",
                              descriptor: { id: f.risk },
                              message: {
                                  text: `${f.risk} on ${short(f.resource) || "the stack"} ${waivedBy(f.waiver!)}: ${f.waiver!.reason}. ${f.message}`,
                              },
                              properties: {
                                  risk: f.risk,
                                  resource: f.resource,
                                  policy: f.policy,
                                  waiver: f.waiver,
                              },
                          })),
                      },
                  ],
              }
            : {}),
        results: results.map(({ risk, result }) => ({
            ruleId: risk,
            ...(index.has(risk) ? { ruleIndex: index.get(risk) } : {}),
            ...result,
        })),
    };
}

/**
 * SARIF 2.1.0: one run per stack (category `cluster-platform-risk-rules/<stack>`, or what
 * `categoryOf` makes of the stack name: the audit's `audit/<stack>`), plus a `cross-stack` run when
 * cross-stack findings exist. Rule ids are risk IDs.
 */
export function renderSarif(
    runs: readonly SarifStackRun[],
    version: string,
    cross: readonly CrossStackFinding[] = [],
    categoryOf: (stack: string) => string = (stack) => stack,
): string {
    const stackRuns = runs.map(({ evaluation: e, locate }) => {
        const items = withOccurrences(
            e.findings.filter((f) => !f.waiver).map((f) => ({ f, key: fingerprintOf(e.stack, f), message: f.message })),
        );
        return runOf(
            categoryOf(e.stack),
            version,
            items.map(({ f, fingerprint }) => {
                const at = locate(f);
                return {
                    risk: f.risk,
                    result: {
                        level: sarifLevel(f.enforcement, f.score),
                        message: { text: f.message },
                        locations: [
                            {
                                physicalLocation: physical(at.primary),
                                logicalLocations: [
                                    {
                                        name: short(f.resource) || `stack ${e.stack}`,
                                        fullyQualifiedName: f.resource || `stack:${e.stack}`,
                                        kind: "resource",
                                    },
                                ],
                            },
                        ],
                        ...(at.related.length > 0
                            ? { relatedLocations: at.related.map((r, id) => ({ id, physicalLocation: physical(r) })) }
                            : {}),
                        partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
                        properties: {
                            stack: e.stack,
                            score: f.score,
                            enforcement: f.enforcement,
                            policy: f.policy,
                            unprovable: f.unprovable ?? false,
                        },
                    },
                };
            }),
            e.findings.filter((f) => f.waiver),
        );
    });
    const crossItems = withOccurrences(
        cross.map((c) => ({
            c,
            key: fingerprintOf("cross-stack", { risk: c.risk, resource: "", policy: "cross-stack" }),
            message: c.message,
        })),
    );
    const crossRun =
        cross.length > 0
            ? [
                  runOf(
                      "cross-stack",
                      version,
                      crossItems.map(({ c, fingerprint }) => ({
                          risk: c.risk,
                          result: {
                              // Cilium value drift is advisory in every command (README).
                              level: sarifLevel("advisory", c.score),
                              message: { text: c.message },
                              locations: [{ physicalLocation: physical(c.locations[0]) }],
                              ...(c.locations.length > 1
                                  ? {
                                        relatedLocations: c.locations
                                            .slice(1)
                                            .map((r, id) => ({ id, physicalLocation: physical(r) })),
                                    }
                                  : {}),
                              partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
                              properties: { stack: "all", score: c.score },
                          },
                      })),
                  ),
              ]
            : [];
    return (
        JSON.stringify(
            {
                $schema: "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
                version: "2.1.0",
                runs: [...stackRuns, ...crossRun],
            },
            null,
            2,
        ) + "\n"
    );
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Report renderers for the gate of each stack: text, Markdown (the source documents' risk-profile
// shape), JSON, SARIF 2.1.0 and JUnit XML. Pure functions over evaluations.
import { stringify } from "yaml";
import { Finding } from "../policies/lib/findings";
import { bandOf, enforcementForScore, sarifLevelForScore } from "../policies/lib/scoring";
import { REGISTER, riskById } from "../policies/register";
import { StackEvaluation } from "./evaluate";

/** Where each component's code lives, for SARIF locations. */
export const COMPONENT_SOURCES: Record<string, string> = {
    "cluster-platform:cilium:Core": "components/cilium/core.ts",
    "cluster-platform:dragonfly:Operator": "components/dragonfly/operator.ts",
    "cluster-platform:dragonfly:Cluster": "components/dragonfly/cluster.ts",
};

/** A cross-stack finding (config validation, drift) reported in the `all` report. */
export interface CrossStackFinding {
    risk: string;
    score: number;
    file: string;
    message: string;
}

const short = (urn: string): string => urn.split("::").pop() ?? urn;

function label(f: Finding): string {
    if (f.waiver) {
        return "WAIVED";
    }
    return f.enforcement === "mandatory" ? "BLOCK" : "warn";
}

function sorted(findings: readonly Finding[]): Finding[] {
    return [...findings].sort(
        (a, b) => b.score - a.score || a.risk.localeCompare(b.risk) || a.resource.localeCompare(b.resource),
    );
}

/** The human-readable report of one stack. */
export function renderText(e: StackEvaluation): string {
    const lines = [
        `stack ${e.stack}: ${e.resources.length} resources, ${e.findings.length} finding(s), gate ${e.gate.suggested_gate}${e.blocked ? " — BLOCKED (unwaived mandatory findings)" : ""}`,
    ];
    if (e.findings.length > 0) {
        const rows = sorted(e.findings).map((f) => [
            label(f),
            f.risk,
            String(f.score),
            f.enforcement,
            short(f.resource) || "(stack)",
            f.message +
                (f.waiver ? ` [waived until ${f.waiver.expires} by ${f.waiver.owner}: ${f.waiver.reason}]` : ""),
        ]);
        const header = ["", "risk", "score", "enforcement", "resource", "message"];
        const widths = header.slice(0, 5).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
        const fmt = (r: string[]) =>
            r
                .slice(0, 5)
                .map((c, i) => c.padEnd(widths[i]))
                .join("  ") +
            "  " +
            r[5];
        lines.push(fmt(header), ...rows.map(fmt));
    }
    const t = e.gate.totals;
    lines.push(
        `totals: critical ${t.critical}, high ${t.high}, medium ${t.medium}, low ${t.low}; highest: ${e.gate.highest ? `${e.gate.highest.id} (${e.gate.highest.score})` : "none"}`,
    );
    return lines.join("\n");
}

/** The `risk_summary` gate snippet, as in the source risk profiles. */
export function gateSnippet(e: StackEvaluation): string {
    return stringify({ risk_summary: e.gate }, { lineWidth: 0 });
}

/** The stack's risk profile in the shape of our source documents. */
export function renderMarkdown(e: StackEvaluation, generated: string): string {
    const byRisk = new Map<string, Finding[]>();
    for (const f of e.findings) {
        byRisk.set(f.risk, [...(byRisk.get(f.risk) ?? []), f]);
    }
    const risks = [...byRisk.keys()].sort(
        (a, b) => byRisk.get(b)![0].score - byRisk.get(a)![0].score || a.localeCompare(b),
    );
    const out = [
        `# Risk Profile — stack ${e.stack}`,
        "",
        `Generated: ${generated} by \`npm run check\` (offline preview: the program under the SDK mocks, judged by the policy pack over the Analyzer protocol).`,
        "",
        "## Gate Snippet (risk_summary)",
        "",
        "```yaml",
        gateSnippet(e).trimEnd(),
        "```",
        "",
        "## Risk Matrix",
        "",
        "| Risk ID | Category | Description | Prob | Impact | Score | Band | Findings |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ...risks.map((id) => {
            const r = REGISTER.find((x) => x.id === id);
            const fs = byRisk.get(id)!;
            return `| ${id} | ${r?.category ?? "?"} | ${r?.title ?? id} | ${r?.probability ?? "—"} | ${r?.impact ?? "—"} | ${fs[0].score} | ${bandOf(fs[0].score)} | ${fs.length}${fs.every((f) => f.waiver) ? " (waived)" : ""} |`;
        }),
        ...(risks.length === 0 ? ["| — | | no finding | | | | | |"] : []),
        "",
        "Legend: Probability (1–3), Impact (1–3), Score = Prob × Impact; score ≥ 6 blocks.",
        "",
        "## Findings by risk",
        "",
    ];
    for (const id of risks) {
        const r = REGISTER.find((x) => x.id === id);
        out.push(
            `### ${id} — ${r?.title ?? id} (score ${byRisk.get(id)![0].score})`,
            "",
            `- Mitigation: ${r?.mitigation ?? "—"}`,
        );
        for (const f of byRisk.get(id)!) {
            out.push(
                `- ${label(f)} \`${short(f.resource) || "(stack)"}\` (${f.policy}): ${f.message}${f.waiver ? ` — waived until ${f.waiver.expires} by ${f.waiver.owner}: ${f.waiver.reason}` : ""}`,
            );
        }
        out.push("");
    }
    if (risks.length === 0) {
        out.push("No finding: every checked mitigation is in place.", "");
    }
    return out.join("\n");
}

/** The machine-readable findings of one stack. */
export function renderJson(e: StackEvaluation): string {
    return (
        JSON.stringify(
            {
                stack: e.stack,
                resources: e.resources.length,
                blocked: e.blocked,
                gate: e.gate,
                findings: sorted(e.findings),
            },
            null,
            2,
        ) + "\n"
    );
}

/** SARIF 2.1.0 of several stacks: one run, rule ids are risk IDs, results located at the resource and its component file. */
export function renderSarif(
    evaluations: readonly StackEvaluation[],
    version: string,
    cross: readonly CrossStackFinding[] = [],
): string {
    const used = new Set([...evaluations.flatMap((e) => e.findings.map((f) => f.risk)), ...cross.map((c) => c.risk)]);
    const rules = REGISTER.filter((r) => used.has(r.id)).map((r) => ({
        id: r.id,
        name: r.title.replace(/[^A-Za-z0-9]+/g, ""),
        shortDescription: { text: r.title },
        fullDescription: { text: r.mitigation },
        defaultConfiguration: { level: sarifLevelForScore(r.score ?? 1) },
        properties: {
            score: r.score,
            probability: r.probability,
            impact: r.impact,
            category: r.category,
            enforcement: enforcementForScore(r.score ?? 0),
        },
    }));
    const results = evaluations.flatMap((e) => {
        const parents = new Map(e.resources.map((r) => [r.urn, r.parent]));
        const types = new Map(e.resources.map((r) => [r.urn, r.type]));
        return e.findings.map((f) => {
            const parentType = types.get(parents.get(f.resource) ?? "") ?? "";
            const file = COMPONENT_SOURCES[parentType] ?? COMPONENT_SOURCES[types.get(f.resource) ?? ""] ?? "index.ts";
            return {
                ruleId: f.risk,
                level: sarifLevelForScore(f.score),
                message: { text: f.message },
                locations: [
                    {
                        physicalLocation: { artifactLocation: { uri: file } },
                        logicalLocations: [{ fullyQualifiedName: f.resource || `stack:${e.stack}`, kind: "resource" }],
                    },
                ],
                properties: {
                    stack: e.stack,
                    score: f.score,
                    enforcement: f.enforcement,
                    policy: f.policy,
                    unprovable: f.unprovable ?? false,
                },
                ...(f.waiver
                    ? {
                          suppressions: [
                              {
                                  kind: "external",
                                  status: "accepted",
                                  justification: `${f.waiver.reason} (owner ${f.waiver.owner}, until ${f.waiver.expires})`,
                              },
                          ],
                      }
                    : {}),
            };
        });
    });
    const crossResults = cross.map((c) => ({
        ruleId: c.risk,
        level: sarifLevelForScore(c.score),
        message: { text: c.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: c.file } } }],
        properties: { stack: "all", score: c.score },
    }));
    return (
        JSON.stringify(
            {
                $schema: "https://json.schemastore.org/sarif-2.1.0.json",
                version: "2.1.0",
                runs: [
                    {
                        tool: {
                            driver: {
                                name: "cluster-platform-risk-rules",
                                version,
                                informationUri: "https://github.com/cluster-platform/docs/policies.md",
                                rules,
                            },
                        },
                        results: [...results, ...crossResults],
                    },
                ],
            },
            null,
            2,
        ) + "\n"
    );
}

const xml = (s: string): string =>
    s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** JUnit XML: a testsuite per stack, a testcase per policy; unwaived findings fail it, waived ones are listed in system-out. */
export function renderJunit(evaluations: readonly StackEvaluation[], policyNames: readonly string[]): string {
    const suites = evaluations.map((e) => {
        const cases = policyNames.map((p) => {
            const fs = e.findings.filter(
                (f) => f.policy === p || (p === "cluster-platform-waived-findings" && f.waiver),
            );
            const open = fs.filter((f) => !f.waiver);
            const body =
                open.length > 0
                    ? `<failure message="${xml(`${open.length} finding(s), highest score ${Math.max(...open.map((f) => f.score))}`)}" type="${open.some((f) => f.enforcement === "mandatory") ? "mandatory" : "advisory"}">${xml(open.map((f) => `[${f.risk} · score ${f.score}] ${short(f.resource)}: ${f.message}`).join("\n"))}</failure>`
                    : "";
            const waived = fs.filter((f) => f.waiver);
            const out =
                waived.length > 0
                    ? `<system-out>${xml(waived.map((f) => `WAIVED [${f.risk}] ${short(f.resource)}: ${f.message}`).join("\n"))}</system-out>`
                    : "";
            return `    <testcase classname="${xml(e.stack)}" name="${xml(p)}">${body}${out}</testcase>`;
        });
        const failures = policyNames.filter((p) => e.findings.some((f) => f.policy === p && !f.waiver)).length;
        return `  <testsuite name="${xml(e.stack)}" tests="${policyNames.length}" failures="${failures}" errors="0" skipped="0">\n${cases.join("\n")}\n  </testsuite>`;
    });
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="cluster-platform-risk-rules">\n${suites.join("\n")}\n</testsuites>\n`;
}

/** The score of a register entry (for cross-stack findings). */
export function scoreOf(risk: string): number {
    return riskById(risk).score ?? 0;
}

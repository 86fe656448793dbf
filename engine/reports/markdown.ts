// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The risk profile of one stack in the shape of our source risk profiles (seeds/000, seeds/002):
// the gate snippet, the overall score, the risk matrix of every register entry that applies to the
// stack with its status, and the detailed register with a testing line per risk.
import { Document, Scalar } from "yaml";
import { Finding, waivedBy } from "../../policies/lib/findings";
import { Band, bandOf } from "../../policies/lib/scoring";
import { REGISTER, RiskEntry } from "../../policies/register";
import { EngineName, StackEvaluation } from "../evaluate";
import type { PolicyDowngrade } from "../packConfig";
import { label, short } from "./common";

/** The component area of each register prefix; HYG (workload hygiene) applies everywhere. */
const AREA_OF_PREFIX: Record<string, string | undefined> = {
    CIL: "cilium",
    DFLY: "dragonfly",
    FLOE: "floe",
    HYG: undefined,
};

/** API groups that show an area in plain manifests, which carry no component resources. */
const AREA_OF_API_GROUP: Record<string, string> = {
    "cilium.io": "cilium",
    "dragonflydb.io": "dragonfly",
    "postgresql.cnpg.io": "floe",
};

/** The areas a stack runs: from its component types (`cluster-platform:<area>:<Kind>`), else from API groups. */
export function areasOf(e: Pick<StackEvaluation, "resources">): Set<string> {
    const areas = new Set<string>();
    for (const r of e.resources) {
        const component = /^cluster-platform:([a-z]+):/.exec(r.type);
        const group = /^kubernetes:([^/:]+)\//.exec(r.type);
        const area = component?.[1] ?? (group ? AREA_OF_API_GROUP[group[1]] : undefined);
        if (area) {
            areas.add(area);
        }
    }
    return areas;
}

/** A register entry's status on one stack. */
export type RiskStatus = "finding" | "waived" | "mitigated" | "manual";

/** One row of the risk matrix. */
export interface RiskRow {
    entry: RiskEntry;
    status: RiskStatus;
    reason: string;
    findings: Finding[];
}

const PRIORITY: Record<Band, string> = { critical: "P1", high: "P1", medium: "P2", low: "P3" };

/** P1 for the high and critical bands, P2 for medium, P3 for low, as in the source risk matrix (seeds/000). */
export function priorityOf(score: number | null): string {
    return score === null ? "—" : PRIORITY[bandOf(score)];
}

/**
 * Every register entry that applies to the stack (its area runs there, or it has findings) with its
 * status: `finding` (unwaived findings), `waived` (only waived findings), `mitigated` (its policies
 * ran and found nothing, or config validation enforces it), `manual` (no machine check, not checked
 * yet, or its policies are disabled).
 */
export function riskRows(e: StackEvaluation, disabled: ReadonlySet<string> = new Set()): RiskRow[] {
    const areas = areasOf(e);
    const byRisk = new Map<string, Finding[]>();
    for (const f of e.findings) {
        byRisk.set(f.risk, [...(byRisk.get(f.risk) ?? []), f]);
    }
    const rows: RiskRow[] = [];
    for (const entry of REGISTER) {
        const area = AREA_OF_PREFIX[entry.id.split("-")[0]];
        const findings = byRisk.get(entry.id) ?? [];
        if (area !== undefined && !areas.has(area) && findings.length === 0) {
            continue;
        }
        const open = findings.filter((f) => !f.waiver);
        const check = entry.check;
        let status: RiskStatus;
        let reason: string;
        if (open.length > 0) {
            status = "finding";
            reason = `${open.length} unwaived finding(s)${open.some((f) => f.enforcement === "mandatory") ? ", blocking" : ""}`;
        } else if (findings.length > 0) {
            status = "waived";
            reason = [...new Set(findings.map((f) => `${waivedBy(f.waiver!)}: ${f.waiver!.reason}`))].join("; ");
        } else if ("policies" in check) {
            const off = check.policies.filter((p) => disabled.has(p));
            status = off.length === check.policies.length ? "manual" : "mitigated";
            reason =
                status === "manual"
                    ? `its policies are disabled by the pack config (${off.join(", ")})`
                    : `no finding from ${check.policies.filter((p) => !disabled.has(p)).join(", ")}`;
        } else if ("config" in check) {
            status = "mitigated";
            reason = `enforced by the stack configuration validation: ${check.config}`;
        } else if ("manual" in check) {
            status = "manual";
            reason = check.manual;
        } else {
            status = "manual";
            reason = `not machine-checked yet: ${check.pending}`;
        }
        if (entry.id === "CIL-TECH-001") {
            const adoption = ciliumAdoptionOf(e);
            reason = adoption ? `${reason}; ${adoption}` : reason;
        }
        rows.push({ entry, status, reason, findings });
    }
    return rows.sort((a, b) => (b.entry.score ?? 0) - (a.entry.score ?? 0) || a.entry.id.localeCompare(b.entry.id));
}

/**
 * Which TECH-001 case holds for a stack the program declared: its Cilium release is adopted from
 * the bootstrap install (`import kube-system/cilium`), or, not adopted, the stack states that its
 * cluster has no bootstrap release (`cilium.noBootstrapRelease: true`, which the configuration
 * validation requires whenever `adoptExistingRelease` is false). Undefined without a Cilium release
 * declared by the program (plain manifests carry no import option).
 */
export function ciliumAdoptionOf(e: Pick<StackEvaluation, "resources">): string | undefined {
    if (!e.resources.some((r) => r.type === "cluster-platform:cilium:Core")) {
        return undefined;
    }
    const release = e.resources.find(
        (r) => r.type === "kubernetes:helm.sh/v3:Release" && r.options.import === "kube-system/cilium",
    );
    return release
        ? `adopted: ${release.name} is declared with import kube-system/cilium (the bootstrap release, never reinstalled)`
        : "not adopted: the stack states its cluster has no bootstrap Cilium release (cilium.noBootstrapRelease: true), so the release is installed";
}

/** One line per downgraded or disabled policy: its levels, the setting, and its approver or "unapproved". */
export function downgradeLines(downgrades: readonly PolicyDowngrade[]): string[] {
    return downgrades.map((d) =>
        d.approval
            ? `- \`${d.policy}\` ${d.from} → ${d.to} (by ${d.by}; waives ${d.risks.join(", ") || "no risk"}): ${d.approval.approvedBy.length > 0 ? `approved by ${d.approval.approvedBy.join(" + ")} until ${d.approval.expires} (owner ${d.approval.owner}): ${d.approval.reason}` : d.risks.length === 0 ? "no approval needed" : `accepted by ${d.approval.owner} until ${d.approval.expires} (LOW risks need no approval): ${d.approval.reason}`}`
            : `- \`${d.policy}\` ${d.from} → ${d.to} (by ${d.by}; waives ${d.risks.join(", ")}): **unapproved** — ${d.problem}`,
    );
}

const DEDUCTION: Record<Band, number> = { critical: 20, high: 10, medium: 5, low: 2 };

/**
 * The source profiles' overall story risk score: 100 minus 20 per critical, 10 per high, 5 per
 * medium and 2 per low risk (seeds/002: 3 high, 5 medium, 13 low → 19/100), floored at 0. Entries
 * that only restate another risk (`mitigates`) and unscored entries are not counted twice.
 */
export function overallScore(rows: readonly RiskRow[]): number {
    const counted = rows.filter((r) => r.entry.score !== null && !r.entry.mitigates);
    return Math.max(0, 100 - counted.reduce((sum, r) => sum + DEDUCTION[bandOf(r.entry.score!)], 0));
}

/**
 * The `risk_summary` gate snippet exactly as the source profiles write it: totals, highest (left out
 * when nothing is open), recommendations (must_fix, should_fix) and suggested_gate; strings
 * single-quoted as in seeds/000.
 */
export function gateSnippet(e: Pick<StackEvaluation, "gate">): string {
    const g = e.gate;
    const doc = new Document(
        {
            risk_summary: {
                totals: g.totals,
                ...(g.highest ? { highest: { id: g.highest.id, score: g.highest.score, title: g.highest.title } } : {}),
                recommendations: { must_fix: g.recommendations.must_fix, should_fix: g.recommendations.should_fix },
                suggested_gate: g.suggested_gate,
            },
        },
        { aliasDuplicateObjects: false },
    );
    const gate = doc.getIn(["risk_summary", "suggested_gate"], true) as Scalar;
    gate.type = Scalar.PLAIN;
    for (const key of ["id"]) {
        const node = doc.getIn(["risk_summary", "highest", key], true) as Scalar | undefined;
        if (node) {
            node.type = Scalar.PLAIN;
        }
    }
    return doc.toString({ lineWidth: 0, defaultStringType: "QUOTE_SINGLE", defaultKeyType: "PLAIN" });
}

/**
 * Control characters (C0, DEL, C1, line and paragraph separators, bidirectional controls) as visible
 * `\u{…}` text, as SARIF and JUnit already carry them safely: a resource name or value quoted from the
 * input cannot start a line, heading or list item of the profile, nor hide or reorder text.
 */
export function escapeControls(s: string): string {
    return s.replace(
        /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
        (c) => `\\u{${c.charCodeAt(0).toString(16).padStart(4, "0")}}`,
    );
}

/** Text from the input in a table cell: controls escaped, `|` escaped. */
const cell = (s: string): string => escapeControls(s).replace(/\|/g, "\\|");

/** Text from the input as a code span: controls escaped, fenced by more backticks than it holds in a row. */
function codeSpan(s: string): string {
    const t = escapeControls(s);
    const fence = "`".repeat(Math.max(0, ...(t.match(/`+/g) ?? []).map((run) => run.length)) + 1);
    const pad = t.startsWith("`") || t.endsWith("`") ? " " : "";
    return `${fence}${pad}${t}${pad}${fence}`;
}

function testingLine(r: RiskRow): string {
    const tests = r.entry.tests.length > 0 ? `${r.entry.tests.join(", ")} (source document)` : "";
    const check = r.entry.check;
    const machine =
        "policies" in check
            ? `${check.policies.join(", ")} on every \`npm run check\` and \`pulumi preview --policy-pack ./policies\``
            : "config" in check
              ? "stack configuration validation (`npm run config:check`)"
              : "manual" in check
                ? `manual: ${check.manual}`
                : `manual until enforced: ${check.pending}`;
    return `- Testing: ${[tests, machine].filter(Boolean).join("; ")}.`;
}

/** What a run judged and how: the engine, and the manifests when it judged plain YAML instead of the program. */
export interface JudgedBy {
    engine: EngineName;
    /** The `--manifests` files and folders, as given on the command line. */
    manifests?: readonly string[];
}

/** The profile's Reviewer and Related lines: what was judged, by which engine, and the files it came from. */
export function reviewerLines(stack: string, judgedBy?: JudgedBy): [string, string] {
    const how = judgedBy
        ? judgedBy.engine === "protocol"
            ? "judged by the policy pack's own server over the Analyzer protocol"
            : "judged by the policy pack's policies in-process"
        : "judged by the policy pack";
    const related = "policies/register/entries.ts, docs/policies.md";
    if (judgedBy?.manifests) {
        return [
            `Reviewer: \`npm run check -- --manifests\` (plain Kubernetes manifests, ${how})`,
            `Related: ${judgedBy.manifests.join(", ")}, ${related}`,
        ];
    }
    return [
        `Reviewer: \`npm run check\` (offline preview: the program under the SDK mocks, ${how})`,
        `Related: Pulumi.${stack}.yaml, ${related}`,
    ];
}

/** The stack's risk profile in the shape of our source documents. */
export function renderMarkdown(
    e: StackEvaluation,
    generated: string,
    disabled: ReadonlySet<string> = new Set(),
    judgedBy?: JudgedBy,
    downgrades: readonly PolicyDowngrade[] = [],
): string {
    const rows = riskRows(e, disabled);
    const residual = rows.filter((r) => r.status !== "mitigated");
    const openBands = rows.filter((r) => r.status === "finding").map((r) => r.entry.score ?? 0);
    const rating = openBands.length > 0 ? bandOf(Math.max(...openBands)) : "none open";
    const counts = (s: RiskStatus): number => rows.filter((r) => r.status === s).length;
    const out = [
        `# Risk Profile — stack ${e.stack}`,
        "",
        `Date: ${generated}`,
        ...reviewerLines(e.stack, judgedBy),
        "",
        "---",
        "",
        "## Gate Snippet (risk_summary)",
        "",
        "```yaml",
        gateSnippet(e).trimEnd(),
        "```",
        "",
        `- Overall Risk Rating: ${rating.charAt(0).toUpperCase()}${rating.slice(1)}`,
        `- Overall Story Risk Score: ${overallScore(residual)}/100 (the source profiles' formula, 100 − 20 per critical, 10 per high, 5 per medium, 2 per low risk, over the risks not proven mitigated here: ${counts("finding")} with findings, ${counts("waived")} waived, ${counts("manual")} manual)`,
        `- Applicable register entries: ${rows.length} (${counts("mitigated")} mitigated, ${counts("finding")} finding, ${counts("waived")} waived, ${counts("manual")} manual)`,
        ...(e.gate.gateReason ? [`- Gate FAIL: ${e.gate.gateReason}`] : []),
        "",
        "## Disabled and Downgraded Policies",
        "",
        ...(downgrades.length > 0 ? downgradeLines(downgrades) : ["None: every policy runs at its register level."]),
        "",
        "---",
        "",
        "## Risk Matrix",
        "",
        "| Risk ID | Category | Description | Prob | Impact | Score | Priority | Status |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ...rows.map(
            (r) =>
                `| ${r.entry.id} | ${r.entry.category} | ${cell(r.entry.title)} | ${r.entry.probability ?? "—"} | ${r.entry.impact ?? "—"} | ${r.entry.score ?? "—"} | ${priorityOf(r.entry.score)} | ${r.status}: ${cell(r.reason)} |`,
        ),
        "",
        "Legend: Probability (1–3), Impact (1–3), Score = Prob×Impact; score ≥ 6 blocks. Priority P1 score ≥ 6, P2 score 4–5, P3 below. Status: mitigated (checked, no finding), finding, waived (accepted with owner and expiry), manual (no machine check).",
        "",
        "---",
        "",
        "## Detailed Risk Register with Mitigations",
        "",
    ];
    for (const r of rows) {
        out.push(
            `### ${r.entry.id} — ${r.entry.title} (Score ${r.entry.score ?? "—"})`,
            `- Status: ${r.status} — ${escapeControls(r.reason)}`,
            `- Mitigation: ${r.entry.mitigation}`,
        );
        for (const f of r.findings) {
            out.push(
                `- ${label(f)} ${codeSpan(short(f.resource) || "(stack)")} (${f.policy}): ${escapeControls(f.message)}${f.waiver ? ` — ${escapeControls(waivedBy(f.waiver))}: ${escapeControls(f.waiver.reason)}` : ""}`,
            );
        }
        out.push(testingLine(r), "");
    }
    return out.join("\n");
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The GitHub job summary of one `check` run: one screen, details folded. The full risk profiles stay
// in the report files (reports/<stack>/risk-profile.md, uploaded as the `risk-reports` artifact).
import { waivedBy } from "../../policies/lib/findings";
import { StackEvaluation } from "../evaluate";
import type { PolicyDowngrade } from "../packConfig";
import { label, short, sorted } from "./common";
import { downgradeLines, gateSnippet } from "./markdown";

const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\s+/g, " ");

/** At most this many findings are listed per stack; the rest are counted (the files hold them all). */
const MAX_FINDINGS = 30;

/**
 * The job summary: a table of the stacks' gates, then per stack a folded section with the
 * `risk_summary` snippet and its findings (blocking first), and the policies the pack config lowers
 * with their approver or "unapproved".
 */
export function renderStepSummary(
    evaluations: readonly StackEvaluation[],
    downgrades: readonly PolicyDowngrade[] = [],
): string {
    const out = [
        "## cluster-platform risk gate",
        "",
        "| stack | gate | deploy | open findings | waived | highest |",
        "| --- | --- | --- | --- | --- | --- |",
        ...evaluations.map((e) => {
            const open = e.findings.filter((f) => !f.waiver).length;
            const highest = e.gate.highest ? `${e.gate.highest.id} (${e.gate.highest.score})` : "none";
            return `| ${e.stack} | ${e.gate.suggested_gate} | ${e.blocked ? "BLOCKED" : "may proceed"} | ${open} | ${e.findings.length - open} | ${highest} |`;
        }),
        "",
    ];
    for (const e of evaluations) {
        const shown = sorted(e.findings).slice(0, MAX_FINDINGS);
        out.push(
            "<details>",
            `<summary>stack ${e.stack}: gate ${e.gate.suggested_gate}, ${e.findings.length} finding(s)</summary>`,
            "",
            "```yaml",
            gateSnippet(e).trimEnd(),
            "```",
            "",
            ...(e.gate.gateReason ? [`Gate FAIL: ${cell(e.gate.gateReason)}`, ""] : []),
        );
        if (shown.length > 0) {
            out.push(
                "| | risk | score | resource | message |",
                "| --- | --- | --- | --- | --- |",
                ...shown.map(
                    (f) =>
                        `| ${label(f)} | ${f.risk} | ${f.score} | ${cell(short(f.resource) || "(stack)")} | ${cell(f.message)}${f.waiver ? ` — ${cell(waivedBy(f.waiver))}: ${cell(f.waiver.reason)}` : ""} |`,
                ),
                ...(e.findings.length > shown.length
                    ? ["", `${e.findings.length - shown.length} more in reports/${e.stack}/findings.json.`]
                    : []),
                "",
            );
        }
        out.push(
            `Full risk profile: \`reports/${e.stack}/risk-profile.md\` (artifact \`risk-reports\`).`,
            "",
            "</details>",
            "",
        );
    }
    out.push(
        "### Disabled and downgraded policies",
        "",
        ...(downgrades.length > 0 ? downgradeLines(downgrades) : ["None: every policy runs at its register level."]),
        "",
    );
    return out.join("\n");
}

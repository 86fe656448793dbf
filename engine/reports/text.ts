// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The human-readable text report and the machine-readable JSON findings of one stack.
import { StackEvaluation } from "../evaluate";
import { DisabledPolicy } from "../packConfig";
import { waivedBy } from "../../policies/lib/findings";
import { label, short, sorted } from "./common";

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
            f.message + (f.waiver ? ` [${waivedBy(f.waiver)}: ${f.waiver.reason}]` : ""),
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
    if (e.gate.gateReason) {
        lines.push(`gate FAIL: ${e.gate.gateReason}`);
    }
    lines.push(
        `totals: critical ${t.critical}, high ${t.high}, medium ${t.medium}, low ${t.low}; highest: ${e.gate.highest ? `${e.gate.highest.id} (${e.gate.highest.score})` : "none"}`,
    );
    return lines.join("\n");
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

/** One line saying which policies were off and why; a PASS with policies off must not read as a clean one. */
export function disabledSummary(disabled: readonly DisabledPolicy[], total: number): string | undefined {
    if (disabled.length === 0) {
        return undefined;
    }
    const byReason = new Map<string, string[]>();
    for (const d of disabled) {
        byReason.set(d.by, [...(byReason.get(d.by) ?? []), d.policy]);
    }
    const parts = [...byReason].map(([by, list]) =>
        list.length === total ? `all by ${by}` : `${list.join(", ")} by ${by}`,
    );
    const head =
        disabled.length === total
            ? `EVERY policy (${total} of ${total}) is disabled — this run checked nothing`
            : `${disabled.length} of ${total} policies disabled, their risks unchecked`;
    return `policies: ${head}: ${parts.join("; ")}`;
}

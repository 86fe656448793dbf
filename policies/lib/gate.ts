// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { Finding } from "./findings";
import { Band, bandOf, gateForHighestScore, GateVerdict, isBlocking, isShouldFix } from "./scoring";

/** The documents' `risk_summary` gate snippet, computed from findings. */
export interface RiskSummary {
    totals: Record<Band, number>;
    highest: { id: string; score: number; title: string } | null;
    recommendations: { must_fix: string[]; should_fix: string[] };
    waived: { id: string; score: number; resource: string; owner: string; expires: string; reason: string }[];
    suggested_gate: GateVerdict;
}

/**
 * The gate of one stack from its highest unwaived score (see `gateForHighestScore`), CONCERNS at
 * least while a mandatory finding is open (a document-declared blocker scoring below 6). Totals
 * count distinct risks with unwaived findings per band; must_fix lists the blocking risks (score or
 * mandatory finding), should_fix the other medium ones; waived findings are listed apart.
 */
export function computeGate(
    findings: readonly Finding[],
    titleOf: (risk: string) => string,
    mitigationOf: (risk: string) => string,
): RiskSummary {
    const open = findings.filter((f) => !f.waiver);
    const risks = new Map<string, number>();
    for (const f of open) {
        risks.set(f.risk, Math.max(risks.get(f.risk) ?? 0, f.score));
    }
    const totals: Record<Band, number> = { critical: 0, high: 0, medium: 0, low: 0 };
    for (const score of risks.values()) {
        totals[bandOf(score)]++;
    }
    const ordered = [...risks.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const highest =
        ordered.length > 0 ? { id: ordered[0][0], score: ordered[0][1], title: titleOf(ordered[0][0]) } : null;
    const mandatory = new Set(open.filter((f) => f.enforcement === "mandatory").map((f) => f.risk));
    const blocks = (id: string, s: number): boolean => isBlocking(s) || mandatory.has(id);
    const must_fix = ordered.filter(([id, s]) => blocks(id, s)).map(([id]) => `${id}: ${mitigationOf(id)}`);
    const should_fix = ordered
        .filter(([id, s]) => isShouldFix(s) && !blocks(id, s))
        .map(([id]) => `${id}: ${mitigationOf(id)}`);
    const waived = findings
        .filter((f) => f.waiver)
        .map((f) => ({
            id: f.risk,
            score: f.score,
            resource: f.resource,
            owner: f.waiver!.owner,
            expires: f.waiver!.expires,
            reason: f.waiver!.reason,
        }));
    const top = ordered.length > 0 ? ordered[0][1] : 0;
    return {
        totals,
        highest,
        recommendations: { must_fix, should_fix },
        waived,
        suggested_gate: gateForHighestScore(top, must_fix.length > 0),
    };
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { Finding } from "./findings";

/** Score bands, as the documents' risk matrices use them. */
export type Band = "critical" | "high" | "medium" | "low";

/** The band of a score: 9 critical, 6 high, 4 medium, 1–3 low. */
export function bandOf(score: number): Band {
    return score >= 9 ? "critical" : score >= 6 ? "high" : score >= 4 ? "medium" : "low";
}

/** The documents' `risk_summary` gate snippet, computed from findings. */
export interface RiskSummary {
    totals: Record<Band, number>;
    highest: { id: string; score: number; title: string } | null;
    recommendations: { must_fix: string[]; should_fix: string[] };
    waived: { id: string; score: number; resource: string; owner: string; expires: string; reason: string }[];
    suggested_gate: "PASS" | "CONCERNS" | "FAIL";
}

/**
 * The gate of one stack: FAIL when any unwaived finding scores 9, CONCERNS when any unwaived
 * finding scores 6 or more, PASS otherwise. Totals count distinct risks with unwaived findings per
 * band; must_fix lists score ≥ 6 risks, should_fix score 4–5; waived findings are listed apart.
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
    const must_fix = ordered.filter(([, s]) => s >= 6).map(([id]) => `${id}: ${mitigationOf(id)}`);
    const should_fix = ordered.filter(([, s]) => s >= 4 && s < 6).map(([id]) => `${id}: ${mitigationOf(id)}`);
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
    const suggested_gate = top >= 9 ? "FAIL" : top >= 6 ? "CONCERNS" : "PASS";
    return { totals, highest, recommendations: { must_fix, should_fix }, waived, suggested_gate };
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { Finding, waivedBy } from "./findings";
import { Band, bandOf, gateForHighestScore, GateVerdict, isBlocking, isShouldFix } from "./scoring";

/** The documents' `risk_summary` gate snippet, computed from findings. */
export interface RiskSummary {
    totals: Record<Band, number>;
    highest: { id: string; score: number; title: string } | null;
    recommendations: { must_fix: string[]; should_fix: string[] };
    waived: {
        id: string;
        score: number;
        resource: string;
        owner: string;
        expires: string;
        reason: string;
        approvedBy: string[];
    }[];
    suggested_gate: GateVerdict;
    /** Why the gate is FAIL below score 9: a waiver attempted on a risk whose document keeps the gate FAIL then. */
    gateReason?: string;
}

/** What the gate needs from the register about a risk. */
export interface GateRegister {
    titleOf: (risk: string) => string;
    mitigationOf: (risk: string) => string;
    /** The document's gate while a waiver that does not count is attempted on this risk, with its line. */
    refusedGateOf?: (risk: string) => { gate: "FAIL"; quote: string } | undefined;
}

/**
 * The gate of one stack, as the documents' gate rules give it: a waiver lets a deployment go on,
 * but a waived risk is not mitigated, so it counts here as if open (a waived HIGH risk keeps the
 * gate at CONCERNS) and is marked "waived by … until …" in must_fix / should_fix. FAIL at an
 * unmitigated score 9, and while a waiver that does not count is attempted on a risk whose document
 * says so ("If attempted without mitigation → Gate remains FAIL"); CONCERNS at score 6 or while a
 * mandatory finding is open or waived (a document-declared blocker below 6); PASS otherwise.
 */
export function computeGate(findings: readonly Finding[], register: GateRegister): RiskSummary {
    const risks = new Map<string, number>();
    for (const f of findings) {
        risks.set(f.risk, Math.max(risks.get(f.risk) ?? 0, f.score));
    }
    const totals: Record<Band, number> = { critical: 0, high: 0, medium: 0, low: 0 };
    for (const score of risks.values()) {
        totals[bandOf(score)]++;
    }
    const ordered = [...risks.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const highest =
        ordered.length > 0 ? { id: ordered[0][0], score: ordered[0][1], title: register.titleOf(ordered[0][0]) } : null;
    const open = new Set(findings.filter((f) => !f.waiver).map((f) => f.risk));
    // A waived finding carries its risk's own level (engine/evaluate.ts): waived, a blocker still is one here.
    const mandatory = new Set(findings.filter((f) => f.enforcement === "mandatory").map((f) => f.risk));
    const blocks = (id: string, s: number): boolean => isBlocking(s) || mandatory.has(id);
    const line = (id: string): string => {
        const w = open.has(id) ? undefined : findings.find((f) => f.risk === id && f.waiver)?.waiver;
        return `${id}: ${register.mitigationOf(id)}${w ? ` (${waivedBy(w)})` : ""}`;
    };
    const must_fix = ordered.filter(([id, s]) => blocks(id, s)).map(([id]) => line(id));
    const should_fix = ordered.filter(([id, s]) => isShouldFix(s) && !blocks(id, s)).map(([id]) => line(id));
    const waived = findings
        .filter((f) => f.waiver)
        .map((f) => ({
            id: f.risk,
            score: f.score,
            resource: f.resource,
            owner: f.waiver!.owner,
            expires: f.waiver!.expires,
            reason: f.waiver!.reason,
            approvedBy: f.waiver!.approvedBy ?? [],
        }));
    const top = ordered.length > 0 ? ordered[0][1] : 0;
    const refused = findings
        .filter((f) => f.waiverRefused)
        .map((f) => ({ f, rule: register.refusedGateOf?.(f.risk) }))
        .find((r) => r.rule);
    const gate = gateForHighestScore(top, must_fix.length > 0);
    return {
        totals,
        highest,
        recommendations: { must_fix, should_fix },
        waived,
        suggested_gate: refused ? "FAIL" : gate,
        ...(refused && gate !== "FAIL"
            ? {
                  gateReason: `a waiver of ${refused.f.risk} was attempted that does not count, and its document says "${refused.rule!.quote}"`,
              }
            : {}),
    };
}

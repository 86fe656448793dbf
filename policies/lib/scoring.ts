// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The one place that knows what a risk score means: the blocking threshold, the bands the source
// documents' risk matrices use, the policy severity and enforcement, and the gate verdict. Every
// other file asks these functions; a test fails on a score literal compared anywhere else.

/** Scores from this one up block a preview (`mandatory`); lower ones are advisory. */
export const BLOCKING_SCORE = 6;
/** Scores from this one up make the gate FAIL instead of CONCERNS. */
export const CRITICAL_SCORE = 9;
/** Scores from this one up are `should_fix` (medium); lower ones are low. */
export const MEDIUM_SCORE = 4;

/** Score bands, as the documents' risk matrices use them. */
export type Band = "critical" | "high" | "medium" | "low";

/** Enforcement of a policy or finding. */
export type Enforcement = "mandatory" | "advisory";

/** The documents' suggested gate. */
export type GateVerdict = "PASS" | "CONCERNS" | "FAIL";

/** The band of a score: 9 critical, 6 high, 4 medium, 1–3 low. */
export function bandOf(score: number): Band {
    if (score >= CRITICAL_SCORE) {
        return "critical";
    }
    if (score >= BLOCKING_SCORE) {
        return "high";
    }
    if (score >= MEDIUM_SCORE) {
        return "medium";
    }
    return "low";
}

/** Policy severity metadata from the score: the band itself. */
export function severityForScore(score: number): Band {
    return bandOf(score);
}

/** True when a finding at this score blocks a preview. */
export function isBlocking(score: number): boolean {
    return score >= BLOCKING_SCORE;
}

/** Enforcement level from the score alone: ≥ 6 blocks a preview. */
export function enforcementForScore(score: number): Enforcement {
    return isBlocking(score) ? "mandatory" : "advisory";
}

/** What decides a risk's enforcement: its score, and whether its document declares it a blocker. */
export interface RiskStanding {
    score: number | null;
    /** Present when the source document lists the risk among the must-fix blockers. */
    blocker?: unknown;
}

/** True when a risk blocks: score ≥ 6, or its document declares it a blocker whatever its score. */
export function isMandatoryRisk(risk: RiskStanding): boolean {
    return isBlocking(risk.score ?? 0) || risk.blocker !== undefined;
}

/** Enforcement of a risk: mandatory when it blocks by score or by its document's word. */
export function enforcementForRisk(risk: RiskStanding): Enforcement {
    return isMandatoryRisk(risk) ? "mandatory" : "advisory";
}

/** Who may waive a risk of each band, as the Cilium risk profile's "Waiver Authority" states it. */
export const WAIVER_AUTHORITY: Readonly<Record<Band, readonly string[]>> = {
    critical: ["VP Engineering", "CTO"],
    high: ["VP Engineering", "CTO"],
    medium: ["Platform Engineering Lead", "VP Engineering", "CTO"],
    low: [],
};

/**
 * The band whose authority a waiver of this risk needs: its score's band, raised to high for a
 * document-declared blocker (the documents put their blockers on a level with the high risks).
 */
export function waiverBandOf(risk: RiskStanding): Band {
    const band = bandOf(risk.score ?? 0);
    return risk.blocker !== undefined && (band === "medium" || band === "low") ? "high" : band;
}

/** True for the `should_fix` band: at least medium, below blocking. */
export function isShouldFix(score: number): boolean {
    return score >= MEDIUM_SCORE && !isBlocking(score);
}

/**
 * The gate from the highest unwaived score: FAIL at 9, CONCERNS at 6 or while a document-declared
 * blocker below 6 is open (`openBlocker`), PASS otherwise.
 */
export function gateForHighestScore(top: number, openBlocker = false): GateVerdict {
    if (top >= CRITICAL_SCORE) {
        return "FAIL";
    }
    return isBlocking(top) || openBlocker ? "CONCERNS" : "PASS";
}

/**
 * SARIF level of a finding, as the gate enforces it: error when it is mandatory (it blocks `pulumi
 * preview`, a document-declared blocker scoring below 6 included), else warning from the medium
 * band up and note below.
 */
export function sarifLevelFor(enforcement: Enforcement, score: number): "error" | "warning" | "note" {
    return enforcement === "mandatory" ? "error" : score >= MEDIUM_SCORE ? "warning" : "note";
}

/** The highest-scoring of some IDs (the first listed on a tie); undefined for none. */
export function highestRisk(ids: readonly string[], scoreOf: (id: string) => number): string | undefined {
    return [...ids].sort((a, b) => scoreOf(b) - scoreOf(a))[0];
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The text form of a finding, so a violation message carries its risk ID and score everywhere
// (CLI output, Pulumi Cloud, the offline engine) and can be read back.

/** A finding as the gate and the reports see it. */
export interface Finding {
    risk: string;
    score: number;
    policy: string;
    enforcement: "mandatory" | "advisory";
    /** URN (or name) of the resource the finding is about; "" for stack-wide findings. */
    resource: string;
    message: string;
    /** True when the value a rule needed was unknown during preview (fail-closed finding). */
    unprovable?: boolean;
    /** Present when an active waiver covers the finding. */
    waiver?: { owner: string; expires: string; reason: string };
}

const PREFIX =
    /^\[([A-Z0-9.-]+) · score (\d)(?: · WAIVED until (\d{4}-\d{2}-\d{2}) by ([^:]+): ([^\]]*))?\] ([\s\S]*)$/;

/** `[RISK · score N] message`. */
export function formatFinding(risk: string, score: number, message: string): string {
    return `[${risk} · score ${score}] ${message}`;
}

/** `[RISK · score N · WAIVED until YYYY-MM-DD by owner: reason] message`. */
export function formatWaivedFinding(
    risk: string,
    score: number,
    waiver: { owner: string; expires: string; reason: string },
    message: string,
): string {
    const reason = waiver.reason.replace(/\]/g, ")");
    return `[${risk} · score ${score} · WAIVED until ${waiver.expires} by ${waiver.owner}: ${reason}] ${message}`;
}

/** Reads a finding message back; undefined when the text does not start with a finding prefix. */
export function parseFinding(text: string): Pick<Finding, "risk" | "score" | "message" | "waiver"> | undefined {
    const m = PREFIX.exec(text);
    if (!m) {
        return undefined;
    }
    const [, risk, score, expires, owner, reason, message] = m;
    return { risk, score: Number(score), message, ...(expires ? { waiver: { expires, owner, reason } } : {}) };
}

/** The phrase every fail-closed finding carries. */
export const UNPROVABLE_PHRASE = "cannot prove this during preview";

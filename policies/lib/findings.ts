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
    /** Present when an active waiver (or an approved downgrade of its policy) covers the finding. */
    waiver?: FindingWaiver;
    /**
     * True when a waiver was written for the finding but does not meet its risk's condition (the
     * message says why); for a risk its document says may not be waived, the gate is FAIL.
     */
    waiverRefused?: boolean;
}

/** The waiver a waived finding carries: who accepted it, who approved it, until when, and why. */
export interface FindingWaiver {
    owner: string;
    expires: string;
    reason: string;
    /** Who signed it off (empty for a LOW risk, which the documents accept without approval). */
    approvedBy?: string[];
}

const PREFIX =
    /^\[([A-Z0-9.-]+) · score (\d)(?: · WAIVED until (\d{4}-\d{2}-\d{2}) by ([^:·]+?)(?: · approved by ([^:·]+))?: ([^\]]*)| · (WAIVER REFUSED))?\] ([\s\S]*)$/;

const clean = (s: string): string => s.replace(/\]/g, ")").replace(/[:·]/g, " ").replace(/\s+/g, " ").trim();

/** `[RISK · score N] message`, or `[RISK · score N · WAIVER REFUSED] message` when a waiver was refused. */
export function formatFinding(risk: string, score: number, message: string, waiverRefused = false): string {
    return `[${risk} · score ${score}${waiverRefused ? " · WAIVER REFUSED" : ""}] ${message}`;
}

/** `[RISK · score N · WAIVED until YYYY-MM-DD by owner · approved by a, b: reason] message`. */
export function formatWaivedFinding(risk: string, score: number, waiver: FindingWaiver, message: string): string {
    const reason = waiver.reason.replace(/\]/g, ")");
    const approved =
        waiver.approvedBy && waiver.approvedBy.length > 0
            ? ` · approved by ${waiver.approvedBy.map(clean).join(", ")}`
            : "";
    return `[${risk} · score ${score} · WAIVED until ${waiver.expires} by ${clean(waiver.owner)}${approved}: ${reason}] ${message}`;
}

/** Reads a finding message back; undefined when the text does not start with a finding prefix. */
export function parseFinding(
    text: string,
): Pick<Finding, "risk" | "score" | "message" | "waiver" | "waiverRefused"> | undefined {
    const m = PREFIX.exec(text);
    if (!m) {
        return undefined;
    }
    const [, risk, score, expires, owner, approved, reason, refused, message] = m;
    const approvedBy = approved ? approved.split(",").map((s) => s.trim()) : undefined;
    return {
        risk,
        score: Number(score),
        message,
        ...(expires ? { waiver: { expires, owner, reason, ...(approvedBy ? { approvedBy } : {}) } } : {}),
        ...(refused ? { waiverRefused: true } : {}),
    };
}

/** "waived by <approvers> until <date> (owner <owner>)", or for an unapproved LOW risk "waived by <owner> until <date>". */
export function waivedBy(w: FindingWaiver): string {
    return w.approvedBy && w.approvedBy.length > 0
        ? `waived by ${w.approvedBy.join(" + ")} until ${w.expires} (owner ${w.owner})`
        : `waived by ${w.owner} until ${w.expires}`;
}

/** The phrase every fail-closed finding carries. */
export const UNPROVABLE_PHRASE = "cannot prove this during preview";

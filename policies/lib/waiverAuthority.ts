// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Who may accept which risk, and on what terms: the Cilium risk profile's "Waiver Authority" bands
// for every risk, and, where a risk's own document says more (it may not be waived, or a named
// waiver with its condition, extra sign-offs and compensating controls), what the register quotes
// from it. The pack config's `approvers` says who holds which role.
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import type { RiskEntry } from "../register/schema";
import { Band, WAIVER_AUTHORITY, waiverBandOf } from "./scoring";
import { Downgrade, isExpired } from "./waivers";

/** The Cilium risk profile's waiver authority, verbatim (seeds/002, "Waiver Requirements"). */
export const WAIVER_AUTHORITY_QUOTE =
    "**Waiver Authority:**\n- HIGH risks: Requires VP Engineering or CTO approval\n- MEDIUM risks: Platform Engineering Lead approval sufficient\n- LOW risks: No waiver needed (accepted by default)";

/** The role the Rollback Testing Waiver asks for besides the bands' (seeds/002: "SRE Manager sign-off"). */
const SIGN_OFF_ROLES = ["SRE Manager"];

/** Every role that can approve or sign off a waiver. */
export const APPROVER_ROLES: readonly string[] = [
    ...new Set([...Object.values(WAIVER_AUTHORITY).flat(), "Platform Engineering Lead", ...SIGN_OFF_ROLES]),
];

/** Who holds each role: role name → people (as they write `approvedBy`). */
export type Approvers = Readonly<Record<string, readonly string[]>>;

/** JSON schema of the `approvers` config property. */
export const APPROVERS_CONFIG_SCHEMA: PolicyConfigJSONSchema = {
    type: "object",
    description:
        "Who holds which waiver-approving role (HIGH risks: VP Engineering or CTO; MEDIUM: Platform Engineering Lead; the Rollback Testing Waiver also Platform Engineering Lead + SRE Manager).",
    additionalProperties: false,
    properties: Object.fromEntries(
        APPROVER_ROLES.map((role) => [role, { type: "array", items: { type: "string", minLength: 1 } }]),
    ),
};

const BAND_NAMES: Record<Band, string> = { critical: "CRITICAL", high: "HIGH", medium: "MEDIUM", low: "LOW" };

/** What a waiver of one risk must meet, with the document lines it rests on. */
export interface WaiverCondition {
    risk: string;
    band: Band;
    waivable: boolean;
    /** Each group needs a different person holding one of its roles; empty: no approval needed. */
    signOffs: readonly (readonly string[])[];
    condition?: { id: string; text: string };
    compensatingControls: readonly { id: string; text: string }[];
    /** The document's gate while a waiver that does not count is attempted. */
    refusedGate?: "FAIL";
    /** The document lines, verbatim. */
    quotes: string[];
    /** The waiver's name in the document, if it has one. */
    name?: string;
}

/**
 * The waiver condition of a risk: its band's authority (a document-declared blocker counts as
 * HIGH), plus what its own register entry quotes (not waivable; a named waiver's condition,
 * sign-offs and controls). Both apply: the named waiver does not replace the band's authority.
 */
export function waiverConditionOf(entry: Pick<RiskEntry, "id" | "score" | "blocker" | "waiver">): WaiverCondition {
    const band = waiverBandOf(entry);
    const roles = WAIVER_AUTHORITY[band];
    const own = entry.waiver;
    return {
        risk: entry.id,
        band,
        waivable: own?.waivable ?? true,
        signOffs: [...(roles.length > 0 ? [roles] : []), ...(own?.signOff ?? []).map((r) => [r])],
        ...(own?.condition ? { condition: own.condition } : {}),
        compensatingControls: own?.compensatingControls ?? [],
        ...(own?.refused ? { refusedGate: own.refused.gate } : {}),
        quotes: [...(own ? [own.quote] : []), WAIVER_AUTHORITY_QUOTE],
        ...(own?.name ? { name: own.name } : {}),
    };
}

/** What a waiver (or a downgrade, which is one) offers to meet a condition. */
export interface WaiverTerms {
    owner: string;
    approvedBy?: string | readonly string[];
    condition?: string;
    compensatingControls?: Readonly<Record<string, string>>;
}

/** The approvers a waiver names, as a list. */
export function approversOf(w: Pick<WaiverTerms, "approvedBy">): string[] {
    return w.approvedBy === undefined ? [] : typeof w.approvedBy === "string" ? [w.approvedBy] : [...w.approvedBy];
}

/** Assigns a different person to each sign-off group (first fit with backtracking); undefined when impossible. */
function assign(groups: readonly (readonly string[])[], people: string[], holds: (p: string) => string[]): boolean {
    const go = (i: number, used: Set<string>): boolean => {
        if (i === groups.length) {
            return true;
        }
        for (const p of people) {
            if (!used.has(p) && holds(p).some((r) => groups[i].includes(r))) {
                used.add(p);
                if (go(i + 1, used)) {
                    return true;
                }
                used.delete(p);
            }
        }
        return false;
    };
    return go(0, new Set());
}

/**
 * Why a waiver of this risk does not count, or undefined when it does. It does not count when the
 * risk may not be waived, when it does not state the named waiver's condition or name each
 * compensating control, or when its `approvedBy` do not cover every sign-off with a different
 * person the pack config's `approvers` give the role. A LOW risk needs no approval.
 */
export function waiverProblem(
    waiver: WaiverTerms,
    entry: Pick<RiskEntry, "id" | "score" | "blocker" | "waiver">,
    approvers: Approvers | undefined,
): string | undefined {
    const c = waiverConditionOf(entry);
    const who = approversOf(waiver);
    const by = who.length > 0 ? `approved by ${who.join(", ")}` : `by ${waiver.owner}`;
    const standing = `${c.risk} is a ${BAND_NAMES[c.band]} risk (score ${entry.score ?? "none"}${entry.blocker !== undefined ? ", a document-declared blocker" : ""})`;
    if (!c.waivable) {
        return `the waiver ${by} does not count: ${standing} that its document says may not be waived ("${entry.waiver!.quote}")`;
    }
    const missing: string[] = [];
    if (c.condition && waiver.condition !== c.condition.id) {
        missing.push(
            `condition: ${c.condition.id} (the ${c.name ?? "waiver"} may be requested only if "${c.condition.text}")`,
        );
    }
    const controls = c.compensatingControls.filter((k) => !(waiver.compensatingControls?.[k.id] ?? "").trim());
    if (controls.length > 0) {
        missing.push(
            `compensatingControls ${controls.map((k) => `${k.id} (${k.text})`).join(", ")}, each with where it is`,
        );
    }
    const holds = (p: string): string[] =>
        Object.entries(approvers ?? {})
            .filter(([, people]) => people.includes(p))
            .map(([role]) => role);
    if (c.signOffs.length > 0 && !assign(c.signOffs, who, holds)) {
        const need = c.signOffs.map((g) => g.join(" or ")).join(" + ");
        const held = who.map((p) => {
            const roles = holds(p);
            return roles.length > 0 ? `${p} as ${roles.join(" and ")}` : `${p} with no role`;
        });
        missing.push(
            `approval by ${need}${c.signOffs.length > 1 ? ", each a different person" : ""} (${who.length === 0 ? "it names no approvedBy" : `the pack config's approvers list ${held.join("; ")}`})`,
        );
    }
    if (missing.length === 0) {
        return undefined;
    }
    return `the waiver ${by} does not count: ${standing}, whose ${c.name ?? "waiver"} needs ${missing.join("; ")}`;
}

/**
 * Why a policy's downgrade does not count, or undefined when it does: it is expired, or for one of
 * the policy's risks it does not meet that risk's waiver condition (a downgrade waives them all).
 * `configured` is the level the pack config sets, when known (the engine's side knows it; the
 * policy itself does not): an approval of `advisory` does not cover `disabled`.
 */
export function downgradeProblem(
    policy: string,
    risks: readonly Pick<RiskEntry, "id" | "score" | "blocker" | "waiver">[],
    d: Downgrade,
    approvers: Approvers | undefined,
    now: Date,
    configured?: string,
): string | undefined {
    if (configured === "disabled" && d.level === "advisory") {
        return `the downgrade of ${policy} approves advisory, but the pack config disables it`;
    }
    if (isExpired(d, now)) {
        return `the downgrade of ${policy} by ${d.owner} expired on ${d.expires}`;
    }
    for (const entry of risks) {
        const problem = waiverProblem(d, entry, approvers);
        if (problem) {
            return `the downgrade of ${policy} waives ${entry.id}, and ${problem.replace(/^the waiver (?:approved )?by/, "its approval by")}`;
        }
    }
    return undefined;
}

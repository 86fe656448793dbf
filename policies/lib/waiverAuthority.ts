// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Who may accept which risk: a waiver counts only when its `approvedBy` holds a role the risk's band
// requires (the Cilium risk profile's "Waiver Authority"); the pack config's `approvers` says who
// holds which role.
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { Band, RiskStanding, WAIVER_AUTHORITY, waiverBandOf } from "./scoring";
import { Waiver } from "./waivers";

/** Every role that can approve a waiver. */
export const APPROVER_ROLES: readonly string[] = [...new Set(Object.values(WAIVER_AUTHORITY).flat())];

/** Who holds each role: role name → people (as they write `approvedBy`). */
export type Approvers = Readonly<Record<string, readonly string[]>>;

/** JSON schema of the `approvers` config property. */
export const APPROVERS_CONFIG_SCHEMA: PolicyConfigJSONSchema = {
    type: "object",
    description:
        "Who holds which waiver-approving role (HIGH risks: VP Engineering or CTO; MEDIUM: Platform Engineering Lead).",
    additionalProperties: false,
    properties: Object.fromEntries(
        APPROVER_ROLES.map((role) => [role, { type: "array", items: { type: "string", minLength: 1 } }]),
    ),
};

const BAND_NAMES: Record<Band, string> = { critical: "CRITICAL", high: "HIGH", medium: "MEDIUM", low: "LOW" };

/**
 * Why a waiver of this risk does not count, or undefined when it does: a LOW risk needs no
 * approval; a MEDIUM or HIGH one (a document-declared blocker counts as HIGH) needs `approvedBy`
 * naming someone the approvers list under one of the band's roles.
 */
export function authorityProblem(
    waiver: Waiver,
    risk: RiskStanding & { id: string },
    approvers: Approvers | undefined,
): string | undefined {
    const band = waiverBandOf(risk);
    const roles = WAIVER_AUTHORITY[band];
    if (roles.length === 0) {
        return undefined;
    }
    const standing = `${risk.id} is a ${BAND_NAMES[band]} risk (score ${risk.score ?? "none"}${risk.blocker !== undefined ? ", a document-declared blocker" : ""}), whose waivers need approval by ${roles.join(" or ")}`;
    if (!waiver.approvedBy) {
        return `the waiver by ${waiver.owner} does not count: it names no approvedBy, and ${standing}`;
    }
    const held = Object.entries(approvers ?? {})
        .filter(([, people]) => people.includes(waiver.approvedBy!))
        .map(([role]) => role);
    if (held.some((role) => roles.includes(role))) {
        return undefined;
    }
    const holds =
        held.length > 0
            ? `the pack config's approvers name ${waiver.approvedBy} as ${held.join(" and ")} only`
            : `the pack config's approvers give ${waiver.approvedBy} no role`;
    return `the waiver approved by ${waiver.approvedBy} does not count: ${standing}, and ${holds}`;
}

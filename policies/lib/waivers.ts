// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Accepted risks as pack config: each rule policy takes `waivers` in its own config entry.
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { z } from "zod";
import { globMatches } from "./globMatch";

/** One accepted risk. */
export interface Waiver {
    /** The register ID waived; must be one the policy reports. */
    risk: string;
    /** Resource name or URN pattern; `*` matches any run of characters. */
    resource: string;
    reason: string;
    owner: string;
    /** Last day the waiver holds (YYYY-MM-DD, inclusive, UTC). */
    expires: string;
    /** Who approved it; a medium or high risk's waiver counts only when this person holds the band's role. */
    approvedBy?: string;
}

/** JSON schema of the `waivers` config property (the engine validates it before the pack runs). */
export const WAIVERS_CONFIG_SCHEMA: PolicyConfigJSONSchema = {
    type: "array",
    description:
        "Accepted risks: findings of this policy on matching resources are reported as waived and do not block.",
    items: {
        type: "object",
        additionalProperties: false,
        required: ["risk", "resource", "reason", "owner", "expires"],
        properties: {
            risk: { type: "string", minLength: 1, description: "Register ID, e.g. DFLY-SEC-001" },
            resource: { type: "string", minLength: 1, description: "Resource name or URN; * is a wildcard" },
            reason: { type: "string", minLength: 1 },
            owner: { type: "string", minLength: 1 },
            expires: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "Last valid day, YYYY-MM-DD" },
            approvedBy: {
                type: "string",
                minLength: 1,
                description: "Who approved the waiver; must hold the risk band's role under `approvers`",
            },
        },
    },
};

/** True when YYYY-MM-DD names a day that exists (Date.parse rolls 2026-02-30 over to March 2). */
export function isCalendarDate(day: string): boolean {
    const t = Date.parse(`${day}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === day;
}

const WaiverSchema = z.strictObject({
    risk: z.string({ error: "is required (the register ID to waive)" }).min(1, "must not be empty"),
    resource: z.string({ error: "is required (a resource name or URN pattern)" }).min(1, "must not be empty"),
    reason: z.string({ error: "is required (why the risk is accepted)" }).min(1, "must not be empty"),
    owner: z.string({ error: "is required (who accepted the risk)" }).min(1, "must not be empty"),
    expires: z
        .string({ error: "is required (last valid day, YYYY-MM-DD)" })
        .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
        .refine(isCalendarDate, "must be a real calendar date"),
    approvedBy: z.string().min(1, "must not be empty").optional(),
});

/**
 * Validates a policy's `waivers` config. Throws an error naming the policy, the waiver index, the
 * field and the problem; a waiver for a risk the policy does not report is an error too.
 */
export function parseWaivers(policy: string, raw: unknown, risks: readonly string[]): Waiver[] {
    if (raw === undefined || raw === null) {
        return [];
    }
    const key = `${policy}\u0000${JSON.stringify(raw)}`;
    const cached = parsedWaivers.get(key);
    if (cached) {
        return cached;
    }
    const result = parseWaiversUncached(policy, raw, risks);
    parsedWaivers.set(key, result);
    return result;
}

// Config only changes on Configure, but rules run per resource: parse each distinct config once.
const parsedWaivers = new Map<string, Waiver[]>();

function parseWaiversUncached(policy: string, raw: unknown, risks: readonly string[]): Waiver[] {
    const problems = waiverProblems(policy, raw, risks);
    if (problems.length > 0) {
        throw new Error(`invalid policy pack config:\n  ${problems.join("\n  ")}`);
    }
    return (raw as unknown[]).map((item) => WaiverSchema.parse(item));
}

/**
 * Every problem of a policy's `waivers` config, each naming the policy, the waiver index and the
 * field; empty when the waivers are valid. The engine runs it before Configure, the pack on use.
 */
export function waiverProblems(policy: string, raw: unknown, risks: readonly string[]): string[] {
    if (raw === undefined || raw === null) {
        return [];
    }
    if (!Array.isArray(raw)) {
        return [`${policy}.waivers must be a list of waivers`];
    }
    const problems: string[] = [];
    raw.forEach((item, i) => {
        const parsed = WaiverSchema.safeParse(item);
        if (!parsed.success) {
            for (const issue of parsed.error.issues) {
                const field = issue.path.length > 0 ? `.${issue.path.join(".")}` : "";
                problems.push(
                    `${policy}.waivers[${i}]${field}: ${issue.code === "unrecognized_keys" ? `unknown field(s) ${issue.keys.join(", ")}` : issue.message}`,
                );
            }
        } else if (!risks.includes(parsed.data.risk)) {
            problems.push(
                `${policy}.waivers[${i}].risk: ${parsed.data.risk} is not reported by this policy (it reports ${risks.join(", ")})`,
            );
        }
    });
    return problems;
}

/** True when the waiver's last day is before today (UTC). */
export function isExpired(waiver: Waiver, now: Date): boolean {
    return Date.parse(`${waiver.expires}T23:59:59.999Z`) < now.getTime();
}

/**
 * The waivers for a risk on a resource (matched on its name or URN): the first active one, every
 * active one (`allActive`, in config order) and the first expired one.
 */
export function matchWaivers(
    waivers: readonly Waiver[],
    risk: string,
    resource: { name: string; urn: string },
    now: Date,
): { active?: Waiver; allActive: Waiver[]; expired?: Waiver } {
    const matching = waivers.filter(
        (w) => w.risk === risk && (globMatches(w.resource, resource.name) || globMatches(w.resource, resource.urn)),
    );
    const allActive = matching.filter((w) => !isExpired(w, now));
    return { active: allActive[0], allActive, expired: matching.find((w) => isExpired(w, now)) };
}

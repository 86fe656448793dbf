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
    /**
     * Who approved it (one person or several); a medium or high risk's waiver counts only when they
     * hold the roles its condition needs (policies/lib/waiverAuthority.ts).
     */
    approvedBy?: string | string[];
    /** The id of the condition its risk's named waiver may be requested under, where the document names one. */
    condition?: string;
    /** Each compensating control its risk's waiver needs (register id → where it is). */
    compensatingControls?: Record<string, string>;
}

/** A pack-config downgrade of a policy below its register level: a waiver of every risk the policy reports. */
export interface Downgrade extends Omit<Waiver, "risk" | "resource"> {
    /** The level the approval covers: `advisory`, or `disabled` (which covers advisory too). */
    level: "advisory" | "disabled";
}

const APPROVED_BY_SCHEMA: PolicyConfigJSONSchema = {
    description:
        "Who approved it: one person or a list; together they must hold the roles the risk's waiver condition needs under `approvers`",
    // A string, or a list of strings (each keyword applies to its own type only).
    type: ["string", "array"],
    minLength: 1,
    minItems: 1,
    items: { type: "string", minLength: 1 },
};

const TERMS_SCHEMA: Record<string, PolicyConfigJSONSchema> = {
    reason: { type: "string", minLength: 1 },
    owner: { type: "string", minLength: 1 },
    expires: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "Last valid day, YYYY-MM-DD" },
    approvedBy: APPROVED_BY_SCHEMA,
    condition: {
        type: "string",
        minLength: 1,
        description:
            "The id of the condition its risk's named waiver may be requested under (register `waiver.condition`)",
    },
    compensatingControls: {
        type: "object",
        description: "Each compensating control the risk's waiver needs: register id → where it is documented",
        additionalProperties: { type: "string", minLength: 1 },
    },
};

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
            ...TERMS_SCHEMA,
        },
    },
};

/** JSON schema of the `downgrade` config property: the approval of the policy's level below its register level. */
export const DOWNGRADE_CONFIG_SCHEMA: PolicyConfigJSONSchema = {
    type: "object",
    description:
        "Approval of this policy's enforcementLevel below its register level (or disabled): a waiver of every risk it reports, with the authority each needs.",
    additionalProperties: false,
    required: ["level", "reason", "owner", "expires"],
    properties: {
        level: { type: "string", enum: ["advisory", "disabled"], description: "The level the approval covers" },
        ...TERMS_SCHEMA,
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
    approvedBy: z
        .union(
            [
                z.string().min(1, "must not be empty"),
                z.array(z.string().min(1, "must not be empty")).min(1, "must name at least one person"),
            ],
            { error: "must be a person or a list of people" },
        )
        .optional(),
    condition: z.string().min(1, "must not be empty").optional(),
    compensatingControls: z.record(z.string(), z.string().min(1, "must say where the control is")).optional(),
});

const DowngradeSchema = z.strictObject({
    ...WaiverSchema.omit({ risk: true, resource: true }).shape,
    level: z.enum(["advisory", "disabled"], { error: "must be advisory or disabled (the level the approval covers)" }),
});

/** Every problem of a policy's `downgrade` config, each naming the policy and the field; empty when valid or absent. */
export function downgradeProblems(policy: string, raw: unknown): string[] {
    if (raw === undefined || raw === null) {
        return [];
    }
    const parsed = DowngradeSchema.safeParse(raw);
    return parsed.success
        ? []
        : parsed.error.issues.map(
              (issue) =>
                  `${policy}.downgrade${issue.path.length > 0 ? `.${issue.path.join(".")}` : ""}: ${issue.code === "unrecognized_keys" ? `unknown field(s) ${issue.keys.join(", ")}` : issue.message}`,
          );
}

/** A policy's `downgrade` config, validated; undefined when absent. Throws naming the policy and field. */
export function parseDowngrade(policy: string, raw: unknown): Downgrade | undefined {
    if (raw === undefined || raw === null) {
        return undefined;
    }
    const problems = downgradeProblems(policy, raw);
    if (problems.length > 0) {
        throw new Error(`invalid policy pack config:\n  ${problems.join("\n  ")}`);
    }
    return DowngradeSchema.parse(raw) as Downgrade;
}

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
export function isExpired(waiver: Pick<Waiver, "expires">, now: Date): boolean {
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

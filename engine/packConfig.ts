// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The engine's duty before Configure: reconcile the pack config (schema defaults, then the pack's
// initial config, then the user's config with its `all` key) and validate it against each policy's schema.
import type Ajv from "ajv";
import type { ValidateFunction } from "ajv";
import { Approvers, approversOf, downgradeProblem } from "../policies/lib/waiverAuthority";
import { Downgrade, downgradeProblems, waiverProblems } from "../policies/lib/waivers";
import { REGISTER } from "../policies/register";
import { LEVEL_NAMES, LevelName, PackInfo, PolicyDescription } from "./types";

/** A user's pack config, as in `--policy-pack-config <file>`. */
export type UserPackConfig = Record<string, unknown>;

/** The effective config of every policy, ready for Configure. */
export type EffectivePackConfig = Record<string, { enforcementLevel: LevelName; properties: Record<string, unknown> }>;

/** Raised for an invalid pack config; names the policy and the problem. */
export class PackConfigError extends Error {
    constructor(public readonly problems: string[]) {
        super(`invalid policy pack config:\n  ${problems.join("\n  ")}`);
        this.name = "PackConfigError";
    }
}

/** The risk IDs a policy reports: its tags other than the `score-<n>` tag. */
function riskTags(p: PolicyDescription): string[] {
    return p.tags.filter((t) => !t.startsWith("score-"));
}

function isLevel(v: unknown): v is LevelName {
    return typeof v === "string" && (LEVEL_NAMES as readonly string[]).includes(v);
}

function levelOf(value: unknown, where: string, problems: string[]): LevelName | undefined {
    if (value === undefined) {
        return undefined;
    }
    if (isLevel(value)) {
        return value;
    }
    problems.push(`${where}: enforcementLevel ${JSON.stringify(value)} is not one of ${LEVEL_NAMES.join(", ")}`);
    return undefined;
}

// Every policy of the pack shares one config schema; each distinct schema is compiled once per process.
const validators = new Map<string, ValidateFunction>();
let ajv: Ajv | undefined;
function compiled(schema: object): ValidateFunction {
    const key = JSON.stringify(schema);
    let v = validators.get(key);
    if (!v) {
        // Loaded on first use: a run without user config never needs it.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        ajv ??= new (require("ajv") as { default: typeof Ajv }).default({ allErrors: true, strict: false });
        v = ajv.compile(schema);
        validators.set(key, v);
    }
    return v;
}

/**
 * Reconciles and validates a user's pack config against the pack's self-description, in the
 * engine's order: each policy's own level and schema defaults, then the pack's initial config, then
 * `all`, then the policy's own entry. Throws a {@link PackConfigError} listing every problem.
 */
export function reconcilePackConfig(info: PackInfo, user: UserPackConfig = {}): EffectivePackConfig {
    const problems: string[] = [];
    const names = new Set(info.policies.map((p) => p.name));
    for (const key of Object.keys(user)) {
        if (key !== "all" && !names.has(key)) {
            problems.push(`${key}: no such policy in pack ${info.name}`);
        }
    }
    const all = user.all;
    const allLevel =
        typeof all === "object" && all !== null
            ? levelOf((all as Record<string, unknown>).enforcementLevel, "all", problems)
            : levelOf(all, "all", problems);
    const out: EffectivePackConfig = {};
    for (const p of info.policies) {
        const properties: Record<string, unknown> = {};
        for (const [k, schema] of Object.entries(p.configSchema?.properties ?? {})) {
            const def = (schema as { default?: unknown }).default;
            if (def !== undefined) {
                properties[k] = def;
            }
        }
        let level: LevelName = p.enforcementLevel;
        const initial = info.initialConfig[p.name];
        if (initial) {
            level = initial.enforcementLevel ?? level;
            Object.assign(properties, initial.properties);
        }
        level = allLevel ?? level;
        const own = user[p.name];
        if (typeof own === "string") {
            level = levelOf(own, p.name, problems) ?? level;
        } else if (typeof own === "object" && own !== null) {
            const { enforcementLevel, ...props } = own as Record<string, unknown>;
            level = levelOf(enforcementLevel, p.name, problems) ?? level;
            Object.assign(properties, props);
        } else if (own !== undefined) {
            problems.push(`${p.name}: must be an enforcement level or an object of settings`);
        }
        const schema = {
            type: "object",
            properties: p.configSchema?.properties ?? {},
            required: p.configSchema?.required ?? [],
            additionalProperties: false,
        };
        // An empty config with nothing required is valid under any such schema: no need to compile it.
        const trivial = Object.keys(properties).length === 0 && schema.required.length === 0;
        const validate = trivial ? undefined : compiled(schema);
        if (!validate || validate(properties)) {
            // What JSON schema cannot say (a real calendar day, a risk the policy reports), checked
            // here so a bad waiver is a config error and never a failure inside the pack.
            problems.push(...waiverProblems(p.name, properties.waivers, riskTags(p)));
            problems.push(...downgradeProblems(p.name, properties.downgrade));
        } else {
            for (const e of validate.errors ?? []) {
                const at = e.instancePath ? e.instancePath.replace(/^\//, "").replace(/\//g, ".") : "";
                const extra =
                    e.keyword === "additionalProperties"
                        ? ` (${(e.params as { additionalProperty: string }).additionalProperty})`
                        : "";
                problems.push(`${p.name}${at ? `.${at}` : ""}: ${e.message}${extra}`);
            }
        }
        out[p.name] = { enforcementLevel: level, properties };
    }
    if (problems.length > 0) {
        throw new PackConfigError(problems);
    }
    return out;
}

/** Enforcement levels from lowest to highest (remediate enforces as mandatory does). */
const RANK: Record<LevelName, number> = { disabled: 0, advisory: 1, mandatory: 2, remediate: 2 };

/**
 * A policy the pack config sets below its register level (its default), which waives every risk it
 * reports: approved when its own entry's `downgrade` meets each risk's waiver condition.
 */
export interface PolicyDowngrade {
    policy: string;
    /** The register level. */
    from: LevelName;
    /** The level the pack config sets. */
    to: LevelName;
    /** The setting responsible, as in {@link DisabledPolicy}. */
    by: string;
    risks: string[];
    /** The approval when it counts. */
    approval?: { approvedBy: string[]; owner: string; expires: string; reason: string };
    /** Why it does not count (missing, expired, or below a risk's waiver condition). */
    problem?: string;
}

/**
 * Every policy the pack config lowers below its register level or disables, with its approval or
 * why it has none. A policy that reports no register risk (the waived-findings list) waives
 * nothing: it is listed, and needs no approval.
 */
export function downgradesOf(info: PackInfo, user: UserPackConfig = {}, now: Date = new Date()): PolicyDowngrade[] {
    const effective = reconcilePackConfig(info, user);
    const byPolicy = new Map(disabledPolicies(info, user, true).map((d) => [d.policy, d.by]));
    const out: PolicyDowngrade[] = [];
    for (const p of info.policies) {
        const to = effective[p.name].enforcementLevel;
        if (RANK[to] >= RANK[p.enforcementLevel]) {
            continue;
        }
        const risks = riskTags(p).filter((t) => REGISTER.some((e) => e.id === t));
        const base = {
            policy: p.name,
            from: p.enforcementLevel,
            to,
            by: byPolicy.get(p.name) ?? "the pack config",
            risks,
        };
        if (risks.length === 0) {
            out.push({ ...base, approval: { approvedBy: [], owner: "", expires: "", reason: "it reports no risk" } });
            continue;
        }
        const props = effective[p.name].properties;
        const d = props.downgrade as Downgrade | undefined;
        if (!d) {
            out.push({
                ...base,
                problem: `no approved downgrade: ${p.name} reports ${risks.join(", ")}, and lowering it to ${to} waives them; add "downgrade": {"level": "${to}", "owner", "reason", "expires", "approvedBy"} to its entry, with the authority its risks need`,
            });
            continue;
        }
        const entries = risks.map((r) => REGISTER.find((e) => e.id === r)!);
        const problem = downgradeProblem(p.name, entries, d, props.approvers as Approvers | undefined, now, to);
        out.push(
            problem
                ? { ...base, problem }
                : {
                      ...base,
                      approval: { approvedBy: approversOf(d), owner: d.owner, expires: d.expires, reason: d.reason },
                  },
        );
    }
    return out;
}

/** A policy that is off for a run, and what turned it off. */
export interface DisabledPolicy {
    policy: string;
    /** `its own pack-config entry`, `the pack config's "all" key`, `the pack's initial config` or `its default level`. */
    by: string;
}

/**
 * The policies a user's pack config leaves disabled, each with the setting responsible (same order
 * as reconcile); with `anyLevel`, every policy with the setting that decides its level.
 */
export function disabledPolicies(info: PackInfo, user: UserPackConfig = {}, anyLevel = false): DisabledPolicy[] {
    const levelIn = (v: unknown): unknown =>
        typeof v === "object" && v !== null ? (v as Record<string, unknown>).enforcementLevel : v;
    const out: DisabledPolicy[] = [];
    for (const p of info.policies) {
        const own = levelIn(user[p.name]);
        const all = levelIn(user.all);
        const initial = info.initialConfig[p.name]?.enforcementLevel;
        const [level, by] =
            own !== undefined
                ? [own, "its own pack-config entry"]
                : all !== undefined
                  ? [all, 'the pack config\'s "all" key']
                  : initial !== undefined
                    ? [initial, "the pack\'s initial config"]
                    : [p.enforcementLevel, "its default level"];
        if (level === "disabled" || anyLevel) {
            out.push({ policy: p.name, by });
        }
    }
    return out;
}

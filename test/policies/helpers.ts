// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import {
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
    unknownCheckingProxy,
} from "@pulumi/policy";

/** The resource options the policy server passes when a resource sets none. */
const DEFAULT_OPTIONS: PolicyResource["opts"] = {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
};

/** Options of a simulated resource validation. */
export interface ResourceCase {
    type: string;
    name?: string;
    props: Record<string, unknown>;
    opts?: Partial<ResourceValidationArgs["opts"]>;
    config?: Record<string, unknown>;
    /** The Pulumi provider; absent for an object read from a plain manifest. */
    provider?: { name: string; props: Record<string, unknown> };
}

/**
 * Runs a resource policy as the policy server would (props behind the SDK's unknown-checking proxy)
 * and awaits every validation, so an async rule is checked too; returns the violation messages.
 */
export async function violationsOf(policy: ResourceValidationPolicy, c: ResourceCase): Promise<string[]> {
    const out: string[] = [];
    const args = resourceArgsOf(c);
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    for (const v of validations) {
        if (v) {
            await v(args, ((message: unknown) => out.push(messageOf(message))) as never);
        }
    }
    return out;
}

/** The arguments the policy server passes a resource policy (props behind the unknown-checking proxy). */
export function resourceArgsOf(c: ResourceCase): ResourceValidationArgs {
    const name = c.name ?? "res";
    const props = unknownCheckingProxy(JSON.parse(JSON.stringify(c.props), reviveUnknowns)) as Record<string, unknown>;
    const args: ResourceValidationArgs = {
        type: c.type,
        props,
        urn: `urn:pulumi:test::cluster-platform::${c.type}::${name}`,
        name,
        opts: { ...DEFAULT_OPTIONS, ...c.opts },
        ...(c.provider
            ? {
                  provider: {
                      type: "pulumi:providers:kubernetes",
                      name: c.provider.name,
                      urn: `urn:pulumi:test::cluster-platform::pulumi:providers:kubernetes::${c.provider.name}`,
                      props: c.provider.props,
                  },
              }
            : {}),
        stackTags: new Map(),
        getConfig: <T extends object>() => (c.config ?? {}) as T,
        isType: () => false,
        asType: () => undefined,
        notApplicable: (reason?: string) => {
            throw new Error(`not applicable: ${reason}`);
        },
    };
    return args;
}

/** A resource of a simulated stack: type, name, props, and optionally its provider, parent and dependencies (by name). */
export interface StackCase {
    type: string;
    name: string;
    props: Record<string, unknown>;
    provider?: { name: string; props: Record<string, unknown> };
    parent?: string;
    dependsOn?: string[];
    opts?: { protect?: boolean };
}

/**
 * The message of a reported violation: a string, or the object form of @pulumi/policy 1.21's
 * reportViolation (which a mandatory rule uses to keep its level; see policies/lib/rule.ts).
 */
export function messageOf(v: unknown): string {
    return typeof v === "object" && v !== null ? String((v as { message?: unknown }).message ?? "") : String(v);
}

/** The level a violation was reported at: the object form's own, or undefined (the configured level). */
export function levelOf(v: unknown): string | undefined {
    return typeof v === "object" && v !== null ? (v as { enforcementLevel?: string }).enforcementLevel : undefined;
}

/** Runs a stack policy over resources and awaits it; returns `[urn] message` strings. */
export async function stackViolationsOf(
    policy: StackValidationPolicy,
    resources: StackCase[],
    config: Record<string, unknown> = {},
): Promise<string[]> {
    const out: string[] = [];
    await policy.validateStack(stackArgsOf(resources, config), ((v: unknown, urn?: string) => {
        const at = urn ?? (typeof v === "object" && v !== null ? (v as { urn?: string }).urn : undefined);
        out.push(at ? `[${at.split("::").pop()}] ${messageOf(v)}` : messageOf(v));
    }) as never);
    return out;
}

/** The arguments the policy server passes a stack policy. */
export function stackArgsOf(resources: StackCase[], config: Record<string, unknown> = {}): StackValidationArgs {
    const list: PolicyResource[] = resources.map((r) => ({
        type: r.type,
        name: r.name,
        urn: `urn:pulumi:test::cluster-platform::${r.type}::${r.name}`,
        props: unknownCheckingProxy(JSON.parse(JSON.stringify(r.props), reviveUnknowns)) as Record<string, unknown>,
        opts: { ...DEFAULT_OPTIONS, ...r.opts },
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
        ...(r.provider
            ? {
                  provider: {
                      type: "pulumi:providers:kubernetes",
                      name: r.provider.name,
                      urn: `urn:pulumi:test::cluster-platform::pulumi:providers:kubernetes::${r.provider.name}`,
                      props: r.provider.props,
                  },
              }
            : {}),
    }));
    const byName = new Map(list.map((x) => [x.name, x]));
    resources.forEach((r, i) => {
        if (r.parent) {
            list[i].parent = byName.get(r.parent);
        }
        list[i].dependencies = (r.dependsOn ?? []).map((d) => byName.get(d)!).filter((x) => !!x);
    });
    const args: StackValidationArgs = {
        resources: list,
        stackTags: new Map(),
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string) => {
            throw new Error(`not applicable: ${reason}`);
        },
    };
    return args;
}

/** Placeholder in fixtures for the SDK's real unknown string sentinel. */
export const UNKNOWN = "__unknown_string__";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxyModule = require("@pulumi/policy/proxy") as { unknownStringValue: unknown };

function reviveUnknowns(_key: string, value: unknown): unknown {
    return value === UNKNOWN ? proxyModule.unknownStringValue : value;
}

/** A deep copy with one change applied. */
export function mutate<T>(value: T, change: (copy: T) => void): T {
    const copy = JSON.parse(JSON.stringify(value)) as T;
    change(copy);
    return copy;
}

/** The common checks every rule spec starts with (compliance-policies style). */
export function describeCommon(
    policy: ResourceValidationPolicy | StackValidationPolicy,
    expected: { name: string; enforcementLevel: string; severity: string; risks: string[] },
): void {
    it("name", () => {
        if (policy.name !== expected.name) {
            throw new Error(`name ${policy.name} != ${expected.name}`);
        }
    });
    it("enforcementLevel comes from the score", () => {
        if (policy.enforcementLevel !== expected.enforcementLevel) {
            throw new Error(`enforcementLevel ${policy.enforcementLevel} != ${expected.enforcementLevel}`);
        }
    });
    it("metadata: severity, risks, remediation and url", () => {
        if (policy.severity !== expected.severity) {
            throw new Error(`severity ${policy.severity} != ${expected.severity}`);
        }
        for (const r of expected.risks) {
            if (!policy.tags?.includes(r)) {
                throw new Error(`tags lack ${r}`);
            }
        }
        if (!policy.remediationSteps || !policy.url) {
            throw new Error("remediationSteps and url are required");
        }
    });
    it("description is one full sentence", () => {
        if (!/^[A-Z][^\n]*\.$/.test(policy.description) || policy.description.split(". ").length > 1) {
            throw new Error(`not one sentence: ${policy.description}`);
        }
    });
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// What a policy sees of one resource in the in-process engine, built as @pulumi/policy 1.21's server
// builds it from an Analyze request: options, provider, type checks, and the properties — decoded
// and unknown-guarded only where the data needs it, once per resource for every policy.
import type { PolicyProviderResource, PolicyResourceOptions } from "@pulumi/policy";
import { RecordedResource } from "./record";
import { UNKNOWN_SENTINELS } from "../policies/lib/deserializeOnce";

/**
 * The SDK's own unknown-checking proxy and its error class: the same code the pack server runs.
 * From the SDK's proxy module directly: its index would load all of @pulumi/pulumi.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy<T extends object>(o: T): T;
};

/** The SDK's deserializer (secrets unwrapped, assets rebuilt), loaded only for data that holds special values. */
function deserializeProperties(wire: Record<string, unknown>): Record<string, unknown> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require("@pulumi/policy/deserialize") as {
        deserializeProperties(struct: { toJavaScript(): Record<string, unknown> }, proxySecrets: boolean): object;
    };
    return sdk.deserializeProperties({ toJavaScript: () => wire }, false) as Record<string, unknown>;
}

/** Durations as the client sends them in AnalyzerResourceOptions (seconds; "" or unparsable is 0). */
export function durationSeconds(duration: string): number {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(duration);
    if (!m) {
        return 0;
    }
    const n = Number(m[1]);
    return { ms: n / 1000, s: n, m: n * 60, h: n * 3600 }[m[2] ?? "s"] ?? 0;
}

/** The options a policy sees, as the server builds them from what the protocol client sends. */
export function policyOptionsOf(r: RecordedResource): PolicyResourceOptions {
    const t = r.options.customTimeouts;
    return {
        protect: r.options.protect === true,
        ignoreChanges: r.options.ignoreChanges,
        aliases: r.options.aliases.filter((a) => a.startsWith("urn:")),
        customTimeouts: {
            createSeconds: t ? durationSeconds(t.create) : 0,
            updateSeconds: t ? durationSeconds(t.update) : 0,
            deleteSeconds: t ? durationSeconds(t.delete) : 0,
        },
        additionalSecretOutputs: [],
        deleteBeforeReplace: r.options.deleteBeforeReplace,
        ...(r.parent ? { parent: r.parent } : {}),
    };
}

/** The provider URN of a provider reference `<urn>::<id>`. */
export function providerUrnOf(ref: string): string {
    const i = ref.lastIndexOf("::");
    return i > 0 ? ref.slice(0, i) : ref;
}

/** The provider resources of a recorded graph, by URN (what a resource's provider reference names). */
export function providersByUrn(resources: readonly RecordedResource[]): Map<string, RecordedResource> {
    return new Map(resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [r.urn, r]));
}

/** One resource as every policy of one analysis sees it: deserialized and proxied once. */
export interface Prepared {
    r: RecordedResource;
    props: Record<string, unknown>;
    opts: PolicyResourceOptions;
    provider?: PolicyProviderResource;
}

export function isTypeOf(type: string, resourceClass: unknown): boolean {
    const c = resourceClass as { __pulumiType?: string; isInstance?: (o: unknown) => boolean };
    if (typeof c.__pulumiType === "string") {
        return type === c.__pulumiType;
    }
    return typeof c.isInstance === "function" && c.isInstance({ __pulumiType: type }) === true;
}

/** The wire's special-value key (secrets, assets, archives, resource references). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";

/** What a wire value holds that changes how policies see it: special values to decode, unknowns to guard. */
export function wireFeatures(value: unknown, out = { special: false, unknown: false }): typeof out {
    if (typeof value === "string") {
        out.unknown ||= UNKNOWN_SENTINELS.has(value);
    } else if (Array.isArray(value)) {
        for (const v of value) {
            wireFeatures(v, out);
        }
    } else if (typeof value === "object" && value !== null) {
        out.special ||= SIG_KEY in value;
        for (const k in value) {
            wireFeatures((value as Record<string, unknown>)[k], out);
        }
    }
    return out;
}

/**
 * The properties every policy of one analysis sees. The SDK's deserializer only changes special
 * values and its proxy only acts on unknowns: plain data (every manifest, most recorded resources)
 * is passed as it is, which is what both would return for it, without their per-access cost.
 */
export function propsOf(wire: Record<string, unknown>): Record<string, unknown> {
    const { special, unknown } = wireFeatures(wire);
    const props = special ? deserializeProperties(wire) : wire;
    return unknown ? unknownCheckingProxy(props) : props;
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// What a policy sees of one resource in the in-process engine, built as @pulumi/policy 1.21's server
// builds it from an Analyze request: options, provider, type checks, and the properties — decoded
// and unknown-guarded only where the data needs it, once per resource for every policy.
import type { PolicyProviderResource, PolicyResourceOptions } from "@pulumi/policy";
import { durationSeconds } from "../recording/graph";
import { RecordedResource } from "../recording/program";
import { deserializeWireProperties, unknownCheckingProxy } from "../../policies/runtime/sdkInternals";
import { SECRET_SIG_KEY, UNKNOWN_SENTINELS } from "../../policies/runtime/wire";

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

/** What a wire value holds that changes how policies see it: special values to decode, unknowns to guard. */
export function wireFeatures(value: unknown, out = { special: false, unknown: false }): typeof out {
    if (typeof value === "string") {
        out.unknown ||= UNKNOWN_SENTINELS.has(value);
    } else if (Array.isArray(value)) {
        for (const v of value) {
            wireFeatures(v, out);
        }
    } else if (typeof value === "object" && value !== null) {
        out.special ||= SECRET_SIG_KEY in value;
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
    const props = special ? deserializeWireProperties(wire) : wire;
    return unknown ? unknownCheckingProxy(props) : props;
}

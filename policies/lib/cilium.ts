// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// What the Cilium rules share: finding the Cilium release of a stack and a resource's ancestors.
import { PolicyResource } from "@pulumi/policy";
import { HELM_RELEASE_TYPE, isChart, isReleaseOf } from "./kube";

/** The stack's Cilium Helm release, if it declares one. */
export function ciliumRelease(resources: readonly PolicyResource[]): PolicyResource | undefined {
    return resources.find((r) => isReleaseOf(r.type, r.props as Record<string, unknown>, "cilium"));
}

/** A resource's parents, nearest first. */
export function ancestors(r: PolicyResource): PolicyResource[] {
    const out: PolicyResource[] = [];
    for (let p = r.parent; p; p = p.parent) {
        out.push(p);
    }
    return out;
}

/** The resource types a Cilium release can be declared as (a Flux HelmRelease is read as a helm.v3 Release). */
export const CILIUM_RELEASE_TYPES: readonly string[] = [HELM_RELEASE_TYPE, "kubernetes:helm.sh/v4:Chart"];

/** True for a Helm release (helm.sh/v3 Release, helm.sh/v4 Chart) of the `cilium` chart. */
export function isCiliumRelease(type: string, props: Record<string, unknown>): boolean {
    return CILIUM_RELEASE_TYPES.includes(type) && isChart(props, "cilium");
}

/**
 * A plain copy of release values read through the policy SDK's proxy: every key is read, so a value
 * unknown at preview throws the SDK's UnknownValueError here (an advisory rule lets it through as the
 * SDK's "can't run policy" note); a non-record gives `{}`.
 */
export function plainValues(values: unknown): Record<string, unknown> {
    const copy = (v: unknown): unknown => {
        if (Array.isArray(v)) {
            return Array.from({ length: v.length }, (_, i) => copy(v[i]));
        }
        if (typeof v === "object" && v !== null) {
            return Object.fromEntries(Object.keys(v).map((k) => [k, copy((v as Record<string, unknown>)[k])]));
        }
        return v;
    };
    const out = copy(values);
    return typeof out === "object" && out !== null && !Array.isArray(out) ? (out as Record<string, unknown>) : {};
}

/** The bootstrap release the handover adopts. */
export const BOOTSTRAP_RELEASE = { name: "cilium", namespace: "kube-system" } as const;

/** `namespace/name` of a Cilium release that is not the bootstrap release kube-system/cilium; undefined otherwise. */
export function otherCiliumRelease(r: {
    type: string;
    name: string;
    props: Record<string, unknown>;
}): string | undefined {
    if (!isReleaseOf(r.type, r.props, "cilium")) {
        return undefined;
    }
    if (r.props.name === BOOTSTRAP_RELEASE.name && r.props.namespace === BOOTSTRAP_RELEASE.namespace) {
        return undefined;
    }
    return `${String(r.props.namespace ?? "default")}/${String(r.props.name ?? r.name)}`;
}

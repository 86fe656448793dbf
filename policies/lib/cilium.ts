// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// What the Cilium rules share: finding the Cilium release of a stack and a resource's ancestors.
import { PolicyResource } from "@pulumi/policy";
import { isReleaseOf } from "./kube";

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

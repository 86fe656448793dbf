// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { StackRule } from "../../lib/rule";
import { ciliumRelease } from "../../lib/cilium";
import { recordAt, valueAt } from "../../lib/record";

/**
 * Checks that every Kubernetes resource goes through an explicit provider pinned to the cluster
 * the Cilium values name, so no resource reaches another cluster through the ambient context.
 */
export const ciliumClusterPinning: StackRule = {
    name: "cluster-platform-cilium-cluster-pinning",
    kind: "stack",
    description: "Every Kubernetes resource uses an explicit provider pinned to the stack's own cluster.",
    risks: ["CIL-TECH-002"],
    remediationSteps:
        "Create one k8s.Provider per stack with context and clusterIdentifier equal to the cluster name, pass it to every component, and disable default providers.",
    check: (resources, report) => {
        const release = ciliumRelease(resources);
        const cluster = release ? valueAt(recordAt(release.props, "values"), "cluster.name") : undefined;
        for (const r of resources) {
            if (!r.type.startsWith("kubernetes:")) {
                continue;
            }
            if (!r.provider) {
                report(
                    "CIL-TECH-002",
                    `${r.type} ${r.name} has no explicit provider and would use the default one, i.e. whatever kube context is current; pass the stack's provider.`,
                    r.urn,
                );
                continue;
            }
            const props = r.provider.props as Record<string, unknown>;
            const identity = props.clusterIdentifier ?? props.context;
            if (typeof cluster === "string" && identity !== cluster) {
                report(
                    "CIL-TECH-002",
                    `${r.type} ${r.name} goes through provider ${r.provider.name} pinned to ${JSON.stringify(identity ?? null)} (context ${JSON.stringify(props.context ?? null)}) while this stack's Cilium values name cluster ${JSON.stringify(cluster)}; pin the provider to that cluster's context.`,
                    r.urn,
                );
            }
        }
    },
};

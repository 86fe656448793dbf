// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { StackRule } from "../../lib/rule";
import { ciliumRelease } from "../../lib/cilium";
import { recordAt, valueAt } from "../../lib/record";

/** The current-context a kubeconfig given inline names, if it is readable text. */
function currentContextOf(kubeconfig: unknown): string | undefined {
    if (typeof kubeconfig !== "string") {
        return undefined;
    }
    const m = /^current-context:\s*["']?([^"'\s#]+)["']?\s*$/m.exec(kubeconfig);
    return m?.[1];
}

/**
 * Checks that every Kubernetes resource goes through an explicit provider whose kube context (the
 * one it really connects with: `context`, else the inline kubeconfig's current-context) is the
 * cluster the Cilium values name; `clusterIdentifier` only names the cluster for Pulumi and never
 * masks a wrong or missing context.
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
            const context = typeof props.context === "string" && props.context !== "" ? props.context : undefined;
            const used = context ?? currentContextOf(props.kubeconfig);
            if (used === undefined) {
                report(
                    "CIL-TECH-002",
                    `${r.type} ${r.name} goes through provider ${r.provider.name}, which sets no context (clusterIdentifier ${JSON.stringify(props.clusterIdentifier ?? null)} only names the cluster for Pulumi), so it connects with whatever kube context is current; set context${typeof cluster === "string" ? ` to ${JSON.stringify(cluster)}` : ""}.`,
                    r.urn,
                );
            } else if (typeof cluster === "string" && used !== cluster) {
                report(
                    "CIL-TECH-002",
                    `${r.type} ${r.name} goes through provider ${r.provider.name}, which connects with context ${JSON.stringify(used)}${props.clusterIdentifier !== undefined ? ` (clusterIdentifier ${JSON.stringify(props.clusterIdentifier)})` : ""} while this stack's Cilium values name cluster ${JSON.stringify(cluster)}; pin the provider to that cluster's context.`,
                    r.urn,
                );
            }
        }
    },
};

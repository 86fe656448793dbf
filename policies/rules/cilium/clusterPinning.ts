// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { StackRule } from "../../lib/rule";
import { ciliumRelease } from "../../lib/cilium";
import { recordAt, valueAt } from "../../lib/propertyPaths";

/** The current-context a kubeconfig given inline names, if it is readable text. */
function currentContextOf(kubeconfig: unknown): string | undefined {
    if (typeof kubeconfig !== "string") {
        return undefined;
    }
    const m = /^current-context:\s*["']?([^"'\s#]+)["']?\s*$/m.exec(kubeconfig);
    return m?.[1];
}

/** The resources of one finding: the resource itself, or a count with the first three named. */
function subjectOf(group: readonly { type: string; name: string }[]): string {
    if (group.length === 1) {
        return `${group[0].type} ${group[0].name}`;
    }
    const named = group.slice(0, 3).map((r) => `${r.type} ${r.name}`);
    return `${group.length} Kubernetes resources (${named.join(", ")}${group.length > 3 ? `, and ${group.length - 3} more` : ""})`;
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
        // One cause, one finding: every resource behind the same (or no) provider is reported together.
        const byProvider = new Map<string, typeof resources>();
        for (const r of resources) {
            if (r.type.startsWith("kubernetes:")) {
                const key = r.provider ? `provider ${r.provider.urn ?? r.provider.name}` : "default";
                byProvider.set(key, [...(byProvider.get(key) ?? []), r]);
            }
        }
        for (const [key, unordered] of byProvider) {
            // The engine hands resources over in completion order: sort so the finding is the same in every run.
            const group = [...unordered].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
            const first = group[0];
            const subject = subjectOf(group);
            const goes = group.length === 1 ? "goes" : "go";
            if (key === "default" || !first.provider) {
                report(
                    "CIL-TECH-002",
                    `${subject} ${group.length === 1 ? "has" : "have"} no explicit provider and would use the default one, i.e. whatever kube context is current; pass the stack's provider.`,
                    first.urn,
                );
                continue;
            }
            const props = first.provider.props as Record<string, unknown>;
            const context = typeof props.context === "string" && props.context !== "" ? props.context : undefined;
            const used = context ?? currentContextOf(props.kubeconfig);
            if (used === undefined) {
                report(
                    "CIL-TECH-002",
                    `${subject} ${goes} through provider ${first.provider.name}, which sets no context (clusterIdentifier ${JSON.stringify(props.clusterIdentifier ?? null)} only names the cluster for Pulumi), so it connects with whatever kube context is current; set context${typeof cluster === "string" ? ` to ${JSON.stringify(cluster)}` : ""}.`,
                    first.urn,
                );
            } else if (typeof cluster === "string" && used !== cluster) {
                report(
                    "CIL-TECH-002",
                    `${subject} ${goes} through provider ${first.provider.name}, which connects with context ${JSON.stringify(used)}${props.clusterIdentifier !== undefined ? ` (clusterIdentifier ${JSON.stringify(props.clusterIdentifier)})` : ""} while this stack's Cilium values name cluster ${JSON.stringify(cluster)}; pin the provider to that cluster's context.`,
                    first.urn,
                );
            }
        }
    },
};

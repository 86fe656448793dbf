// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { PolicyResource } from "@pulumi/policy";
import { POLICY } from "../../register";
import { StackRule } from "../../lib/rule";
import { isReleaseOf } from "../../lib/kube";
import { ipv4ToNumber } from "../../lib/selectors";
import { at, valuesOf } from "./common";

function ciliumRelease(resources: readonly PolicyResource[]): PolicyResource | undefined {
    return resources.find((r) => isReleaseOf(r.type, r.props as Record<string, unknown>, "cilium"));
}

function ancestors(r: PolicyResource): PolicyResource[] {
    const out: PolicyResource[] = [];
    for (let p = r.parent; p; p = p.parent) {
        out.push(p);
    }
    return out;
}

/**
 * Checks that every Kubernetes resource goes through an explicit provider pinned to the cluster
 * the Cilium values name, so no resource reaches another cluster through the ambient context.
 */
export const ciliumClusterPinning: StackRule = {
    name: POLICY.ciliumClusterPinning,
    description: "Every Kubernetes resource uses an explicit provider pinned to the stack's own cluster.",
    risks: ["CIL-TECH-002"],
    remediationSteps:
        "Create one k8s.Provider per stack with context and clusterIdentifier equal to the cluster name, pass it to every component, and disable default providers.",
    url: "docs/policies.md#cluster-platform-cilium-cluster-pinning",
    check: (resources, report) => {
        const release = ciliumRelease(resources);
        const cluster = release ? at(valuesOf(release.props as Record<string, unknown>), "cluster.name") : undefined;
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

/** Checks that every resource outside the Cilium component waits for the Cilium release (directly, through a parent, or transitively). */
export const ciliumDependencyOrder: StackRule = {
    name: POLICY.ciliumDependencyOrder,
    description: "Every workload of the stack waits for the Cilium release.",
    risks: ["CIL-TECH-004"],
    remediationSteps:
        "Pass dependsOn: [cilium.release] to every other component (buildPlatform does) and forward it to their first children.",
    url: "docs/policies.md#cluster-platform-cilium-dependency-order",
    check: (resources, report) => {
        const release = ciliumRelease(resources);
        if (!release) {
            return;
        }
        const ciliumOwners = new Set([release.urn, ...ancestors(release).map((a) => a.urn)]);
        const memo = new Map<string, boolean>();
        const waits = (r: PolicyResource, seen: Set<string>): boolean => {
            const known = memo.get(r.urn);
            if (known !== undefined) {
                return known;
            }
            if (seen.has(r.urn)) {
                return false;
            }
            seen.add(r.urn);
            const deps = [...r.dependencies, ...ancestors(r).flatMap((a) => a.dependencies)];
            const result = deps.some((d) => d.urn === release.urn || waits(d, seen));
            memo.set(r.urn, result);
            return result;
        };
        for (const r of resources) {
            if (
                !r.type.startsWith("kubernetes:") ||
                r.urn === release.urn ||
                (r.parent && ciliumOwners.has(r.parent.urn))
            ) {
                continue;
            }
            if (!waits(r, new Set())) {
                report(
                    "CIL-TECH-004",
                    `${r.type} ${r.name} does not wait for the Cilium release, so it can be created before the CNI is ready; make it (or its component) depend on the release.`,
                    r.urn,
                );
            }
        }
    },
};

/** Checks that the chart is the one owner of the Cilium CRDs: it installs them, and nothing else declares them. */
export const ciliumCrdOwnership: StackRule = {
    name: POLICY.ciliumCrdOwnership,
    description: "The Cilium chart is the only owner of the cilium.io CRDs.",
    risks: ["CIL-TECH-005"],
    remediationSteps:
        "Leave skipCrds unset on the Cilium release and remove any CustomResourceDefinition of group cilium.io declared elsewhere.",
    url: "docs/policies.md#cluster-platform-cilium-crd-ownership",
    check: (resources, report) => {
        const release = ciliumRelease(resources);
        if (release && (release.props as Record<string, unknown>).skipCrds === true) {
            report(
                "CIL-TECH-005",
                `the Cilium release sets skipCrds: true, so its CRDs would need a second owner; remove skipCrds.`,
                release.urn,
            );
        }
        for (const r of resources) {
            if (
                r.type === "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition" &&
                String(at(r.props, "spec.group")) === "cilium.io"
            ) {
                report(
                    "CIL-TECH-005",
                    `CustomResourceDefinition ${String(at(r.props, "metadata.name") ?? r.name)} is declared outside the Cilium chart, which also owns it; remove it.`,
                    r.urn,
                );
            }
        }
    },
};

/** Checks that the ClusterMesh API server's LB address lies in an enabled LB-IPAM pool of the same stack. */
export const ciliumClusterMeshAddress: StackRule = {
    name: POLICY.ciliumClusterMeshAddress,
    description: "The ClusterMesh API server address lies in an enabled load-balancer pool of its own cluster.",
    risks: ["CIL-TECH-011"],
    remediationSteps:
        "Pick clustermesh.apiserver.service.annotations[io.cilium/lb-ipam-ips] from this cluster's CiliumLoadBalancerIPPool blocks.",
    url: "docs/policies.md#cluster-platform-cilium-clustermesh-address",
    check: (resources, report) => {
        const release = ciliumRelease(resources);
        if (!release) {
            return;
        }
        const ann = at(
            valuesOf(release.props as Record<string, unknown>),
            "clustermesh.apiserver.service.annotations",
        ) as Record<string, unknown> | undefined;
        const ip = ann?.["io.cilium/lb-ipam-ips"];
        if (typeof ip !== "string") {
            return;
        }
        const blocks = resources
            .filter((r) => r.type.endsWith(":CiliumLoadBalancerIPPool") && at(r.props, "spec.disabled") !== true)
            .flatMap((r) =>
                ((at(r.props, "spec.blocks") as { start?: string; stop?: string }[] | undefined) ?? []).filter(
                    (b) => b.start && b.stop,
                ),
            );
        const n = ipv4ToNumber(ip);
        if (!blocks.some((b) => n >= ipv4ToNumber(b.start!) && n <= ipv4ToNumber(b.stop!))) {
            report(
                "CIL-TECH-011",
                `the ClusterMesh API server address ${ip} is outside every enabled CiliumLoadBalancerIPPool of this stack (${blocks.map((b) => `${b.start}-${b.stop}`).join(", ") || "none"}); LB-IPAM will never assign it, so pick an address from this cluster's pool.`,
                release.urn,
            );
        }
    },
};

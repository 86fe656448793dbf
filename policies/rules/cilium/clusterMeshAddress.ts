// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { StackRule } from "../../lib/rule";
import { ipv4ToNumber } from "../../lib/networkPolicy";
import { ciliumRelease } from "../../lib/cilium";
import { recordAt, valueAt } from "../../lib/propertyPaths";

/** Checks that the ClusterMesh API server's LB address lies in an enabled LB-IPAM pool of the same stack. */
export const ciliumClusterMeshAddress: StackRule = {
    name: "cluster-platform-cilium-clustermesh-address",
    kind: "stack",
    description: "The ClusterMesh API server address lies in an enabled load-balancer pool of its own cluster.",
    risks: ["CIL-TECH-011"],
    remediationSteps:
        "Pick clustermesh.apiserver.service.annotations[io.cilium/lb-ipam-ips] from this cluster's CiliumLoadBalancerIPPool blocks.",
    check: (resources, report) => {
        const release = ciliumRelease(resources);
        if (!release) {
            return;
        }
        const ann = valueAt(recordAt(release.props, "values"), "clustermesh.apiserver.service.annotations") as
            Record<string, unknown> | undefined;
        const ip = ann?.["io.cilium/lb-ipam-ips"];
        if (typeof ip !== "string") {
            return;
        }
        const blocks = resources
            .filter((r) => r.type.endsWith(":CiliumLoadBalancerIPPool") && valueAt(r.props, "spec.disabled") !== true)
            .flatMap((r) =>
                ((valueAt(r.props, "spec.blocks") as { start?: string; stop?: string }[] | undefined) ?? []).filter(
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

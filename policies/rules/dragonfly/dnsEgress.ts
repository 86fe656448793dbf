// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { StackRule } from "../../lib/rule";
import { recordAt } from "../../lib/propertyPaths";
import { DnsEgressProblem, dnsEgressProblems } from "../../lib/exposure/dnsEgress";
import { directory } from "../../lib/exposure/selection";
import { dragonflyWorld, exposureContextOf } from "../../lib/exposure/stack";
import { buildStackView, StackView } from "../../lib/stackView";

const FIX = "allow k8s-app=kube-dns in kube-system by label on UDP and TCP 53";

/** The ClusterIPs of the kube-dns Service the input declares (none when it declares no such Service). */
function kubeDnsClusterIps(view: StackView): string[] {
    return view
        .ofType("kubernetes:core/v1:Service", "kube-system")
        .filter((s) => s.name === "kube-dns")
        .flatMap((s) => {
            const spec = recordAt(s.props, "spec");
            return [spec.clusterIP, ...(Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [])];
        })
        .filter((ip): ip is string => typeof ip === "string" && ip !== "" && ip !== "None");
}

function message(who: string, protocols: string, p: DnsEgressProblem): string {
    if (p.kind === "blocked") {
        return `egress of ${who} is isolated but does not allow ${protocols} 53 to kube-dns in kube-system; add an egress rule to k8s-app=kube-dns on UDP and TCP 53.`;
    }
    const where = `${p.cidrs.join(", ")} (${p.via.join(", ")})`;
    return p.kind === "clusterIp"
        ? `egress of ${who} allows ${protocols} 53 only to ${where}, the ClusterIP of Service kube-system/kube-dns; Cilium applies policy after service translation, so only the kube-dns pods count and DNS is blocked: ${FIX}.`
        : `egress of ${who} allows ${protocols} 53 only to ${where}, addresses rather than the kube-dns pods; a Service ClusterIP there admits nothing, since Cilium applies policy after service translation: ${FIX}.`;
}

/**
 * Checks, over every NetworkPolicy, CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy selecting
 * them, that Dragonfly pods whose egress is isolated still reach the kube-dns pods on UDP and TCP 53;
 * an egress rule naming only the kube-dns Service ClusterIP (or other addresses) does not count.
 */
export const dragonflyDnsEgress: StackRule = {
    name: "cluster-platform-dragonfly-dns-egress",
    kind: "stack",
    description: "The Dragonfly pods reach the kube-dns pods on UDP and TCP 53 when their egress is isolated.",
    risks: ["DFLY-VR-09.3"],
    remediationSteps:
        "Add an egress rule to k8s-app=kube-dns in kube-system on UDP and TCP 53 (podSelector with namespaceSelector, or Cilium toEndpoints), not to the Service ClusterIP.",
    check: (resources, report) => {
        const view = buildStackView(resources);
        const ctx = exposureContextOf(view);
        const dir = directory(ctx);
        const clusterIps = kubeDnsClusterIps(view);
        for (const df of view.dragonflies) {
            const who = `Dragonfly ${df.namespace}/${df.name}`;
            const world = dragonflyWorld(view, df);
            const problems = dnsEgressProblems(world.policies, world.objects.pods[0], dir, clusterIps);
            // One cause, one finding: UDP and TCP failing alike are reported together.
            const byCause = new Map<string, { protocols: string[]; problem: DnsEgressProblem }>();
            for (const p of problems) {
                const key = `${p.kind}|${p.cidrs.join()}|${p.via.join()}`;
                const entry = byCause.get(key) ?? { protocols: [], problem: p };
                entry.protocols.push(p.protocol);
                byCause.set(key, entry);
            }
            for (const { protocols, problem } of byCause.values()) {
                report("DFLY-VR-09.3", message(who, protocols.join(" and "), problem), df.urn);
            }
        }
    },
};

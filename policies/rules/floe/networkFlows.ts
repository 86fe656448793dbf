// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { PolicyResource } from "@pulumi/policy";
import { FLOE_POD_FLOWS, FLOE_WORKLOADS, FloeWorkload } from "../../lib/floe";
import { StackRule } from "../../lib/rule";
import {
    egressAllowed,
    NetworkPolicyView,
    PolicyType,
    policySelectsPod,
    policyTypesOf,
    portCovers,
    PodRef,
} from "../../lib/networkPolicy";
import { selectorMatches } from "../../lib/labelSelectors";
import { recordAt } from "../../lib/propertyPaths";
import { buildStackView } from "../../lib/stackView";

function floeNamespaces(resources: readonly PolicyResource[]): { platform?: string; jobs?: string } {
    const out: { platform?: string; jobs?: string } = {};
    for (const r of resources.filter((x) => x.type === "kubernetes:core/v1:Namespace")) {
        const meta = recordAt(r.props, "metadata");
        const layer = recordAt(meta, "labels")["floe.dev/layer"];
        if (layer === "3") {
            out.platform = String(meta.name);
        } else if (layer === "4") {
            out.jobs = String(meta.name);
        }
    }
    return out;
}

/**
 * Checks floe's network policies let exactly the needed traffic through (floe R-5): the jobs
 * namespace denies by default both ways, every pod-to-pod flow of the matrix is allowed at both
 * ends, every allowed port is one the selected pods listen on, and no peer silently points at the
 * wrong namespace.
 */
export const floeNetworkFlows: StackRule = {
    name: "cluster-platform-floe-network-flows",
    kind: "stack",
    description:
        "The floe network policies allow every flow of its matrix, on ports the pods listen on, and deny the rest.",
    risks: ["FLOE-R-5"],
    remediationSteps:
        "Generate the policies from the flow matrix (components/floe/flows.ts): default-deny in floe-jobs, name cross-namespace peers with namespaceSelector kubernetes.io/metadata.name, and use the container ports.",
    check: (resources, report) => {
        const ns = floeNamespaces(resources);
        if (!ns.platform || !ns.jobs) {
            return;
        }
        const view = buildStackView(resources);
        const t = view.traffic;
        const jobsPolicies = t.networkPoliciesIn(ns.jobs);
        const denyAll = (dir: PolicyType) =>
            jobsPolicies.some(
                (p) =>
                    Object.keys(p.podSelector?.matchLabels ?? {}).length === 0 &&
                    (p.podSelector?.matchExpressions ?? []).length === 0 &&
                    policyTypesOf(p).has(dir),
            );
        for (const dir of ["Ingress", "Egress"] as const) {
            if (!denyAll(dir)) {
                report(
                    "FLOE-R-5",
                    `namespace ${ns.jobs} has no default-deny ${dir} policy (podSelector {} with policyTypes [${dir}]); ADR-0022 requires jobs to be denied by default both ways.`,
                );
            }
        }
        const nsOf = (w: FloeWorkload): string =>
            w.namespace === "platform"
                ? ns.platform!
                : w.namespace === "jobs"
                  ? ns.jobs!
                  : w.namespace === "monitoring"
                    ? "observability"
                    : w.namespace === "ingress"
                      ? "ingress-nginx"
                      : w.namespace;
        const podOf = (key: string): PodRef => {
            const w = FLOE_WORKLOADS[key];
            return {
                namespace: nsOf(w),
                labels: w.labels,
                ports: w.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol })),
            };
        };
        for (const flow of FLOE_POD_FLOWS) {
            const from = podOf(flow.from);
            const to = podOf(flow.to);
            for (const port of flow.ports) {
                const c = { from, to, port: port.port, protocol: port.protocol };
                const inbound = t.ingressAllowed(c);
                const outbound = egressAllowed(t.networkPoliciesIn(from.namespace), c, t.namespaces);
                if (!inbound || !outbound) {
                    report(
                        "FLOE-R-5",
                        `the flow ${FLOE_WORKLOADS[flow.from].name} → ${FLOE_WORKLOADS[flow.to].name} on ${port.protocol} ${port.port} (${flow.why}) is blocked by ${!inbound ? `ingress at ${to.namespace}` : `egress in ${from.namespace}`}; allow it in the policies of the flow matrix.`,
                    );
                }
            }
        }
        for (const ns2 of [ns.platform, ns.jobs]) {
            for (const p of t.networkPoliciesIn(ns2)) {
                checkPorts(p, t.podsIn(ns2), report);
                checkPeers(
                    p,
                    t.podsIn(ns2),
                    (n) => t.podsIn(n),
                    view.ofType("kubernetes:core/v1:Namespace").map((x) => x.name),
                    report,
                );
            }
        }
    },
};

function checkPorts(
    p: NetworkPolicyView,
    pods: {
        labels: Record<string, string>;
        namespace: string;
        containers: { ports?: { name?: string; containerPort: number; protocol?: string }[] }[];
    }[],
    report: (risk: string, message: string) => void,
): void {
    const selected = pods.filter((pod) => policySelectsPod(p, { namespace: pod.namespace, labels: pod.labels }));
    const ports = selected.flatMap((pod) => pod.containers.flatMap((c) => c.ports ?? []));
    if (selected.length === 0 || ports.length === 0) {
        return;
    }
    for (const rule of p.ingress ?? []) {
        for (const rp of rule.ports ?? []) {
            const protocol = rp.protocol ?? "TCP";
            const ok = selected.some((pod) =>
                pod.containers.some((c) =>
                    (c.ports ?? []).some((cp) =>
                        portCovers(rp, cp.containerPort, protocol, {
                            namespace: pod.namespace,
                            labels: pod.labels,
                            ports: c.ports,
                        }),
                    ),
                ),
            );
            if (!ok) {
                report(
                    "FLOE-R-5",
                    `NetworkPolicy ${p.namespace}/${p.name} allows ingress on ${protocol} ${String(rp.port)}, but the pods it selects listen on ${[...new Set(ports.map((x) => x.containerPort))].join(", ")}; allow the container port instead.`,
                );
            }
        }
    }
}

function checkPeers(
    p: NetworkPolicyView,
    podsHere: { labels: Record<string, string> }[],
    podsIn: (ns: string) => { labels: Record<string, string> }[],
    namespaces: string[],
    report: (risk: string, message: string) => void,
): void {
    for (const rule of [...(p.ingress ?? []).map((r) => r.from ?? []), ...(p.egress ?? []).map((r) => r.to ?? [])]) {
        for (const peer of rule) {
            if (
                !peer.podSelector ||
                peer.namespaceSelector ||
                Object.keys(peer.podSelector.matchLabels ?? {}).length === 0
            ) {
                continue;
            }
            if (podsHere.some((pod) => selectorMatches(peer.podSelector, pod.labels))) {
                continue;
            }
            const elsewhere = namespaces.find(
                (n) => n !== p.namespace && podsIn(n).some((pod) => selectorMatches(peer.podSelector, pod.labels)),
            );
            if (elsewhere) {
                report(
                    "FLOE-R-5",
                    `NetworkPolicy ${p.namespace}/${p.name} has a peer ${JSON.stringify(peer.podSelector)} without namespaceSelector, so it only matches pods in ${p.namespace}, but those pods run in ${elsewhere}; add namespaceSelector kubernetes.io/metadata.name: ${elsewhere}.`,
                );
            }
        }
    }
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The flow matrix of the floe platform (risk FLOE-R-5): the single source of its network policies.
import * as k8s from "@pulumi/kubernetes";
import { FloeConfig, StackConfig } from "../../config/schema";
import { FLOE_POD_FLOWS, FLOE_WORKLOADS, FloeWorkload } from "../../policies/lib/floe";

/** A set of pods: where they run, the labels their controller really sets, and the ports they listen on. */
export interface Workload extends Omit<FloeWorkload, "namespace"> {
    namespace: string;
}

/** A destination outside the pod network or the API server. */
export type External = { cidr: string; what: string } | { apiServer: true };

/** One allowed flow. */
export interface Flow {
    from: string;
    to: string | External;
    ports: { port: number; protocol: "TCP" | "UDP" }[];
    why: string;
}

/** The workloads of the platform in this stack's namespaces (labels and ports from the shared matrix). */
export function floeWorkloads(config: Pick<StackConfig, "monitoring">, floe: FloeConfig): Record<string, Workload> {
    const nsOf = (n: FloeWorkload["namespace"]): string =>
        n === "platform"
            ? floe.platformNamespace
            : n === "jobs"
              ? floe.jobsNamespace
              : n === "monitoring"
                ? config.monitoring.namespace
                : n === "ingress"
                  ? floe.ingressNamespace
                  : n;
    return Object.fromEntries(
        Object.entries(FLOE_WORKLOADS).map(([k, w]) => [k, { ...w, namespace: nsOf(w.namespace) }]),
    );
}

/**
 * The flow matrix: the shared pod-to-pod flows plus the ones whose addresses only the stack knows
 * (the object store, the API server).
 */
export function floeFlows(floe: FloeConfig): Flow[] {
    const store: External = { cidr: floe.objectStore.cidr, what: "object store" };
    const api: External = { apiServer: true };
    const tcp = (port: number) => [{ port, protocol: "TCP" as const }];
    return [
        ...FLOE_POD_FLOWS.map((f) => ({ ...f, ports: [...f.ports] })),
        { from: "jobs", to: store, ports: tcp(floe.objectStore.port), why: "jobs read and write table data" },
        { from: "postgres", to: store, ports: tcp(floe.objectStore.port), why: "base backups and WAL archive" },
        {
            from: "dagsterDaemon",
            to: api,
            ports: tcp(6443),
            why: "the K8sRunLauncher creates Jobs in the jobs namespace",
        },
        { from: "dagsterWebserver", to: api, ports: tcp(6443), why: "run termination and pod logs" },
        { from: "postgres", to: api, ports: tcp(6443), why: "the CNPG instance manager watches its Cluster" },
    ];
}

const nsSelector = (ns: string) => ({ matchLabels: { "kubernetes.io/metadata.name": ns } });

function peerOf(w: Workload, policyNamespace: string): k8s.types.input.networking.v1.NetworkPolicyPeer {
    const pods = Object.keys(w.labels).length > 0 ? { podSelector: { matchLabels: w.labels } } : {};
    // Cross-namespace peers always name the namespace: a bare podSelector only matches the policy's own namespace.
    return w.namespace === policyNamespace
        ? { podSelector: { matchLabels: w.labels } }
        : { namespaceSelector: nsSelector(w.namespace), ...pods };
}

/** A generated policy: its name, namespace and spec. */
export interface GeneratedPolicy {
    name: string;
    namespace: string;
    spec: k8s.types.input.networking.v1.NetworkPolicySpec;
}

/**
 * The NetworkPolicies of the matrix: default-deny ingress and egress in both floe namespaces, one
 * ingress policy per destination workload and one egress policy per source workload in those
 * namespaces. The API server flows become a CiliumNetworkPolicy (`toEntities: kube-apiserver`),
 * since a NetworkPolicy cannot name the API server portably.
 */
export function floeNetworkPolicies(
    config: Pick<StackConfig, "monitoring">,
    floe: FloeConfig,
): {
    networkPolicies: GeneratedPolicy[];
    ciliumPolicies: { name: string; namespace: string; spec: Record<string, unknown> }[];
} {
    const w = floeWorkloads(config, floe);
    const flows = floeFlows(floe);
    const ours = new Set([floe.platformNamespace, floe.jobsNamespace]);
    const networkPolicies: GeneratedPolicy[] = [...ours].map((ns) => ({
        name: "default-deny",
        namespace: ns,
        spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    }));
    for (const [key, workload] of Object.entries(w)) {
        if (!ours.has(workload.namespace)) {
            continue;
        }
        const incoming = flows.filter((f) => f.to === key);
        if (incoming.length > 0) {
            networkPolicies.push({
                name: `${workload.name}-ingress`,
                namespace: workload.namespace,
                spec: {
                    podSelector: { matchLabels: workload.labels },
                    policyTypes: ["Ingress"],
                    ingress: incoming.map((f) => ({
                        from: [peerOf(w[f.from], workload.namespace)],
                        ports: f.ports.map((p) => ({ port: p.port, protocol: p.protocol })),
                    })),
                },
            });
        }
        const outgoing = flows.filter((f) => f.from === key && !(typeof f.to === "object" && "apiServer" in f.to));
        if (outgoing.length > 0) {
            networkPolicies.push({
                name: `${workload.name}-egress`,
                namespace: workload.namespace,
                spec: {
                    podSelector: { matchLabels: workload.labels },
                    policyTypes: ["Egress"],
                    egress: outgoing.map((f) => ({
                        to: [
                            typeof f.to === "string"
                                ? peerOf(w[f.to], workload.namespace)
                                : { ipBlock: { cidr: (f.to as { cidr: string }).cidr } },
                        ],
                        ports: f.ports.map((p) => ({ port: p.port, protocol: p.protocol })),
                    })),
                },
            });
        }
    }
    const apiFlows = flows.filter((f) => typeof f.to === "object" && "apiServer" in f.to);
    const ciliumPolicies = apiFlows.map((f) => ({
        name: `${w[f.from].name}-to-apiserver`,
        namespace: w[f.from].namespace,
        spec: {
            endpointSelector: { matchLabels: w[f.from].labels },
            egress: [
                {
                    toEntities: ["kube-apiserver"],
                    toPorts: [{ ports: f.ports.map((p) => ({ port: String(p.port), protocol: p.protocol })) }],
                },
            ],
        },
    }));
    return { networkPolicies, ciliumPolicies };
}

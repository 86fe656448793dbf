// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Kubernetes NetworkPolicy semantics: which policies select a pod, which peers and ports a rule
// admits (named ports resolved against the receiver), and whether a connection is allowed.
import { ContainerPort, Labels } from "./kube";
import { LabelSelector, NamespaceDirectory, selectorMatches } from "./labelSelectors";

/** A pod that could send or receive traffic: where it runs and its labels (ports for receivers). */
export interface PodRef {
    namespace: string;
    labels: Labels;
    ports?: ContainerPort[];
}

/** A connection to check: from a peer pod (or an external address) to a port of a pod. */
export interface Connection {
    from: PodRef | { ip: string };
    to: PodRef;
    port: number;
    protocol?: string;
}

/** The NetworkPolicy fields the engine reads. */
export interface NetworkPolicyView {
    name: string;
    namespace: string;
    podSelector?: LabelSelector;
    policyTypes?: string[];
    ingress?: NetworkPolicyRule[];
    egress?: NetworkPolicyRule[];
}

/** One ingress or egress rule of a NetworkPolicy. */
export interface NetworkPolicyRule {
    from?: NetworkPolicyPeer[];
    to?: NetworkPolicyPeer[];
    ports?: { port?: number | string; protocol?: string; endPort?: number }[];
}

/** A NetworkPolicy peer. */
export interface NetworkPolicyPeer {
    podSelector?: LabelSelector;
    namespaceSelector?: LabelSelector;
    ipBlock?: { cidr: string; except?: string[] };
}

/** The two NetworkPolicy directions. */
export type PolicyType = "Ingress" | "Egress";

/**
 * Effective policy types as the API server defaults them (SetDefaults_NetworkPolicySpec): a
 * non-empty `policyTypes` is taken as declared (only the values the API accepts); otherwise Ingress,
 * plus Egress when the spec has at least one egress rule — `egress: []` leaves the policy
 * ingress-only. The one reading of `policyTypes` for every reader: typed views and raw specs alike.
 */
export function policyTypesOf(spec: { policyTypes?: unknown; egress?: unknown }): Set<PolicyType> {
    const declared = Array.isArray(spec.policyTypes) ? (spec.policyTypes as unknown[]) : [];
    if (declared.length > 0) {
        return new Set(declared.filter((t): t is PolicyType => t === "Ingress" || t === "Egress"));
    }
    return new Set(Array.isArray(spec.egress) && spec.egress.length > 0 ? ["Ingress", "Egress"] : ["Ingress"]);
}

/** Whether a NetworkPolicy selects a pod: same namespace and its podSelector matches (`{}` = all). */
export function policySelectsPod(p: Pick<NetworkPolicyView, "namespace" | "podSelector">, pod: PodRef): boolean {
    return p.namespace === pod.namespace && selectorMatches(p.podSelector ?? {}, pod.labels);
}

/** A NetworkPolicy port entry as written: `port` (number, numeric text or a name), `endPort`, `protocol`. */
export interface PortEntry {
    port?: unknown;
    protocol?: unknown;
    endPort?: unknown;
}

/**
 * Whether one port entry covers a port, as the API defines it: protocol TCP when absent, no `port`
 * = every port, `endPort` extends a numeric port, a name is resolved by `namedPortIs` (against the
 * receiving pod's container ports). The one port matcher of every NetworkPolicy reader.
 */
export function portEntryCovers(
    entry: PortEntry,
    port: number,
    protocol: string,
    namedPortIs: (name: string) => boolean,
): boolean {
    if ((entry.protocol ?? "TCP") !== protocol) {
        return false;
    }
    const p = entry.port;
    if (p === undefined || p === null) {
        return true;
    }
    if (typeof p === "number" || (typeof p === "string" && /^\d+$/.test(p))) {
        const start = Number(p);
        const end = typeof entry.endPort === "number" ? entry.endPort : start;
        return port >= start && port <= end;
    }
    return typeof p === "string" && namedPortIs(p);
}

/** Resolves a rule port (number or named) against the receiving pod's container ports. */
export function portCovers(rulePort: PortEntry, port: number, protocol: string, receiver: PodRef): boolean {
    return portEntryCovers(rulePort, port, protocol, (name) =>
        (receiver.ports ?? []).some(
            (cp) => cp.name === name && cp.containerPort === port && (cp.protocol ?? "TCP") === protocol,
        ),
    );
}

function ruleCoversPort(rule: NetworkPolicyRule, port: number, protocol: string, receiver: PodRef): boolean {
    return !rule.ports || rule.ports.length === 0 || rule.ports.some((p) => portCovers(p, port, protocol, receiver));
}

/** The unsigned 32-bit value of a dotted IPv4 address (the pack stays free of the program's libraries). */
export function ipv4ToNumber(ip: string): number {
    return ip.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
}

/** Whether an IPv4 CIDR contains an address; false for anything that is not dotted IPv4. */
export function cidrContains(cidr: string, ip: string): boolean {
    const [base, bitsText] = cidr.split("/");
    const bits = Number(bitsText ?? "32");
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(base) || !/^\d+\.\d+\.\d+\.\d+$/.test(ip)) {
        return false;
    }
    const size = 2 ** (32 - bits);
    const first = Math.floor(ipv4ToNumber(base) / size) * size;
    const n = ipv4ToNumber(ip);
    return n >= first && n < first + size;
}

/** Whether a peer admits a source, with the policy's own namespace as the default scope of a bare podSelector. */
export function peerAdmits(
    peer: NetworkPolicyPeer,
    policyNamespace: string,
    source: PodRef | { ip: string },
    namespaces: NamespaceDirectory,
): boolean {
    if ("ip" in source) {
        return (
            !!peer.ipBlock &&
            cidrContains(peer.ipBlock.cidr, source.ip) &&
            !(peer.ipBlock.except ?? []).some((c) => cidrContains(c, source.ip))
        );
    }
    if (peer.ipBlock) {
        return false;
    }
    if (!peer.podSelector && !peer.namespaceSelector) {
        return false;
    }
    const nsOk = peer.namespaceSelector
        ? selectorMatches(peer.namespaceSelector, namespaces.labelsOf(source.namespace))
        : source.namespace === policyNamespace;
    const podOk = peer.podSelector ? selectorMatches(peer.podSelector, source.labels) : true;
    return nsOk && podOk;
}

/** Whether a rule's peer list admits the source: an absent or empty list admits everyone. */
function peersAdmit(
    peers: NetworkPolicyPeer[] | undefined,
    policyNamespace: string,
    source: PodRef | { ip: string },
    namespaces: NamespaceDirectory,
): boolean {
    return !peers || peers.length === 0 || peers.some((p) => peerAdmits(p, policyNamespace, source, namespaces));
}

/** True when any NetworkPolicy selecting the pod has the Ingress type, i.e. the pod is ingress-isolated. */
export function isIngressIsolated(policies: readonly NetworkPolicyView[], pod: PodRef): boolean {
    return policies.some((p) => policySelectsPod(p, pod) && policyTypesOf(p).has("Ingress"));
}

/** Whether NetworkPolicies allow the connection at the sending side (a pod source only). */
export function egressAllowed(
    policies: readonly NetworkPolicyView[],
    c: Connection & { from: PodRef },
    namespaces: NamespaceDirectory,
): boolean {
    const protocol = c.protocol ?? "TCP";
    const applicable = policies.filter((p) => policySelectsPod(p, c.from) && policyTypesOf(p).has("Egress"));
    if (applicable.length === 0) {
        return true;
    }
    return applicable.some((p) =>
        (p.egress ?? []).some(
            (rule) =>
                ruleCoversPort(rule, c.port, protocol, c.to) && peersAdmit(rule.to, p.namespace, c.to, namespaces),
        ),
    );
}

/** Whether some Kubernetes NetworkPolicy selecting the receiver for ingress admits the source on the port. */
export function k8sIngressRuleAdmits(
    policies: readonly NetworkPolicyView[],
    c: Connection,
    namespaces: NamespaceDirectory,
): boolean {
    const protocol = c.protocol ?? "TCP";
    return policies.some(
        (p) =>
            policySelectsPod(p, c.to) &&
            policyTypesOf(p).has("Ingress") &&
            (p.ingress ?? []).some(
                (rule) =>
                    ruleCoversPort(rule, c.port, protocol, c.to) &&
                    peersAdmit(rule.from, p.namespace, c.from, namespaces),
            ),
    );
}

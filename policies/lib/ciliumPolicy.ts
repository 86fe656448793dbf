// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy ingress semantics: endpoint labels as
// Cilium sees them, entity and CIDR peers, port coverage, and ingressDeny.
import { Labels } from "./kube";
import { LabelSelector, NamespaceDirectory, selectorMatches } from "./labelSelectors";
import { cidrContains, Connection, PodRef } from "./networkPolicy";

/** The CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy fields the engine reads. */
export interface CiliumPolicyView {
    name: string;
    /** The policy's namespace; undefined for a CiliumClusterwideNetworkPolicy. */
    namespace?: string;
    endpointSelector?: LabelSelector;
    ingress?: CiliumRule[];
    egress?: CiliumRule[];
    ingressDeny?: CiliumRule[];
}

/** One Cilium ingress/egress rule. */
export interface CiliumRule {
    fromEndpoints?: LabelSelector[];
    toEndpoints?: LabelSelector[];
    fromEntities?: string[];
    toEntities?: string[];
    fromCIDR?: string[];
    toPorts?: { ports?: { port: string; protocol?: string; endPort?: number }[] }[];
}

/** Cilium's pod-namespace label, with and without the `k8s:` source prefix. */
const CILIUM_NS_KEYS = ["k8s:io.kubernetes.pod.namespace", "io.kubernetes.pod.namespace"];

/** Labels as Cilium sees an endpoint: pod labels (with and without `k8s:`), its namespace, and namespace labels. */
export function ciliumEndpointLabels(pod: PodRef, namespaces: NamespaceDirectory): Labels {
    const out: Labels = {};
    for (const [k, v] of Object.entries(pod.labels)) {
        out[k] = v;
        out[`k8s:${k}`] = v;
    }
    for (const key of CILIUM_NS_KEYS) {
        out[key] = pod.namespace;
    }
    for (const [k, v] of Object.entries(namespaces.labelsOf(pod.namespace))) {
        out[`io.cilium.k8s.namespace.labels.${k}`] = v;
        out[`k8s:io.cilium.k8s.namespace.labels.${k}`] = v;
    }
    return out;
}

function selectorNamesNamespace(sel: LabelSelector): boolean {
    return CILIUM_NS_KEYS.some(
        (k) => sel.matchLabels?.[k] !== undefined || (sel.matchExpressions ?? []).some((e) => e.key === k),
    );
}

/** Whether a Cilium endpoint selector selects a pod, scoped to the policy's namespace when it has one. */
export function ciliumSelects(
    sel: LabelSelector | undefined,
    policyNamespace: string | undefined,
    pod: PodRef,
    namespaces: NamespaceDirectory,
): boolean {
    if (!sel) {
        return false;
    }
    if (policyNamespace !== undefined && !selectorNamesNamespace(sel) && pod.namespace !== policyNamespace) {
        return false;
    }
    return selectorMatches(sel, ciliumEndpointLabels(pod, namespaces));
}

const WORLD_ENTITIES = new Set(["world", "all"]);

function ciliumPortCovers(rule: CiliumRule, port: number, protocol: string, receiver: PodRef): boolean {
    if (!rule.toPorts || rule.toPorts.length === 0) {
        return true;
    }
    return rule.toPorts.some((tp) =>
        (tp.ports ?? []).some((p) => {
            const proto = (p.protocol ?? "ANY").toUpperCase();
            if (proto !== "ANY" && proto !== protocol) {
                return false;
            }
            if (/^\d+$/.test(p.port)) {
                const start = Number(p.port);
                return port >= start && port <= (p.endPort ?? start);
            }
            return (receiver.ports ?? []).some((cp) => cp.name === p.port && cp.containerPort === port);
        }),
    );
}

function ciliumRuleAdmits(
    rule: CiliumRule,
    policyNamespace: string | undefined,
    source: PodRef | { ip: string },
    namespaces: NamespaceDirectory,
): boolean {
    if ("ip" in source) {
        return (
            (rule.fromEntities ?? []).some((e) => WORLD_ENTITIES.has(e)) ||
            (rule.fromCIDR ?? []).some((c) => cidrContains(c, source.ip))
        );
    }
    if ((rule.fromEntities ?? []).some((e) => e === "all" || e === "cluster")) {
        return true;
    }
    return (rule.fromEndpoints ?? []).some((sel) => ciliumSelects(sel, policyNamespace, source, namespaces));
}

/** Whether a Cilium policy selects the pod with ingress rules (Cilium isolates ingress only then). */
export function ciliumIngressIsolates(p: CiliumPolicyView, pod: PodRef, namespaces: NamespaceDirectory): boolean {
    return (
        ciliumSelects(p.endpointSelector, p.namespace, pod, namespaces) &&
        ((p.ingress?.length ?? 0) > 0 || (p.ingressDeny?.length ?? 0) > 0)
    );
}

/** Whether some Cilium policy selecting the receiver has an ingress rule admitting the source on the port. */
export function ciliumIngressRuleAdmits(
    policies: readonly CiliumPolicyView[],
    c: Connection,
    namespaces: NamespaceDirectory,
): boolean {
    return someIngressRuleMatches(policies, (p) => p.ingress, c, namespaces);
}

/** Whether some Cilium ingressDeny rule selecting the receiver matches the connection (deny wins over allow). */
export function ciliumIngressDenied(
    policies: readonly CiliumPolicyView[],
    c: Connection,
    namespaces: NamespaceDirectory,
): boolean {
    return someIngressRuleMatches(policies, (p) => p.ingressDeny, c, namespaces);
}

/** Whether a rule of `rulesOf` in some policy selecting the receiver covers the port and admits the source. */
function someIngressRuleMatches(
    policies: readonly CiliumPolicyView[],
    rulesOf: (p: CiliumPolicyView) => CiliumPolicyView["ingress"],
    c: Connection,
    namespaces: NamespaceDirectory,
): boolean {
    const protocol = c.protocol ?? "TCP";
    return policies.some(
        (p) =>
            ciliumSelects(p.endpointSelector, p.namespace, c.to, namespaces) &&
            (rulesOf(p) ?? []).some(
                (r) =>
                    ciliumPortCovers(r, c.port, protocol, c.to) && ciliumRuleAdmits(r, p.namespace, c.from, namespaces),
            ),
    );
}

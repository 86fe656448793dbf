// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The selector engine every rule shares: label selectors, namespace scoping, NetworkPolicy and
// CiliumNetworkPolicy ingress/egress semantics, and port coverage by number and by name.
import { ContainerPort, Labels, PodTemplateView } from "./kube";

/** A Kubernetes LabelSelector. */
export interface LabelSelector {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** The namespace label Kubernetes sets on every namespace (v1.21+). */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/**
 * True when the selector selects the labels: every matchLabels pair AND every matchExpression must
 * hold. An empty selector (`{}`) selects everything; a missing one (`undefined`/`null`) selects
 * nothing, as for a PodDisruptionBudget's null selector. Unknown operators select nothing.
 */
export function selectorMatches(selector: LabelSelector | null | undefined, labels: Labels): boolean {
    if (selector === undefined || selector === null) {
        return false;
    }
    for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
        if (labels[k] !== v) {
            return false;
        }
    }
    for (const expr of selector.matchExpressions ?? []) {
        const has = Object.prototype.hasOwnProperty.call(labels, expr.key);
        const values = expr.values ?? [];
        switch (expr.operator) {
            case "In":
                if (!has || !values.includes(labels[expr.key])) {
                    return false;
                }
                break;
            case "NotIn":
                if (has && values.includes(labels[expr.key])) {
                    return false;
                }
                break;
            case "Exists":
                if (!has) {
                    return false;
                }
                break;
            case "DoesNotExist":
                if (has) {
                    return false;
                }
                break;
            default:
                return false;
        }
    }
    return true;
}

/** True when the selector has no matchLabels and no matchExpressions (selects all). */
export function isEmptySelector(selector: LabelSelector | null | undefined): boolean {
    return (
        !!selector &&
        Object.keys(selector.matchLabels ?? {}).length === 0 &&
        (selector.matchExpressions ?? []).length === 0
    );
}

/** Every label key/value a selector requires through matchLabels and `In` expressions with one value. */
export function requiredLabels(selector: LabelSelector | null | undefined): Labels {
    const out: Labels = { ...(selector?.matchLabels ?? {}) };
    for (const e of selector?.matchExpressions ?? []) {
        if (e.operator === "In" && e.values?.length === 1) {
            out[e.key] = e.values[0];
        }
    }
    return out;
}

/** The labels of a namespace: the ones declared on its Namespace object plus `kubernetes.io/metadata.name`. */
export class NamespaceDirectory {
    private readonly declared = new Map<string, Labels>();

    /** Records a declared Namespace's labels. */
    public add(name: string, labels: Labels): void {
        this.declared.set(name, { ...labels });
    }

    /** Labels of a namespace as the API server would show them. */
    public labelsOf(name: string): Labels {
        return { ...(this.declared.get(name) ?? {}), [NAMESPACE_NAME_LABEL]: name };
    }

    /** Whether a namespace object is declared. */
    public has(name: string): boolean {
        return this.declared.has(name);
    }
}

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

/** Effective policy types: as declared, else Ingress plus Egress when egress rules exist (API default). */
export function policyTypesOf(p: NetworkPolicyView): Set<"Ingress" | "Egress"> {
    if (p.policyTypes && p.policyTypes.length > 0) {
        return new Set(p.policyTypes.filter((t): t is "Ingress" | "Egress" => t === "Ingress" || t === "Egress"));
    }
    return new Set(p.egress && p.egress.length > 0 ? ["Ingress", "Egress"] : ["Ingress"]);
}

/** Whether a NetworkPolicy selects a pod: same namespace and its podSelector matches (`{}` = all). */
export function policySelectsPod(p: NetworkPolicyView, pod: PodRef): boolean {
    return p.namespace === pod.namespace && selectorMatches(p.podSelector ?? {}, pod.labels);
}

/** Resolves a rule port (number or named) against the receiving pod's container ports. */
export function portCovers(
    rulePort: { port?: number | string; protocol?: string; endPort?: number },
    port: number,
    protocol: string,
    receiver: PodRef,
): boolean {
    if ((rulePort.protocol ?? "TCP") !== protocol) {
        return false;
    }
    if (rulePort.port === undefined) {
        return true;
    }
    if (typeof rulePort.port === "number") {
        const end = rulePort.endPort ?? rulePort.port;
        return port >= rulePort.port && port <= end;
    }
    if (/^\d+$/.test(rulePort.port)) {
        return Number(rulePort.port) === port;
    }
    return (receiver.ports ?? []).some(
        (cp) => cp.name === rulePort.port && cp.containerPort === port && (cp.protocol ?? "TCP") === protocol,
    );
}

function ruleCoversPort(rule: NetworkPolicyRule, port: number, protocol: string, receiver: PodRef): boolean {
    return !rule.ports || rule.ports.length === 0 || rule.ports.some((p) => portCovers(p, port, protocol, receiver));
}

/** The unsigned 32-bit value of a dotted IPv4 address (the pack stays free of the program's libraries). */
export function ipv4ToNumber(ip: string): number {
    return ip.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
}

function cidrContains(cidr: string, ip: string): boolean {
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

/** True when any NetworkPolicy selecting the pod has the Egress type. */
export function isEgressIsolated(policies: readonly NetworkPolicyView[], pod: PodRef): boolean {
    return policies.some((p) => policySelectsPod(p, pod) && policyTypesOf(p).has("Egress"));
}

/**
 * Whether Kubernetes NetworkPolicies allow the connection at the receiving side: allowed when the
 * receiver is not ingress-isolated, or when some ingress rule of a policy selecting it admits the
 * source on that port.
 */
export function ingressAllowed(
    policies: readonly NetworkPolicyView[],
    c: Connection,
    namespaces: NamespaceDirectory,
): boolean {
    const protocol = c.protocol ?? "TCP";
    const applicable = policies.filter((p) => policySelectsPod(p, c.to) && policyTypesOf(p).has("Ingress"));
    if (applicable.length === 0) {
        return true;
    }
    return applicable.some((p) =>
        (p.ingress ?? []).some(
            (rule) =>
                ruleCoversPort(rule, c.port, protocol, c.to) && peersAdmit(rule.from, p.namespace, c.from, namespaces),
        ),
    );
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

// ---- Cilium ----

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
    const protocol = c.protocol ?? "TCP";
    return policies.some(
        (p) =>
            ciliumSelects(p.endpointSelector, p.namespace, c.to, namespaces) &&
            (p.ingress ?? []).some(
                (r) =>
                    ciliumPortCovers(r, c.port, protocol, c.to) && ciliumRuleAdmits(r, p.namespace, c.from, namespaces),
            ),
    );
}

/** Whether some Cilium ingressDeny rule selecting the receiver matches the connection (deny wins over allow). */
export function ciliumIngressDenied(
    policies: readonly CiliumPolicyView[],
    c: Connection,
    namespaces: NamespaceDirectory,
): boolean {
    const protocol = c.protocol ?? "TCP";
    return policies.some(
        (p) =>
            ciliumSelects(p.endpointSelector, p.namespace, c.to, namespaces) &&
            (p.ingressDeny ?? []).some(
                (r) =>
                    ciliumPortCovers(r, c.port, protocol, c.to) && ciliumRuleAdmits(r, p.namespace, c.from, namespaces),
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

// ---- Index ----

/** Pods, NetworkPolicies and Cilium policies of a stack indexed by namespace, so each query scans one namespace. */
export class TrafficIndex {
    public readonly namespaces = new NamespaceDirectory();
    private readonly policiesByNs = new Map<string, NetworkPolicyView[]>();
    private readonly ciliumByNs = new Map<string, CiliumPolicyView[]>();
    private readonly clusterwide: CiliumPolicyView[] = [];
    private readonly podsByNs = new Map<string, PodTemplateView[]>();

    public addNetworkPolicy(p: NetworkPolicyView): void {
        push(this.policiesByNs, p.namespace, p);
    }

    public addCiliumPolicy(p: CiliumPolicyView): void {
        if (p.namespace === undefined) {
            this.clusterwide.push(p);
        } else {
            push(this.ciliumByNs, p.namespace, p);
        }
    }

    public addPod(p: PodTemplateView): void {
        push(this.podsByNs, p.namespace, p);
    }

    /** NetworkPolicies that can select pods of a namespace. */
    public networkPoliciesIn(ns: string): NetworkPolicyView[] {
        return this.policiesByNs.get(ns) ?? [];
    }

    /** Cilium policies that can select pods of a namespace (namespaced ones plus cluster-wide ones). */
    public ciliumPoliciesFor(ns: string): CiliumPolicyView[] {
        return [...(this.ciliumByNs.get(ns) ?? []), ...this.clusterwide];
    }

    /** Pod templates declared in a namespace. */
    public podsIn(ns: string): PodTemplateView[] {
        return this.podsByNs.get(ns) ?? [];
    }

    /** Whether the receiving pod is isolated for ingress by a NetworkPolicy or a Cilium policy. */
    public ingressIsolated(pod: PodRef): boolean {
        return (
            isIngressIsolated(this.networkPoliciesIn(pod.namespace), pod) ||
            this.ciliumPoliciesFor(pod.namespace).some((p) => ciliumIngressIsolates(p, pod, this.namespaces))
        );
    }

    /**
     * Whether the connection is allowed at the receiver, as Cilium enforces both kinds together: a
     * pod no policy isolates accepts everything; an isolated pod accepts what any Kubernetes or Cilium
     * ingress rule admits, unless a Cilium ingressDeny rule matches.
     */
    public ingressAllowed(c: Connection): boolean {
        if (!this.ingressIsolated(c.to)) {
            return true;
        }
        const cil = this.ciliumPoliciesFor(c.to.namespace);
        if (ciliumIngressDenied(cil, c, this.namespaces)) {
            return false;
        }
        return (
            k8sIngressRuleAdmits(this.networkPoliciesIn(c.to.namespace), c, this.namespaces) ||
            ciliumIngressRuleAdmits(cil, c, this.namespaces)
        );
    }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
    const list = map.get(key);
    if (list) {
        list.push(value);
    } else {
        map.set(key, [value]);
    }
}

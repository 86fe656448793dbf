// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The pods and traffic policies of a stack indexed by namespace, and the one evaluator the rules
// ask: Kubernetes and Cilium policies enforced together at the receiving pod.
import { PodTemplateView } from "./kube";
import { NamespaceDirectory } from "./labelSelectors";
import { CiliumPolicyView, ciliumIngressDenied, ciliumIngressIsolates, ciliumIngressRuleAdmits } from "./ciliumPolicy";
import { Connection, isIngressIsolated, k8sIngressRuleAdmits, NetworkPolicyView, PodRef } from "./networkPolicy";

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

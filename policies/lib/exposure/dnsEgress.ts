// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Whether a pod whose egress is isolated still reaches the kube-dns pods on port 53, over every
// NetworkPolicy, CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy selecting it. Cilium applies
// policy after service translation, so only the kube-dns pods count: a rule naming the kube-dns
// Service ClusterIP (ipBlock, toCIDR, toCIDRSet) admits nothing.
import { ciliumEndpointLabels } from "../ciliumPolicy";
import { NamespaceDirectory, selectorMatches } from "../labelSelectors";
import { peerAdmits, policyTypesOf } from "../networkPolicy";
import { peerOf } from "../policyShapes";
import { cidrRange } from "./cidr";
import { ExposurePolicy, ServedPort, TargetPod } from "./model";
import { CILIUM_NS_KEYS, ciliumPortsCover, k8sPortCovers, list, policySelects, rec, sel } from "./selection";

/** The kube-dns pods as CoreDNS's chart and kubeadm label them. */
export const KUBE_DNS_POD = { namespace: "kube-system", labels: { "k8s-app": "kube-dns" } };

/** Why DNS egress fails for one protocol. */
export interface DnsEgressProblem {
    protocol: "UDP" | "TCP";
    /** `blocked`: nothing admits kube-dns; `clusterIp`: only the kube-dns Service ClusterIP is admitted; `address`: only CIDRs. */
    kind: "blocked" | "clusterIp" | "address";
    /** The CIDRs the port-53 rules name instead of the pods (empty for `blocked`). */
    cidrs: string[];
    /** Where each CIDR is written, e.g. `CiliumNetworkPolicy cache/df egress[0].toCIDR[0]`. */
    via: string[];
}

const ref = (p: ExposurePolicy): string => `${p.kind} ${p.namespace ? `${p.namespace}/` : ""}${p.name}`;

function isolatesEgress(p: ExposurePolicy, pod: TargetPod, dir: NamespaceDirectory): boolean {
    if (!policySelects(p, pod, dir)) {
        return false;
    }
    if (p.kind === "NetworkPolicy") {
        return policyTypesOf(p.spec).has("Egress");
    }
    return list(p.spec.egress).length > 0 || list(p.spec.egressDeny).length > 0;
}

/** Whether a Cilium egress rule's peers admit the kube-dns pods (a rule without L3 peers applies to all). */
function ciliumRuleAdmitsDns(
    rule: Record<string, unknown>,
    policyNs: string | undefined,
    dir: NamespaceDirectory,
): boolean {
    const peerKeys = [
        "toEndpoints",
        "toEntities",
        "toCIDR",
        "toCIDRSet",
        "toServices",
        "toFQDNs",
        "toNodes",
        "toGroups",
    ];
    if (peerKeys.every((k) => rule[k] === undefined)) {
        return true;
    }
    if (list(rule.toEntities).some((e) => e === "all" || e === "cluster")) {
        return true;
    }
    const labels = ciliumEndpointLabels(KUBE_DNS_POD, dir);
    return list(rule.toEndpoints).some((raw) => {
        const s = sel(raw);
        const namesNs = CILIUM_NS_KEYS.some(
            (k) => s.matchLabels?.[k] !== undefined || (s.matchExpressions ?? []).some((e) => e.key === k),
        );
        return (policyNs === undefined || namesNs || policyNs === KUBE_DNS_POD.namespace) && selectorMatches(s, labels);
    });
}

/** The CIDRs an egress rule names as its only peers, with where each is written; empty when it names other peers. */
function addressPeers(p: ExposurePolicy, rule: Record<string, unknown>, at: string): { cidr: string; via: string }[] {
    if (p.kind === "NetworkPolicy") {
        const peers = list(rule.to).map(rec);
        if (peers.length === 0 || peers.some((x) => x.ipBlock === undefined)) {
            return [];
        }
        return peers.map((x, i) => ({ cidr: String(rec(x.ipBlock).cidr), via: `${ref(p)} ${at}.to[${i}].ipBlock` }));
    }
    if (rule.toEndpoints !== undefined || rule.toEntities !== undefined || rule.toServices !== undefined) {
        return [];
    }
    return [
        ...list(rule.toCIDR).map((c, i) => ({ cidr: String(c), via: `${ref(p)} ${at}.toCIDR[${i}]` })),
        ...list(rule.toCIDRSet).map((c, i) => ({ cidr: String(rec(c).cidr), via: `${ref(p)} ${at}.toCIDRSet[${i}]` })),
    ];
}

function containsIp(cidr: string, ip: string): boolean {
    const r = cidrRange(cidr);
    const a = cidrRange(`${ip}/32`);
    return !!r && !!a && r[0] <= a[0] && a[0] <= r[1];
}

/**
 * The DNS egress problems of a pod, per protocol: none when no policy isolates its egress or some
 * rule admits the kube-dns pods on 53 (and no Cilium egressDeny rule refuses them).
 */
export function dnsEgressProblems(
    policies: readonly ExposurePolicy[],
    pod: TargetPod,
    dir: NamespaceDirectory,
    kubeDnsClusterIps: readonly string[],
): DnsEgressProblem[] {
    const isolating = policies.filter((p) => isolatesEgress(p, pod, dir));
    if (isolating.length === 0) {
        return [];
    }
    const problems: DnsEgressProblem[] = [];
    for (const protocol of ["UDP", "TCP"] as const) {
        const port: ServedPort = { number: 53, name: protocol === "UDP" ? "dns" : "dns-tcp", protocol };
        const covers = (p: ExposurePolicy, rule: Record<string, unknown>): boolean =>
            p.kind === "NetworkPolicy"
                ? list(rule.ports).length === 0 || list(rule.ports).some((e) => k8sPortCovers(rec(e), port))
                : ciliumPortsCover(rule.toPorts, port);
        const admits = (p: ExposurePolicy, rule: Record<string, unknown>): boolean =>
            p.kind === "NetworkPolicy"
                ? list(rule.to).length === 0 ||
                  list(rule.to).some((x) => peerAdmits(peerOf(rec(x)), p.namespace ?? pod.namespace, KUBE_DNS_POD, dir))
                : ciliumRuleAdmitsDns(rule, p.namespace, dir);
        const denied = isolating.some(
            (p) =>
                p.kind !== "NetworkPolicy" &&
                list(p.spec.egressDeny).some((r) => covers(p, rec(r)) && admits(p, rec(r))),
        );
        const allowed = isolating.some((p) => list(p.spec.egress).some((r) => covers(p, rec(r)) && admits(p, rec(r))));
        if (allowed && !denied) {
            continue;
        }
        const addresses = isolating.flatMap((p) =>
            list(p.spec.egress).flatMap((r, i) => (covers(p, rec(r)) ? addressPeers(p, rec(r), `egress[${i}]`) : [])),
        );
        const cidrs = [...new Set(addresses.map((a) => a.cidr))];
        const kind =
            denied || cidrs.length === 0
                ? "blocked"
                : cidrs.some((c) => kubeDnsClusterIps.some((ip) => containsIp(c, ip)))
                  ? "clusterIp"
                  : "address";
        problems.push({
            protocol,
            kind,
            cidrs: kind === "blocked" ? [] : cidrs,
            via: kind === "blocked" ? [] : addresses.map((a) => a.via),
        });
    }
    return problems;
}

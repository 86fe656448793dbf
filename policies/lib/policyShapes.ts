// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Untrusted NetworkPolicy and Cilium policy specs turned into the typed views the evaluators read.
// A part the API server would reject counts exactly as if it were removed, so a malformed policy is
// never judged more leniently than the same policy without that part: a spec that is not an object
// makes no policy (it isolates nothing); a malformed list, entry, field or selector is dropped.
import { CiliumPolicyView, CiliumRule } from "./ciliumPolicy";
import { LabelSelector } from "./labelSelectors";
import { NetworkPolicyPeer, NetworkPolicyRule, NetworkPolicyView } from "./networkPolicy";
import { asRecord } from "./propertyPaths";

/** A label selector as written: an object is kept, anything else is absent. */
export function selectorOf(v: unknown): LabelSelector | undefined {
    return asRecord(v) as LabelSelector | undefined;
}

/** The records of a list (other entries dropped); undefined when it is not a list. */
function recordsOf(v: unknown): Record<string, unknown>[] | undefined {
    return Array.isArray(v) ? v.map(asRecord).filter((r): r is Record<string, unknown> => r !== undefined) : undefined;
}

type Port = NonNullable<NetworkPolicyRule["ports"]>[number];

function portOf(p: Record<string, unknown>): Port {
    const out: Port = {};
    if (typeof p.port === "number" || typeof p.port === "string") {
        out.port = p.port;
    }
    if (typeof p.protocol === "string") {
        out.protocol = p.protocol;
    }
    if (typeof p.endPort === "number") {
        out.endPort = p.endPort;
    }
    return out;
}

/** A NetworkPolicy peer from its spec, malformed parts dropped. */
export function peerOf(p: Record<string, unknown>): NetworkPolicyPeer {
    const peer: NetworkPolicyPeer = {};
    const pod = selectorOf(p.podSelector);
    const ns = selectorOf(p.namespaceSelector);
    if (pod) {
        peer.podSelector = pod;
    }
    if (ns) {
        peer.namespaceSelector = ns;
    }
    const block = asRecord(p.ipBlock);
    if (block && typeof block.cidr === "string") {
        const except = Array.isArray(block.except)
            ? block.except.filter((c): c is string => typeof c === "string")
            : [];
        peer.ipBlock = { cidr: block.cidr, except };
    }
    return peer;
}

function ruleOf(r: Record<string, unknown>, peersKey: "from" | "to"): NetworkPolicyRule {
    const rule: NetworkPolicyRule = {};
    const ports = recordsOf(r.ports);
    if (ports) {
        rule.ports = ports.map(portOf);
    }
    const peers = recordsOf(r[peersKey]);
    if (peers) {
        rule[peersKey] = peers.map(peerOf);
    }
    return rule;
}

/** A NetworkPolicy view from its spec; undefined (no policy, isolating nothing) when the spec is not an object. */
export function networkPolicyOf(name: string, namespace: string, spec: unknown): NetworkPolicyView | undefined {
    const s = asRecord(spec);
    if (!s) {
        return undefined;
    }
    const view: NetworkPolicyView = { name, namespace, podSelector: selectorOf(s.podSelector) };
    if (Array.isArray(s.policyTypes)) {
        view.policyTypes = s.policyTypes.filter((t): t is string => typeof t === "string");
    }
    const ingress = recordsOf(s.ingress);
    const egress = recordsOf(s.egress);
    if (ingress) {
        view.ingress = ingress.map((r) => ruleOf(r, "from"));
    }
    if (egress) {
        view.egress = egress.map((r) => ruleOf(r, "to"));
    }
    return view;
}

function stringsOf(v: unknown): string[] | undefined {
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : undefined;
}

function ciliumRuleOf(r: Record<string, unknown>): CiliumRule {
    const rule: CiliumRule = {};
    for (const key of ["fromEndpoints", "toEndpoints"] as const) {
        const list = recordsOf(r[key]);
        if (list) {
            rule[key] = list as LabelSelector[];
        }
    }
    for (const key of ["fromEntities", "toEntities", "fromCIDR"] as const) {
        const list = stringsOf(r[key]);
        if (list) {
            rule[key] = list;
        }
    }
    const toPorts = recordsOf(r.toPorts);
    if (toPorts) {
        rule.toPorts = toPorts.map((tp) => {
            const ports = recordsOf(tp.ports);
            return ports
                ? {
                      ports: ports
                          .filter((p) => typeof p.port === "string")
                          .map((p) => ({
                              port: p.port as string,
                              ...(typeof p.protocol === "string" ? { protocol: p.protocol } : {}),
                              ...(typeof p.endPort === "number" ? { endPort: p.endPort } : {}),
                          })),
                  }
                : {};
        });
    }
    return rule;
}

/** A Cilium policy view from its spec (namespace undefined for a clusterwide one); undefined when the spec is not an object. */
export function ciliumPolicyOf(
    name: string,
    namespace: string | undefined,
    spec: unknown,
): CiliumPolicyView | undefined {
    const s = asRecord(spec);
    if (!s) {
        return undefined;
    }
    const view: CiliumPolicyView = { name, endpointSelector: selectorOf(s.endpointSelector) };
    if (namespace !== undefined) {
        view.namespace = namespace;
    }
    for (const key of ["ingress", "egress", "ingressDeny"] as const) {
        const rules = recordsOf(s[key]);
        if (rules) {
            view[key] = rules.map(ciliumRuleOf);
        }
    }
    return view;
}

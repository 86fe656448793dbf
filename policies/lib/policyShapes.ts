// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Untrusted NetworkPolicy and Cilium policy specs turned into the typed views the evaluators read.
// A shape the API server would reject never widens what a policy allows: a spec that is not an
// object makes no policy at all (it isolates nothing), a malformed rule, port list or peer list
// drops that rule (it admits nothing), and a malformed selector selects nothing.
import { CiliumPolicyView, CiliumRule } from "./ciliumPolicy";
import { LabelSelector } from "./labelSelectors";
import { NetworkPolicyPeer, NetworkPolicyRule, NetworkPolicyView } from "./networkPolicy";
import { asRecord } from "./record";

/** A selector no pod matches (an operator `selectorMatches` refuses). */
export const SELECTS_NOTHING: LabelSelector = { matchExpressions: [{ key: "", operator: "Malformed" }] };

/** A label selector as written: absent stays absent, an object is kept, anything else selects nothing. */
export function selectorOf(v: unknown): LabelSelector | undefined {
    if (v === undefined || v === null) {
        return undefined;
    }
    return (asRecord(v) as LabelSelector | undefined) ?? SELECTS_NOTHING;
}

/**
 * The records of a list: undefined when absent, the records when every entry is one, and "invalid"
 * when the value is not a list or holds a non-record entry the API server would reject.
 */
function recordsOf(v: unknown): Record<string, unknown>[] | undefined | "invalid" {
    if (v === undefined || v === null) {
        return undefined;
    }
    if (!Array.isArray(v)) {
        return "invalid";
    }
    const out = v.map(asRecord);
    return out.every((r) => r !== undefined) ? (out as Record<string, unknown>[]) : "invalid";
}

function portOf(
    p: Record<string, unknown>,
): NetworkPolicyRule["ports"] extends (infer T)[] | undefined ? T | undefined : never {
    const { port, protocol, endPort } = p;
    if (port !== undefined && typeof port !== "number" && typeof port !== "string") {
        return undefined;
    }
    if (protocol !== undefined && typeof protocol !== "string") {
        return undefined;
    }
    if (endPort !== undefined && typeof endPort !== "number") {
        return undefined;
    }
    return { port, protocol, endPort };
}

function peerOf(p: Record<string, unknown>): NetworkPolicyPeer | undefined {
    const peer: NetworkPolicyPeer = {};
    if (p.podSelector !== undefined) {
        peer.podSelector = selectorOf(p.podSelector);
    }
    if (p.namespaceSelector !== undefined) {
        peer.namespaceSelector = selectorOf(p.namespaceSelector);
    }
    if (p.ipBlock !== undefined) {
        const block = asRecord(p.ipBlock);
        const except = block?.except ?? [];
        if (
            !block ||
            typeof block.cidr !== "string" ||
            !Array.isArray(except) ||
            except.some((c) => typeof c !== "string")
        ) {
            return undefined;
        }
        peer.ipBlock = { cidr: block.cidr, except: except as string[] };
    }
    return peer;
}

function ruleOf(r: Record<string, unknown>, peersKey: "from" | "to"): NetworkPolicyRule | undefined {
    const rule: NetworkPolicyRule = {};
    const ports = recordsOf(r.ports);
    if (ports === "invalid") {
        return undefined;
    }
    if (ports) {
        const parsed = ports.map(portOf);
        if (parsed.some((p) => p === undefined)) {
            return undefined;
        }
        rule.ports = parsed as NonNullable<NetworkPolicyRule["ports"]>;
    }
    const peers = recordsOf(r[peersKey]);
    if (peers === "invalid") {
        return undefined;
    }
    if (peers) {
        const parsed = peers.map(peerOf);
        if (parsed.some((p) => p === undefined)) {
            return undefined;
        }
        rule[peersKey] = parsed as NetworkPolicyPeer[];
    }
    return rule;
}

function rulesOf(v: unknown, peersKey: "from" | "to"): NetworkPolicyRule[] | undefined {
    const list = recordsOf(v);
    if (list === undefined) {
        return undefined;
    }
    // A malformed list admits nothing: as an empty list, it still counts as declared.
    if (list === "invalid") {
        return [];
    }
    return list.map((r) => ruleOf(r, peersKey)).filter((r): r is NetworkPolicyRule => r !== undefined);
}

/** A NetworkPolicy view from its spec; undefined (no policy, isolating nothing) when the spec is not an object. */
export function networkPolicyOf(name: string, namespace: string, spec: unknown): NetworkPolicyView | undefined {
    const s = asRecord(spec);
    if (!s) {
        return undefined;
    }
    const types = s.policyTypes;
    const view: NetworkPolicyView = { name, namespace, podSelector: selectorOf(s.podSelector) };
    if (Array.isArray(types)) {
        // Entries the API server would reject count as absent, as if removed.
        view.policyTypes = types.filter((t): t is string => typeof t === "string");
    }
    const ingress = rulesOf(s.ingress, "from");
    const egress = rulesOf(s.egress, "to");
    if (ingress) {
        view.ingress = ingress;
    }
    if (egress) {
        view.egress = egress;
    }
    return view;
}

function stringsOf(v: unknown): string[] | undefined | "invalid" {
    if (v === undefined || v === null) {
        return undefined;
    }
    return Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : "invalid";
}

function ciliumRuleOf(r: Record<string, unknown>): CiliumRule | undefined {
    const rule: CiliumRule = {};
    for (const key of ["fromEndpoints", "toEndpoints"] as const) {
        const list = recordsOf(r[key]);
        if (list === "invalid") {
            return undefined;
        }
        if (list) {
            rule[key] = list as LabelSelector[];
        }
    }
    for (const key of ["fromEntities", "toEntities", "fromCIDR"] as const) {
        const list = stringsOf(r[key]);
        if (list === "invalid") {
            return undefined;
        }
        if (list) {
            rule[key] = list;
        }
    }
    const toPorts = recordsOf(r.toPorts);
    if (toPorts === "invalid") {
        return undefined;
    }
    if (toPorts) {
        const parsed: NonNullable<CiliumRule["toPorts"]> = [];
        for (const tp of toPorts) {
            const ports = recordsOf(tp.ports);
            if (ports === "invalid") {
                return undefined;
            }
            const list = (ports ?? []).map((p) =>
                typeof p.port === "string" &&
                (p.protocol === undefined || typeof p.protocol === "string") &&
                (p.endPort === undefined || typeof p.endPort === "number")
                    ? {
                          port: p.port,
                          protocol: p.protocol as string | undefined,
                          endPort: p.endPort as number | undefined,
                      }
                    : undefined,
            );
            if (list.some((p) => p === undefined)) {
                return undefined;
            }
            parsed.push(ports ? { ports: list as { port: string }[] } : {});
        }
        rule.toPorts = parsed;
    }
    return rule;
}

function ciliumRulesOf(v: unknown): CiliumRule[] | undefined {
    const list = recordsOf(v);
    if (list === undefined) {
        return undefined;
    }
    if (list === "invalid") {
        return [];
    }
    return list.map(ciliumRuleOf).filter((r): r is CiliumRule => r !== undefined);
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
        const rules = ciliumRulesOf(s[key]);
        if (rules) {
            view[key] = rules;
        }
    }
    return view;
}

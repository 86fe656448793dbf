// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The classes of sources one NetworkPolicy peer or one Cilium ingress rule admits, for the exposure
// evaluation (evaluate.ts). A peer's podSelector never narrows: any tenant can label its own pods.
import { ciliumEndpointLabels } from "../ciliumPolicy";
import { LabelSelector, NamespaceDirectory, NAMESPACE_NAME_LABEL, selectorMatches } from "../labelSelectors";
import { ExposureContext, Source } from "./model";
import { CILIUM_NS_KEYS, CILIUM_NS_LABEL_PREFIXES, list, Rec, rec, sel } from "./selection";

/** A selector in words, for messages: `{}` or `{matchLabels: {...}, matchExpressions: [...]}` as JSON. */
export function describeSelector(s: LabelSelector): string {
    return JSON.stringify(s);
}

/** The namespace names a selector pins by key (matchLabels or `In`), intersected; undefined when not pinned. */
function pinnedNames(s: LabelSelector, keys: readonly string[]): string[] | undefined {
    let names: string[] | undefined;
    const narrow = (vals: string[]): void => {
        names = names === undefined ? [...vals] : names.filter((n) => vals.includes(n));
    };
    for (const k of keys) {
        const v = s.matchLabels?.[k];
        if (v !== undefined) {
            narrow([String(v)]);
        }
        for (const e of s.matchExpressions ?? []) {
            if (e.key === k && e.operator === "In") {
                narrow(e.values ?? []);
            }
        }
    }
    return names;
}

/** Whether a selector has a requirement only a labelled object can meet (matchLabels, In, Exists). */
function hasPositiveRequirement(s: LabelSelector): boolean {
    return (
        Object.keys(s.matchLabels ?? {}).length > 0 ||
        (s.matchExpressions ?? []).some((e) => e.operator === "In" || e.operator === "Exists")
    );
}

/** The sources one NetworkPolicy peer admits (a peer's podSelector never narrows: any tenant can label its pods). */
export function k8sPeerSource(
    peer: Rec,
    policyNamespace: string,
    dir: NamespaceDirectory,
    ctx: ExposureContext,
): Source {
    if (peer.ipBlock !== undefined) {
        const b = rec(peer.ipBlock);
        return { kind: "cidr", cidr: String(b.cidr ?? ""), except: list(b.except).map(String) };
    }
    if (peer.namespaceSelector === undefined || peer.namespaceSelector === null) {
        return { kind: "namespaces", names: [policyNamespace] };
    }
    const ns = sel(peer.namespaceSelector);
    const names = pinnedNames(ns, [NAMESPACE_NAME_LABEL]);
    if (names !== undefined) {
        return { kind: "namespaces", names };
    }
    if (hasPositiveRequirement(ns)) {
        const declared = [...ctx.namespaces.keys()].filter((n) => selectorMatches(ns, dir.labelsOf(n)));
        return { kind: "labelledNamespaces", selector: describeSelector(ns), declared };
    }
    return { kind: "openNamespaces", selector: `namespaceSelector ${describeSelector(ns)}` };
}

/** The source one Cilium `fromEndpoints` selector admits. */
export function ciliumEndpointSource(
    s: LabelSelector,
    policyNamespace: string | undefined,
    dir: NamespaceDirectory,
    ctx: ExposureContext,
): Source {
    const reserved = Object.keys(s.matchLabels ?? {}).find((k) => k.startsWith("reserved:"));
    if (reserved) {
        return { kind: "entity", entity: reserved.slice("reserved:".length) };
    }
    const names = pinnedNames(s, CILIUM_NS_KEYS);
    if (names !== undefined) {
        return { kind: "namespaces", names };
    }
    const refersToNs = (s.matchExpressions ?? []).some((e) => CILIUM_NS_KEYS.includes(e.key));
    const nsLabelReqs: LabelSelector = {
        matchLabels: Object.fromEntries(
            Object.entries(s.matchLabels ?? {}).filter(([k]) => CILIUM_NS_LABEL_PREFIXES.some((p) => k.startsWith(p))),
        ),
        matchExpressions: (s.matchExpressions ?? []).filter((e) =>
            CILIUM_NS_LABEL_PREFIXES.some((p) => e.key.startsWith(p)),
        ),
    };
    if (policyNamespace !== undefined && !refersToNs) {
        return { kind: "namespaces", names: [policyNamespace] };
    }
    if (hasPositiveRequirement(nsLabelReqs)) {
        const declared = [...ctx.namespaces.keys()].filter(
            (n) =>
                selectorMatches(s, ciliumEndpointLabels({ namespace: n, labels: {} }, dir)) ||
                selectorMatches(nsLabelReqs, ciliumEndpointLabels({ namespace: n, labels: {} }, dir)),
        );
        return { kind: "labelledNamespaces", selector: describeSelector(s), declared };
    }
    return { kind: "openNamespaces", selector: `fromEndpoints ${describeSelector(s)}` };
}

/** Every source one Cilium ingress rule admits: endpoints, entities, CIDRs; a toPorts-only rule admits any source. */
export function ciliumRuleSources(
    rule: Rec,
    policyNamespace: string | undefined,
    dir: NamespaceDirectory,
    ctx: ExposureContext,
): { source: Source; at: string }[] {
    const out: { source: Source; at: string }[] = [];
    list(rule.fromEndpoints).forEach((s, j) =>
        out.push({ source: ciliumEndpointSource(sel(s), policyNamespace, dir, ctx), at: `fromEndpoints[${j}]` }),
    );
    list(rule.fromEntities).forEach((e, j) =>
        out.push({ source: { kind: "entity", entity: String(e) }, at: `fromEntities[${j}]` }),
    );
    list(rule.fromCIDR).forEach((c, j) =>
        out.push({ source: { kind: "cidr", cidr: String(c), except: [] }, at: `fromCIDR[${j}]` }),
    );
    list(rule.fromCIDRSet).forEach((c, j) =>
        out.push({
            source: { kind: "cidr", cidr: String(rec(c).cidr ?? ""), except: list(rec(c).except).map(String) },
            at: `fromCIDRSet[${j}]`,
        }),
    );
    const hasL3 = [
        "fromEndpoints",
        "fromEntities",
        "fromCIDR",
        "fromCIDRSet",
        "fromRequires",
        "fromGroups",
        "fromNodes",
    ].some((k) => rule[k] !== undefined);
    if (!hasL3 && rule.toPorts !== undefined) {
        out.push({
            source: { kind: "any", detail: "a rule with toPorts and no from* peer admits every source" },
            at: "",
        });
    }
    return out;
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Symbolic exposure evaluation: for each pod role and each port it serves, the classes of sources
// admitted by the union of every NetworkPolicy, CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy
// selecting it (no probe pods), and which of them are too wide. Semantics: docs/verdict-model.md.
import { ciliumEndpointLabels } from "../ciliumPolicy";
import { LabelSelector, NamespaceDirectory, NAMESPACE_NAME_LABEL, selectorMatches } from "../labelSelectors";
import { cidrRange, ipText, residual } from "./cidr";
import { Admission, Exposure, ExposureContext, ExposurePolicy, ServedPort, Source, TargetPod } from "./model";
import {
    CILIUM_NS_KEYS,
    CILIUM_NS_LABEL_PREFIXES,
    ciliumPortsCover,
    directory,
    effectivePolicyTypes,
    isolatesIngress,
    k8sPortCovers,
    list,
    policySelects,
    Rec,
    rec,
    sel,
    WIDE_ENTITIES,
} from "./selection";

export { cidrRange, ipText, residual } from "./cidr";
export {
    ciliumPortsCover,
    effectivePolicyTypes,
    isolatesIngress,
    k8sPortCovers,
    policySelects,
    WIDE_ENTITIES,
} from "./selection";

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
function ciliumRuleSources(
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

function policyRef(p: ExposurePolicy): string {
    const where = p.namespace === undefined ? p.name : `${p.namespace}/${p.name}`;
    return `${p.kind} ${where}${p.origin ? ` (${p.origin})` : ""}`;
}

/** Every source admitted to one pod role on one port by the policies selecting it, and where each comes from. */
export function admissions(
    policies: readonly ExposurePolicy[],
    pod: TargetPod,
    port: ServedPort,
    ctx: ExposureContext,
): Admission[] {
    const dir = directory(ctx);
    const isolating = policies.filter((p) => isolatesIngress(p, pod, dir));
    if (isolating.length === 0) {
        return [
            {
                role: pod.role,
                port,
                source: { kind: "any", detail: "no policy isolates the pod's ingress" },
                via: "no NetworkPolicy, CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy selects these pods for ingress",
            },
        ];
    }
    const out: Admission[] = [];
    for (const p of isolating) {
        const ref = policyRef(p);
        if (p.kind === "NetworkPolicy") {
            if (!effectivePolicyTypes(p.spec).has("Ingress")) {
                continue;
            }
            list(p.spec.ingress).forEach((raw, i) => {
                const rule = rec(raw);
                const ports = list(rule.ports).map(rec);
                if (ports.length > 0 && !ports.some((e) => k8sPortCovers(e, port))) {
                    return;
                }
                const from = list(rule.from).map(rec);
                if (from.length === 0) {
                    out.push({
                        role: pod.role,
                        port,
                        source: { kind: "any", detail: "an ingress rule with no from" },
                        via: `${ref} ingress[${i}]`,
                    });
                    return;
                }
                from.forEach((peer, j) =>
                    out.push({
                        role: pod.role,
                        port,
                        source: k8sPeerSource(peer, p.namespace ?? pod.namespace, dir, ctx),
                        via: `${ref} ingress[${i}].from[${j}]`,
                    }),
                );
            });
            continue;
        }
        list(p.spec.ingress).forEach((raw, i) => {
            const rule = rec(raw);
            if (!ciliumPortsCover(rule.toPorts, port)) {
                return;
            }
            for (const { source, at } of ciliumRuleSources(rule, p.namespace, dir, ctx)) {
                out.push({ role: pod.role, port, source, via: `${ref} ingress[${i}]${at ? `.${at}` : ""}` });
            }
        });
    }
    const denied = policies
        .filter((p) => p.kind !== "NetworkPolicy" && policySelects(p, pod, dir))
        .flatMap((p) =>
            list(p.spec.ingressDeny)
                .map(rec)
                .filter((r) => ciliumPortsCover(r.toPorts, port))
                .flatMap((r) => ciliumRuleSources(r, p.namespace, dir, ctx).map((x) => x.source)),
        );
    return out.filter((a) => !denied.some((d) => covers(d, a.source)));
}

/** Whether a deny source covers an admitted source entirely (deny wins over allow in Cilium). */
function covers(deny: Source, allowed: Source): boolean {
    if (deny.kind === "any" || (deny.kind === "entity" && deny.entity === "all")) {
        return true;
    }
    if (deny.kind === "entity" && deny.entity === "cluster") {
        return (
            allowed.kind === "namespaces" || allowed.kind === "labelledNamespaces" || allowed.kind === "openNamespaces"
        );
    }
    if (deny.kind === "openNamespaces") {
        return (
            allowed.kind === "namespaces" || allowed.kind === "labelledNamespaces" || allowed.kind === "openNamespaces"
        );
    }
    if (deny.kind === "namespaces" && allowed.kind === "namespaces") {
        return allowed.names.every((n) => deny.names.includes(n));
    }
    if (deny.kind === "entity" && allowed.kind === "entity") {
        return deny.entity === allowed.entity;
    }
    if (deny.kind === "cidr" && allowed.kind === "cidr") {
        return residual(allowed.cidr, allowed.except, [deny.cidr]).length === 0 && deny.except.length === 0;
    }
    return false;
}

// ---- Judgement ----

/** Why an admitted source is too wide, or undefined when it is within what the context allows. */
export function tooWide(a: Admission, pod: TargetPod, ctx: ExposureContext): string | undefined {
    const s = a.source;
    const allowed = (n: string): boolean =>
        n === pod.namespace || ctx.allowedNamespaces === undefined || ctx.allowedNamespaces.includes(n);
    switch (s.kind) {
        case "any":
            return `every source (${s.detail})`;
        case "openNamespaces":
            return `pods of any namespace (${s.selector}; a podSelector does not narrow it, since any tenant can label its own pods)`;
        case "namespaces": {
            const outside = s.names.filter((n) => !allowed(n));
            return outside.length > 0 ? `namespace ${outside.join(", ")} (not in the client list)` : undefined;
        }
        case "labelledNamespaces": {
            const outside = s.declared.filter((n) => !allowed(n));
            return outside.length > 0
                ? `namespace ${outside.join(", ")} (selected by namespace labels ${s.selector}; not in the client list)`
                : undefined;
        }
        case "cidr": {
            const rest = residual(s.cidr, s.except, [...ctx.podCidrs, ...ctx.allowedCidrs]);
            if (rest.length === 0) {
                return undefined;
            }
            const example = cidrRange(s.cidr) ? ipText(rest[0][0]) : s.cidr;
            return `ipBlock ${s.cidr}${s.except.length ? ` except ${s.except.join(", ")}` : ""} (covers ${example}, outside the pod CIDR ${ctx.podCidrs.join(", ") || "(not configured)"})`;
        }
        case "entity":
            return WIDE_ENTITIES.has(s.entity) ? `Cilium entity ${s.entity}` : undefined;
    }
}

/** Every too-wide admission of every role and served port (or only the given ports). */
export function exposures(
    policies: readonly ExposurePolicy[],
    pods: readonly TargetPod[],
    ctx: ExposureContext,
    ports?: readonly number[],
): Exposure[] {
    const out: Exposure[] = [];
    for (const pod of pods) {
        for (const port of pod.ports.filter((p) => ports === undefined || ports.includes(p.number))) {
            for (const a of admissions(policies, pod, port, ctx)) {
                const reason = tooWide(a, pod, ctx);
                if (reason !== undefined) {
                    out.push({ ...a, reason });
                }
            }
        }
    }
    return out;
}

/** One line per exposure: role, port, admitted source and the rule that admits it. */
export function describeExposure(e: Exposure): string {
    return `role ${e.role}, port ${e.port.number}/${e.port.protocol}${e.port.name ? ` (${e.port.name})` : ""} admits ${e.reason} via ${e.via}`;
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Symbolic exposure evaluation: for each pod role and each port it serves, the classes of sources
// admitted by the union of every NetworkPolicy, CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy
// selecting it (no probe pods), and which of them are too wide. Semantics: docs/verdict-model.md.
import { ciliumEndpointLabels } from "../ciliumPolicy";
import { LabelSelector, NamespaceDirectory, NAMESPACE_NAME_LABEL, selectorMatches } from "../labelSelectors";
import { arrayAt, recordAt } from "../record";
import { Admission, Exposure, ExposureContext, ExposurePolicy, ServedPort, Source, TargetPod } from "./model";

/** Cilium entities that stand for a whole address class and are too wide for a protected port. */
export const WIDE_ENTITIES: ReadonlySet<string> = new Set([
    "all",
    "world",
    "world-ipv4",
    "world-ipv6",
    "cluster",
    "host",
    "remote-node",
]);

/** Cilium's pod-namespace label keys. */
const CILIUM_NS_KEYS = ["k8s:io.kubernetes.pod.namespace", "io.kubernetes.pod.namespace"];
const CILIUM_NS_LABEL_PREFIXES = ["k8s:io.cilium.k8s.namespace.labels.", "io.cilium.k8s.namespace.labels."];

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => recordAt(v);
const list = (v: unknown): unknown[] => arrayAt(v);
/**
 * A selector as the API server would accept it: a malformed part (a non-string label value, an
 * expression without a string key and operator) counts as removed, so malformed input is never more
 * permissive than the same input without it.
 */
const sel = (v: unknown): LabelSelector => {
    const raw = rec(v);
    const out: LabelSelector = {};
    const labels = raw.matchLabels;
    if (typeof labels === "object" && labels !== null && !Array.isArray(labels)) {
        out.matchLabels = Object.fromEntries(
            Object.entries(labels as Record<string, unknown>).filter(([, x]) => typeof x === "string"),
        ) as Record<string, string>;
    }
    if (Array.isArray(raw.matchExpressions)) {
        out.matchExpressions = (raw.matchExpressions as unknown[]).filter(
            (e): e is NonNullable<LabelSelector["matchExpressions"]>[number] =>
                typeof e === "object" &&
                e !== null &&
                typeof (e as Record<string, unknown>).key === "string" &&
                typeof (e as Record<string, unknown>).operator === "string" &&
                ((e as Record<string, unknown>).values === undefined ||
                    (Array.isArray((e as Record<string, unknown>).values) &&
                        ((e as Record<string, unknown>).values as unknown[]).every((x) => typeof x === "string"))),
        );
    }
    return out;
};

function directory(ctx: ExposureContext): NamespaceDirectory {
    const d = new NamespaceDirectory();
    for (const [name, labels] of ctx.namespaces) {
        d.add(name, labels);
    }
    return d;
}

/** Effective policy types: as declared, else Ingress, plus Egress when an egress section exists (API default). */
export function effectivePolicyTypes(spec: Rec): Set<string> {
    const declared = list(spec.policyTypes).map(String);
    if (declared.length > 0) {
        return new Set(declared);
    }
    return new Set(spec.egress !== undefined && spec.egress !== null ? ["Ingress", "Egress"] : ["Ingress"]);
}

/** Whether a policy selects the pod at all (namespace scoping as the API and Cilium do it). */
export function policySelects(p: ExposurePolicy, pod: TargetPod, dir: NamespaceDirectory): boolean {
    if (p.kind === "NetworkPolicy") {
        return p.namespace === pod.namespace && selectorMatches(sel(p.spec.podSelector ?? {}), pod.labels);
    }
    const endpointSelector = p.spec.endpointSelector;
    if (endpointSelector === undefined || endpointSelector === null) {
        return false;
    }
    const s = sel(endpointSelector);
    const namesNs = CILIUM_NS_KEYS.some(
        (k) => s.matchLabels?.[k] !== undefined || (s.matchExpressions ?? []).some((e) => e.key === k),
    );
    if (p.namespace !== undefined && !namesNs && p.namespace !== pod.namespace) {
        return false;
    }
    return selectorMatches(s, ciliumEndpointLabels({ namespace: pod.namespace, labels: pod.labels }, dir));
}

/** Whether a policy isolates the pod's ingress (K8s: type Ingress; Cilium: an ingress or ingressDeny section). */
export function isolatesIngress(p: ExposurePolicy, pod: TargetPod, dir: NamespaceDirectory): boolean {
    if (!policySelects(p, pod, dir)) {
        return false;
    }
    if (p.kind === "NetworkPolicy") {
        return effectivePolicyTypes(p.spec).has("Ingress");
    }
    return list(p.spec.ingress).length > 0 || list(p.spec.ingressDeny).length > 0;
}

/** Whether a NetworkPolicy port entry covers the served port (numbers, ranges with endPort, names). */
export function k8sPortCovers(entry: Rec, port: ServedPort): boolean {
    if (String(entry.protocol ?? "TCP").toUpperCase() !== port.protocol) {
        return false;
    }
    const p = entry.port;
    if (p === undefined || p === null) {
        return true;
    }
    if (typeof p === "number" || /^\d+$/.test(String(p))) {
        const start = Number(p);
        const end = typeof entry.endPort === "number" ? entry.endPort : start;
        return port.number >= start && port.number <= end;
    }
    return port.name !== undefined && String(p) === port.name;
}

/** Whether a Cilium toPorts list covers the served port (`port` "0" or absent = every port; ANY protocol). */
export function ciliumPortsCover(toPorts: unknown, port: ServedPort): boolean {
    const entries = list(toPorts);
    if (entries.length === 0) {
        return true;
    }
    return entries.some((tp) =>
        list(rec(tp).ports).some((raw) => {
            const e = rec(raw);
            const proto = String(e.protocol ?? "ANY").toUpperCase();
            if (proto !== "ANY" && proto !== port.protocol) {
                return false;
            }
            const p = e.port === undefined || e.port === null ? "0" : String(e.port);
            if (/^\d+$/.test(p)) {
                const start = Number(p);
                if (start === 0) {
                    return true;
                }
                const end = typeof e.endPort === "number" ? e.endPort : start;
                return port.number >= start && port.number <= end;
            }
            return port.name !== undefined && p === port.name;
        }),
    );
}

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

// ---- IPv4 ranges ----

type Range = [number, number];

function ipv4(ip: string): number | undefined {
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
    if (!m) {
        return undefined;
    }
    const o = m.slice(1).map(Number);
    return o.some((x) => x > 255) ? undefined : o.reduce((a, x) => a * 256 + x, 0);
}

/** An IPv4 CIDR as an inclusive range; undefined for anything else (IPv6 is not modelled). */
export function cidrRange(cidr: string): Range | undefined {
    const [base, bits = "32"] = cidr.split("/");
    const start = ipv4(base);
    const b = Number(bits);
    if (start === undefined || !Number.isInteger(b) || b < 0 || b > 32) {
        return undefined;
    }
    const size = 2 ** (32 - b);
    const first = Math.floor(start / size) * size;
    return [first, first + size - 1];
}

function subtract(ranges: Range[], cut: Range): Range[] {
    const out: Range[] = [];
    for (const [s, e] of ranges) {
        if (cut[1] < s || cut[0] > e) {
            out.push([s, e]);
            continue;
        }
        if (cut[0] > s) {
            out.push([s, cut[0] - 1]);
        }
        if (cut[1] < e) {
            out.push([cut[1] + 1, e]);
        }
    }
    return out;
}

/** The part of `cidr` minus `except` that none of `inside` covers; a non-IPv4 CIDR is all residual. */
export function residual(cidr: string, except: readonly string[], inside: readonly string[]): Range[] {
    const r = cidrRange(cidr);
    if (!r) {
        return inside.includes(cidr) ? [] : [[0, 0]];
    }
    let rest: Range[] = [r];
    for (const c of [...except, ...inside]) {
        const cut = cidrRange(c);
        if (cut) {
            rest = subtract(rest, cut);
        }
    }
    return rest;
}

/** A dotted IPv4 address. */
export function ipText(n: number): string {
    return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
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

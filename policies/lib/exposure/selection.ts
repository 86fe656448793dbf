// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// What a NetworkPolicy, CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy selects and which
// ports its entries cover, read from the spec as written (malformed parts count as removed).
import { ciliumEndpointLabels } from "../ciliumPolicy";
import { LabelSelector, NamespaceDirectory, selectorMatches } from "../labelSelectors";
import { policySelectsPod, policyTypesOf, portEntryCovers } from "../networkPolicy";
import { arrayAt, recordAt } from "../propertyPaths";
import { ExposureContext, ExposurePolicy, ServedPort, TargetPod } from "./model";

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
export const CILIUM_NS_KEYS = ["k8s:io.kubernetes.pod.namespace", "io.kubernetes.pod.namespace"];
export const CILIUM_NS_LABEL_PREFIXES = ["k8s:io.cilium.k8s.namespace.labels.", "io.cilium.k8s.namespace.labels."];

/** A spec object. */
export type Rec = Record<string, unknown>;
/** An object at a value, `{}` otherwise. */
export const rec = (v: unknown): Rec => recordAt(v);
/** An array at a value, `[]` otherwise. */
export const list = (v: unknown): unknown[] => arrayAt(v);
/**
 * A selector as the API server would accept it: a malformed part (a non-string label value, an
 * expression without a string key and operator) counts as removed, so malformed input is never more
 * permissive than the same input without it.
 */
export const sel = (v: unknown): LabelSelector => {
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

// One directory per namespace map: the rules ask for it per CR, role and port, and the map of a
// context is never changed once built (exposureContextOf).
const directories = new WeakMap<ExposureContext["namespaces"], NamespaceDirectory>();

/** The context's namespaces as a directory (built once per context). */
export function directory(ctx: ExposureContext): NamespaceDirectory {
    let d = directories.get(ctx.namespaces);
    if (!d) {
        d = new NamespaceDirectory();
        for (const [name, labels] of ctx.namespaces) {
            d.add(name, labels);
        }
        directories.set(ctx.namespaces, d);
    }
    return d;
}

/** Whether a policy selects the pod at all (namespace scoping as the API and Cilium do it). */
export function policySelects(p: ExposurePolicy, pod: TargetPod, dir: NamespaceDirectory): boolean {
    if (p.kind === "NetworkPolicy") {
        return (
            p.namespace !== undefined &&
            policySelectsPod(
                { namespace: p.namespace, podSelector: sel(p.spec.podSelector) },
                { namespace: pod.namespace, labels: pod.labels },
            )
        );
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
        return policyTypesOf(p.spec).has("Ingress");
    }
    return list(p.spec.ingress).length > 0 || list(p.spec.ingressDeny).length > 0;
}

/** Whether a NetworkPolicy port entry covers the served port (numbers, ranges with endPort, names). */
export function k8sPortCovers(entry: Rec, port: ServedPort): boolean {
    return portEntryCovers(entry, port.number, port.protocol, (name) => name === port.name);
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

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Symbolic exposure evaluation: for each pod role and each port it serves, the classes of sources
// admitted by the union of every NetworkPolicy, CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy
// selecting it (no probe pods), and which of them are too wide. Semantics: docs/verdict-model.md.
import { policyTypesOf } from "../networkPolicy";
import { cidrRange, ipText, residual } from "./cidr";
import { Admission, Exposure, ExposureContext, ExposurePolicy, ServedPort, Source, TargetPod } from "./model";
import {
    ciliumPortsCover,
    directory,
    isolatesIngress,
    k8sPortCovers,
    list,
    policySelects,
    rec,
    WIDE_ENTITIES,
} from "./selection";
import { ciliumRuleSources, k8sPeerSource } from "./sources";

export { cidrRange, ipText, residual } from "./cidr";
export { ciliumPortsCover, isolatesIngress, k8sPortCovers, policySelects, WIDE_ENTITIES } from "./selection";

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
            if (!policyTypesOf(p.spec).has("Ingress")) {
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

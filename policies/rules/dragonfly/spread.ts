// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { dragonflyPodLabels, DRAGONFLY_TYPE, objectNameOf, namespaceOf } from "../../lib/kube";
import { ResourceRule } from "../../lib/rule";
import { LabelSelector, selectorMatches } from "../../lib/labelSelectors";

const HOSTNAME = "kubernetes.io/hostname";

function terms(spec: Record<string, unknown>): { kind: string; selector?: LabelSelector; maxSkew?: unknown }[] {
    const out: { kind: string; selector?: LabelSelector; maxSkew?: unknown }[] = [];
    for (const c of (spec.topologySpreadConstraints as
        { topologyKey?: string; labelSelector?: LabelSelector; maxSkew?: unknown }[] | undefined) ?? []) {
        if (c.topologyKey === HOSTNAME) {
            out.push({ kind: "topologySpreadConstraints", selector: c.labelSelector, maxSkew: c.maxSkew });
        }
    }
    const anti = (spec.affinity as { podAntiAffinity?: Record<string, unknown> } | undefined)?.podAntiAffinity ?? {};
    for (const t of (anti.requiredDuringSchedulingIgnoredDuringExecution as
        { topologyKey?: string; labelSelector?: LabelSelector }[] | undefined) ?? []) {
        if (t.topologyKey === HOSTNAME) {
            out.push({ kind: "podAntiAffinity", selector: t.labelSelector });
        }
    }
    for (const w of (anti.preferredDuringSchedulingIgnoredDuringExecution as
        { podAffinityTerm?: { topologyKey?: string; labelSelector?: LabelSelector } }[] | undefined) ?? []) {
        if (w.podAffinityTerm?.topologyKey === HOSTNAME) {
            out.push({ kind: "podAntiAffinity", selector: w.podAffinityTerm.labelSelector });
        }
    }
    return out;
}

/**
 * Checks that a Dragonfly CR with more than one replica spreads its pods over nodes with topology
 * spread or pod anti-affinity on kubernetes.io/hostname, using labels the operator really sets
 * (topology spread counts as well as anti-affinity, unlike kube-linter and kube-score).
 */
export const dragonflySpread: ResourceRule = {
    name: "cluster-platform-dragonfly-spread",
    kind: "resource",
    description: "A multi-replica Dragonfly spreads its pods over nodes on labels the operator sets.",
    risks: ["DFLY-TECH-001", "DFLY-VR-04.11", "DFLY-CP-B3"],
    remediationSteps:
        "Add spec.topologySpreadConstraints (maxSkew 1, topologyKey kubernetes.io/hostname) or preferred podAntiAffinity with labelSelector app=<cr>, app.kubernetes.io/name=dragonfly.",
    check: (r, report) => {
        if (r.type !== DRAGONFLY_TYPE) {
            return;
        }
        const spec = (r.props.spec ?? {}) as Record<string, unknown>;
        const replicas = typeof spec.replicas === "number" ? spec.replicas : 1;
        if (replicas <= 1) {
            return;
        }
        const name = objectNameOf(r.props, r.name);
        const who = `Dragonfly ${namespaceOf(r.props)}/${name}`;
        const found = terms(spec);
        if (found.length === 0) {
            report(
                "DFLY-TECH-001",
                `${who} runs ${replicas} replicas with no topology spread or pod anti-affinity on kubernetes.io/hostname, so they may share a node; add spec.topologySpreadConstraints with topologyKey kubernetes.io/hostname and labelSelector app=${name}.`,
            );
            return;
        }
        const pod = dragonflyPodLabels(name, "replica");
        const matching = found.filter((t) => selectorMatches(t.selector, pod));
        if (matching.length === 0) {
            const t = found[0];
            // Only anti-affinity, none of it on the operator's labels: the validation report's
            // "Anti-Affinity ... Conditional when replicas > 1" item itself fails.
            const antiOnly = found.every((x) => x.kind === "podAntiAffinity");
            report(
                antiOnly ? "DFLY-VR-04.11" : "DFLY-TECH-001",
                `${who} spreads with ${t.kind} whose labelSelector ${JSON.stringify(t.selector ?? null)} matches no pod the operator creates (its pods carry app=${name}, app.kubernetes.io/name=dragonfly, app.kubernetes.io/part-of=dragonfly, role); select app=${name} instead.`,
            );
            return;
        }
        // B.3 asks for maxSkew 1 (or anti-affinity): a larger skew lets 2 of 3 pods share a node.
        if (matching.every((t) => t.kind === "topologySpreadConstraints" && t.maxSkew !== 1)) {
            report(
                "DFLY-CP-B3",
                `${who} spreads its ${replicas} replicas over kubernetes.io/hostname with maxSkew ${JSON.stringify(matching[0].maxSkew ?? null)}, which lets more pods than one share a node; set maxSkew: 1 (or add preferred podAntiAffinity on app=${name}).`,
            );
        }
    },
};

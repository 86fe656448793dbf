// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The exposure evaluator's inputs read from a stack: the policies that can select a namespace's pods,
// the declared namespaces and the pod CIDR, and the world of a Dragonfly CR (its operator's objects
// included).
import { isChart, Labels } from "../kube";
import { arrayAt, recordAt, stringAt, valueAt } from "../propertyPaths";
import { DragonflyView, StackView } from "../stackView";
import { operatorObjects, OperatorObjects } from "./dragonflyOperator";
import { isolatesIngress } from "./evaluate";
import { ExposureContext, ExposurePolicy } from "./model";
import { directory } from "./selection";

const NP_TYPE = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const CNP_TYPE = "kubernetes:cilium.io/v2:CiliumNetworkPolicy";
const CCNP_TYPE = "kubernetes:cilium.io/v2:CiliumClusterwideNetworkPolicy";
const NAMESPACE_TYPE = "kubernetes:core/v1:Namespace";
const DEPLOYMENT_TYPE = "kubernetes:apps/v1:Deployment";

/** Every declared NetworkPolicy and CiliumNetworkPolicy of a namespace, and every clusterwide Cilium policy. */
export function declaredPolicies(view: StackView, namespace: string): ExposurePolicy[] {
    // A policy whose spec is not an object is rejected by the API server: it isolates nothing.
    const valid = (x: { props: Record<string, unknown> }): boolean => {
        const spec = x.props.spec;
        return typeof spec === "object" && spec !== null && !Array.isArray(spec);
    };
    return [
        ...view
            .ofType(NP_TYPE, namespace)
            .filter(valid)
            .map((x): ExposurePolicy => ({
                kind: "NetworkPolicy",
                name: x.name,
                namespace,
                spec: recordAt(x.props, "spec"),
            })),
        ...view
            .ofType(CNP_TYPE, namespace)
            .filter(valid)
            .map((x): ExposurePolicy => ({
                kind: "CiliumNetworkPolicy",
                name: x.name,
                namespace,
                spec: recordAt(x.props, "spec"),
            })),
        ...view
            .ofType(CCNP_TYPE)
            .filter(valid)
            .map((x): ExposurePolicy => ({
                kind: "CiliumClusterwideNetworkPolicy",
                name: x.name,
                spec: recordAt(x.props, "spec"),
            })),
    ];
}

/**
 * The pod CIDRs the stack's Cilium release declares (`ipam.operator.clusterPoolIPv4PodCIDRList`,
 * `clusterPoolIPv4PodCIDR`, `ipv4NativeRoutingCIDR`); empty when the stack has no Cilium release, so
 * every ipBlock then counts as reaching beyond the pods.
 */
export function podCidrsOf(view: StackView): string[] {
    const values = recordAt(view.helmReleases.find((r) => isChart(r.props, "cilium"))?.props, "values");
    const list = valueAt(values, "ipam.operator.clusterPoolIPv4PodCIDRList");
    const out = [
        ...(typeof list === "string" ? [list] : arrayAt(list).map(String)),
        stringAt(values, "ipam.operator.clusterPoolIPv4PodCIDR"),
        stringAt(values, "ipv4NativeRoutingCIDR"),
    ].filter((c): c is string => typeof c === "string" && c !== "");
    return [...new Set(out)];
}

// Every exposure rule asks for it; a stack view does not change during an analysis.
const contexts = new WeakMap<StackView, ExposureContext>();

/** The evaluator's context from a stack: declared namespaces with labels and the pod CIDRs (built once per view). */
export function exposureContextOf(view: StackView): ExposureContext {
    let ctx = contexts.get(view);
    if (!ctx) {
        ctx = computeExposureContext(view);
        contexts.set(view, ctx);
    }
    return ctx;
}

function computeExposureContext(view: StackView): ExposureContext {
    const namespaces = new Map<string, Labels>();
    for (const ns of view.ofType(NAMESPACE_TYPE)) {
        namespaces.set(
            ns.name,
            Object.fromEntries(Object.entries(recordAt(ns.props, "metadata.labels")).map(([k, v]) => [k, String(v)])),
        );
    }
    return { namespaces, podCidrs: podCidrsOf(view), allowedCidrs: [] };
}

/**
 * Where dragonfly-operator runs: the namespace of its Helm release, else of a Deployment labelled
 * app.kubernetes.io/name=dragonfly-operator; undefined when the stack declares neither.
 */
export function operatorNamespaceOf(view: StackView): string | undefined {
    if (!operatorNamespaces.has(view)) {
        operatorNamespaces.set(view, findOperatorNamespace(view));
    }
    return operatorNamespaces.get(view);
}

// Asked once per Dragonfly CR; a stack view does not change during an analysis.
const operatorNamespaces = new WeakMap<StackView, string | undefined>();

function findOperatorNamespace(view: StackView): string | undefined {
    const release = view.helmReleases.find((r) => isChart(r.props, "dragonfly-operator"));
    if (release) {
        return release.namespace;
    }
    return view
        .ofType(DEPLOYMENT_TYPE)
        .find((d) => recordAt(d.props, "metadata.labels")["app.kubernetes.io/name"] === "dragonfly-operator")
        ?.namespace;
}

/** What exists around a Dragonfly CR: the operator's objects and every policy that can select its pods. */
export interface DragonflyWorld {
    objects: OperatorObjects;
    policies: ExposurePolicy[];
}

/** The world of a Dragonfly CR: the operator's own NetworkPolicy (unless switched off) joins the declared ones. */
export function dragonflyWorld(view: StackView, df: DragonflyView): DragonflyWorld {
    const objects = operatorObjects(
        {
            name: df.name,
            namespace: df.namespace,
            spec: df.spec,
            annotations: recordAt(df.props, "metadata.annotations"),
        },
        operatorNamespaceOf(view),
    );
    const policies = declaredPolicies(view, df.namespace);
    if (objects.networkPolicy) {
        policies.push(objects.networkPolicy);
    }
    return { objects, policies };
}

/** The pod roles of a Dragonfly CR that no policy of its world isolates for ingress. */
export function unisolatedRoles(world: DragonflyWorld, ctx: ExposureContext): string[] {
    const dir = directory(ctx);
    return world.objects.pods
        .filter((pod) => !world.policies.some((p) => isolatesIngress(p, pod, dir)))
        .map((pod) => pod.role);
}

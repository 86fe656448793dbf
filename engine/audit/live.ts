// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The live objects as resources the pack judges: an object the stack declares keeps the declared
// resource's URN (so findings point at the component that declared it), Helm release records become
// helm.v3.Release resources, Flux HelmReleases are judged as releases, a Dragonfly CR is marked so
// the pack takes the operator's real objects instead of its model, and the operator's modelled
// objects that are missing on the cluster are listed.
import { PROJECT } from "../../config/schema";
import { isChart } from "../../policies/lib/kube";
import {
    OBSERVED,
    OBSERVED_ANNOTATION,
    operatorObjects,
    ownedByCr,
} from "../../policies/lib/exposure/dragonflyOperator";
import { fluxHelmReleaseView, isFluxHelmRelease, NormalizeError } from "../../policies/lib/exposure/normalize";
import { SECRET_NAME } from "../../policies/rules/secrets/plaintextSecrets";
import { SECRET_SIG, SECRET_SIG_KEY } from "../../policies/runtime/wire";
import { defaultResourceOptions, typeOfManifest } from "../manifests/read";
import { RecordedResource } from "../recording/program";
import { currentReleases, HelmReleaseRecord } from "./helmRecords";

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Rec) : {});

/** The Helm release type token. */
export const RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";

/** Raised for a live object the audit cannot turn into a judged resource (names it and why). */
export class LiveObjectError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "LiveObjectError";
    }
}

/** `group/Kind namespace/name` identity of an object, version-free (a CRD may serve several versions). */
export function identityOf(apiVersion: string, kind: string, namespace: string | undefined, name: string): string {
    const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
    return `${group}/${kind} ${namespace ? `${namespace}/` : ""}${name}`;
}

/** `Kind namespace/name` for messages. */
export function displayName(kind: string, namespace: string | undefined, name: string): string {
    return `${kind} ${namespace ? `${namespace}/` : ""}${name}`;
}

/** The identity of a declared Kubernetes resource (undefined for providers, components, Helm releases). */
export function declaredIdentity(r: RecordedResource): string | undefined {
    const m = /^kubernetes:([^:]+):(.+)$/.exec(r.type);
    if (!m || r.type === RELEASE_TYPE || r.type.startsWith("kubernetes:helm.sh/")) {
        return undefined;
    }
    const apiVersion = m[1].startsWith("core/") ? m[1].slice(5) : m[1];
    const meta = rec(r.inputs.metadata);
    const name = typeof meta.name === "string" ? meta.name : r.name;
    const namespaced = meta.namespace !== undefined || !CLUSTER_SCOPED.has(m[2]);
    return identityOf(apiVersion, m[2], namespaced ? String(meta.namespace ?? "default") : undefined, name);
}

/** Kinds without a namespace (among those the audit reads or the stack declares). */
export const CLUSTER_SCOPED = new Set([
    "Namespace",
    "CustomResourceDefinition",
    "CiliumClusterwideNetworkPolicy",
    "CiliumBGPPeerConfig",
    "CiliumBGPClusterConfig",
    "CiliumBGPAdvertisement",
    "CiliumLoadBalancerIPPool",
    "ClusterRole",
    "ClusterRoleBinding",
    "PriorityClass",
]);

/** A live object's own identity. */
export function liveIdentity(o: Rec): string {
    const meta = rec(o.metadata);
    return identityOf(String(o.apiVersion), String(o.kind), meta.namespace as string | undefined, String(meta.name));
}

/** Controller-owned children judged through their owner's template (a Deployment's ReplicaSets, a CronJob's Jobs, any owned Pod). */
export function judgedThroughOwner(o: Rec): boolean {
    const refs = (Array.isArray(rec(o.metadata).ownerReferences) ? rec(o.metadata).ownerReferences : []) as unknown[];
    const ownerKinds = refs
        .map((r) => rec(r))
        .filter((r) => r.controller === true)
        .map((r) => String(r.kind));
    if (o.kind === "Pod") {
        return refs.length > 0;
    }
    return (
        (o.kind === "ReplicaSet" && ownerKinds.includes("Deployment")) ||
        (o.kind === "Job" && ownerKinds.includes("CronJob"))
    );
}

/** The object without what only the server writes (status, managedFields, kubectl's last-applied copy). */
export function withoutServerFields(o: Rec): Rec {
    const meta = { ...rec(o.metadata) };
    delete meta.managedFields;
    const annotations = { ...rec(meta.annotations) };
    delete annotations["kubectl.kubernetes.io/last-applied-configuration"];
    if (Object.keys(annotations).length > 0) {
        meta.annotations = annotations;
    } else {
        delete meta.annotations;
    }
    const out: Rec = { ...o, metadata: meta };
    delete out.status;
    return out;
}

/**
 * Helm values in wire form with every value under a secret-like key (password, token, …) wrapped as a
 * Pulumi secret: rules see it unwrapped, and the engine redacts it from every message.
 */
export function valuesAsWire(v: unknown, secret = false): unknown {
    if (Array.isArray(v)) {
        return v.map((x) => valuesAsWire(x, secret));
    }
    if (typeof v === "object" && v !== null) {
        return Object.fromEntries(
            Object.entries(v).map(([k, x]) => [k, valuesAsWire(x, secret || SECRET_NAME.test(k))]),
        );
    }
    return secret && v !== null && v !== "" ? { [SECRET_SIG_KEY]: SECRET_SIG, value: v } : v;
}

/** A modelled operator object missing on the cluster. */
export interface MissingOperatorObject {
    /** The Dragonfly CR's resource URN. */
    cr: string;
    kind: "NetworkPolicy" | "PodDisruptionBudget";
    namespace: string;
    name: string;
    /** What makes the operator create it. */
    because: string;
}

/** The live cluster as judged resources, with what the comparison needs. */
export interface LiveResources {
    resources: RecordedResource[];
    /** Live objects by identity (every object read, owned ones included). */
    byIdentity: Map<string, Rec>;
    /** The release that runs per `namespace/name`, and its latest revision when that one is not deployed. */
    releases: { current: HelmReleaseRecord; latest: HelmReleaseRecord; urn: string }[];
    missingOperatorObjects: MissingOperatorObject[];
    /** Flux HelmReleases whose sources or valuesFrom were not on the cluster (named). */
    unresolved: string[];
}

/** Turns what the audit read into resources for the pack, keeping the declared URN of every declared object. */
export function liveResources(
    stack: string,
    objects: readonly Rec[],
    records: readonly HelmReleaseRecord[],
    declared: readonly RecordedResource[],
): LiveResources {
    const declaredById = new Map<string, RecordedResource>();
    for (const r of declared) {
        const id = declaredIdentity(r);
        if (id) {
            declaredById.set(id, r);
        }
    }
    const urnOf = (type: string, name: string): string => `urn:pulumi:${stack}::${PROJECT}::${type}::${name}`;
    const byIdentity = new Map<string, Rec>();
    const resources: RecordedResource[] = [];
    const unresolved: string[] = [];
    const bodies = objects.map(withoutServerFields);
    bodies.forEach((o) => byIdentity.set(liveIdentity(o), o));
    for (const body of bodies) {
        if (judgedThroughOwner(body)) {
            continue;
        }
        const meta = rec(body.metadata);
        const id = liveIdentity(body);
        const own = declaredById.get(id);
        let type = typeOfManifest(String(body.apiVersion), String(body.kind));
        const name = own?.name ?? `${meta.namespace ? `${String(meta.namespace)}/` : ""}${String(meta.name)}`;
        let props: Rec = body;
        if (body.kind === "Dragonfly") {
            props = {
                ...body,
                metadata: { ...meta, annotations: { ...rec(meta.annotations), [OBSERVED_ANNOTATION]: OBSERVED } },
            };
        }
        if (isFluxHelmRelease(body)) {
            try {
                const view = fluxHelmReleaseView(body, bodies);
                unresolved.push(
                    ...view.unresolved.map((u) => `HelmRelease ${String(meta.namespace)}/${String(meta.name)}: ${u}`),
                );
                props = view.props;
                type = RELEASE_TYPE;
            } catch (err) {
                throw new LiveObjectError((err as NormalizeError).message);
            }
        }
        resources.push({
            type,
            name,
            urn: own?.urn ?? urnOf(type, name),
            parent: "",
            provider: "",
            custom: true,
            inputs: props,
            wireInputs: props,
            dependencies: [],
            propertyDependencies: {},
            options: defaultResourceOptions(),
        });
    }
    const releases = currentReleases(records).map(({ current, latest }) => {
        const own = declared.find(
            (r) =>
                r.type === RELEASE_TYPE &&
                r.inputs.name === current.name &&
                (r.inputs.namespace ?? "default") === current.namespace,
        );
        // Helm records the chart's name and version, not where it came from nor Pulumi's release
        // options (atomic, timeout): those are the declaration's, the rest is what runs.
        const base: Rec = own ? { ...own.inputs } : {};
        delete base.values;
        const chart = own && isChart(own.inputs, current.chart) ? own.inputs.chart : current.chart;
        const props: Rec = {
            ...base,
            name: current.name,
            namespace: current.namespace,
            chart,
            version: current.chartVersion,
            values: current.values,
        };
        const name = own?.name ?? `helm:${current.namespace}/${current.name}`;
        const urn = own?.urn ?? urnOf(RELEASE_TYPE, name);
        resources.push({
            type: RELEASE_TYPE,
            name,
            urn,
            parent: "",
            provider: "",
            custom: true,
            inputs: props,
            wireInputs: { ...props, values: valuesAsWire(current.values) },
            dependencies: [],
            propertyDependencies: {},
            options: defaultResourceOptions(),
        });
        return { current, latest, urn };
    });
    const missingOperatorObjects = missingOperatorObjectsOf(resources, byIdentity);
    return { resources, byIdentity, releases, missingOperatorObjects, unresolved };
}

/** The NetworkPolicy and PDB dragonfly-operator makes for each live CR, where the cluster has none owned by the CR. */
function missingOperatorObjectsOf(
    resources: readonly RecordedResource[],
    byIdentity: Map<string, Rec>,
): MissingOperatorObject[] {
    const out: MissingOperatorObject[] = [];
    for (const r of resources.filter((x) => x.type === "kubernetes:dragonflydb.io/v1alpha1:Dragonfly")) {
        const meta = rec(r.inputs.metadata);
        const cr = {
            name: String(meta.name),
            namespace: String(meta.namespace ?? "default"),
            spec: rec(r.inputs.spec),
        };
        const model = operatorObjects(cr, undefined);
        const present = (group: string, kind: string): boolean => {
            const o = byIdentity.get(identityOf(`${group}/v1`, kind, cr.namespace, cr.name));
            return o !== undefined && ownedByCr(o, cr.name);
        };
        if (model.networkPolicy && !present("networking.k8s.io", "NetworkPolicy")) {
            out.push({
                cr: r.urn,
                kind: "NetworkPolicy",
                namespace: cr.namespace,
                name: cr.name,
                because: "spec.networkPolicyEnabled is not false",
            });
        }
        if (model.pdb && !present("policy", "PodDisruptionBudget")) {
            out.push({
                cr: r.urn,
                kind: "PodDisruptionBudget",
                namespace: cr.namespace,
                name: cr.name,
                because: `spec.replicas is ${model.replicas}`,
            });
        }
    }
    return out;
}

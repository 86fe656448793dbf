// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The objects dragonfly-operator v1.6.1 creates for a Dragonfly CR, modelled from its source
// (internal/resources/resources.go at b28637d; docs/verdict-model.md): the pods per role with their
// ports, the NetworkPolicy it makes unless networkPolicyEnabled is false, and the PDB it makes when
// replicas > 1. Rules judge these objects together with the ones the stack declares.
import { recordAt } from "../propertyPaths";
import { BudgetSpec } from "./pdb";
import { ExposurePolicy, ServedPort, TargetPod } from "./model";

/** The labels the operator selects a CR's pods by (StatefulSet, NetworkPolicy, PDB). */
export function instanceSelector(crName: string): Record<string, string> {
    return { app: crName, "app.kubernetes.io/part-of": "dragonfly", "app.kubernetes.io/name": "dragonfly" };
}

/** The operator's client port, admin port (no password: `--admin_nopass`) and optional memcached port. */
export const REDIS_PORT: ServedPort = { number: 6379, name: "redis", protocol: "TCP" };
export const ADMIN_PORT: ServedPort = { number: 9999, name: "admin", protocol: "TCP" };

/** What the operator's `GenerateDragonflyResources` yields for a CR that matters to the rules. */
export interface OperatorObjects {
    /** One pod per role the controller labels: master, and replica when replicas > 1. */
    pods: TargetPod[];
    /** The NetworkPolicy `<name>`; undefined when `spec.networkPolicyEnabled: false`. */
    networkPolicy?: ExposurePolicy;
    /** The PDB `<name>` with its selector and budget; undefined when replicas <= 1. */
    pdb?: { name: string; namespace: string; selector: Record<string, string>; budget: BudgetSpec };
    /** The CR's replica count (`spec.replicas`, 0 when unset: the CRD has no default). */
    replicas: number;
}

/** The CR's fields the model reads. */
export interface DragonflyCr {
    name: string;
    namespace: string;
    spec: Record<string, unknown>;
    /** The CR's metadata.annotations (for {@link OBSERVED_ANNOTATION}). */
    annotations?: Record<string, unknown>;
}

/**
 * Set (value {@link OBSERVED}) by `npm run audit` on a Dragonfly CR it read from a live cluster: the
 * objects dragonfly-operator really created for it are part of the input, so the model adds no
 * NetworkPolicy or PDB of its own and a missing one counts as missing.
 */
export const OBSERVED_ANNOTATION = "cluster-platform.io/operator-objects";
/** The value of {@link OBSERVED_ANNOTATION} that switches the model's objects off. */
export const OBSERVED = "observed";

/** Whether the operator's objects of a CR are observed in the input rather than modelled. */
export function operatorObjectsObserved(cr: Pick<DragonflyCr, "annotations">): boolean {
    return cr.annotations?.[OBSERVED_ANNOTATION] === OBSERVED;
}

/** Whether an object was created by dragonfly-operator for the CR: its controller owner reference is the CR. */
export function ownedByCr(props: Record<string, unknown>, crName: string): boolean {
    const refs = record(props.metadata).ownerReferences;
    return (Array.isArray(refs) ? refs : []).some((r) => {
        const ref = record(r);
        return (
            ref.kind === "Dragonfly" &&
            ref.name === crName &&
            String(ref.apiVersion ?? "").startsWith("dragonflydb.io/")
        );
    });
}

const record = (v: unknown): Record<string, unknown> => recordAt(v);

function stringLabels(v: unknown): Record<string, string> {
    return Object.fromEntries(Object.entries(record(v)).map(([k, x]) => [k, String(x)]));
}

function intOrString(v: unknown): number | string | undefined {
    return typeof v === "number" || typeof v === "string" ? v : undefined;
}

/**
 * Models the operator's objects for a CR. `operatorNamespace` is where the operator runs (it reads
 * its own namespace in-cluster); undefined makes the admin-port peer the CR's own namespace, as the
 * operator does when it cannot tell. A CR whose operator objects are observed
 * ({@link OBSERVED_ANNOTATION}) gets its pods only: the real NetworkPolicy and PDB are in the input.
 */
export function operatorObjects(cr: DragonflyCr, operatorNamespace: string | undefined): OperatorObjects {
    const spec = cr.spec;
    const replicas = typeof spec.replicas === "number" ? spec.replicas : 0;
    const selector = instanceSelector(cr.name);
    const labels = {
        ...selector,
        ...stringLabels(spec.labels),
        ...stringLabels(record(spec.podMetadata).labels),
    };
    const memcached = typeof spec.memcachedPort === "number" && spec.memcachedPort !== 0 ? spec.memcachedPort : 0;
    const ports: ServedPort[] = [REDIS_PORT, ADMIN_PORT];
    if (memcached) {
        ports.push({ number: memcached, name: "memcached", protocol: "TCP" });
    }
    const roles = replicas > 1 ? ["master", "replica"] : ["master"];
    const pods: TargetPod[] = roles.map((role) => ({
        namespace: cr.namespace,
        labels: { ...labels, role },
        role,
        ports,
    }));
    const out: OperatorObjects = { pods, replicas };
    if (operatorObjectsObserved(cr)) {
        return out;
    }
    if (spec.networkPolicyEnabled !== false) {
        const operatorPeer: Record<string, unknown> = {
            podSelector: { matchLabels: { "control-plane": "controller-manager" } },
        };
        if (operatorNamespace) {
            operatorPeer.namespaceSelector = { matchLabels: { "kubernetes.io/metadata.name": operatorNamespace } };
        }
        const ingress: Record<string, unknown>[] = [
            { ports: [{ protocol: "TCP", port: 6379 }], from: [{ podSelector: {} }] },
            {
                ports: [{ protocol: "TCP", port: 9999 }],
                from: [operatorPeer, { podSelector: { matchLabels: selector } }],
            },
        ];
        if (memcached) {
            ingress.push({ ports: [{ protocol: "TCP", port: memcached }], from: [{ podSelector: {} }] });
        }
        out.networkPolicy = {
            kind: "NetworkPolicy",
            name: cr.name,
            namespace: cr.namespace,
            origin: "created by dragonfly-operator",
            spec: { podSelector: { matchLabels: selector }, policyTypes: ["Ingress"], ingress },
        };
    }
    if (replicas > 1) {
        const pdb = record(spec.pdb);
        const maxUnavailable = intOrString(pdb.maxUnavailable);
        const minAvailable = intOrString(pdb.minAvailable);
        const budget: BudgetSpec =
            maxUnavailable === undefined && minAvailable === undefined
                ? { maxUnavailable: 1 }
                : maxUnavailable !== undefined
                  ? { maxUnavailable }
                  : { minAvailable };
        out.pdb = { name: cr.name, namespace: cr.namespace, selector, budget };
    }
    return out;
}

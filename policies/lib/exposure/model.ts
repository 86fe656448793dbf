// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Types shared by the exposure evaluator and the operator model.

/** A port a pod serves: number, container port name (for named policy ports), protocol. */
export interface ServedPort {
    number: number;
    name?: string;
    protocol: string;
}

/** A pod the evaluator judges: one per role the operator labels (master, replica). */
export interface TargetPod {
    namespace: string;
    labels: Record<string, string>;
    role: string;
    ports: ServedPort[];
}

/** A NetworkPolicy, CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy with its spec as written. */
export interface ExposurePolicy {
    kind: "NetworkPolicy" | "CiliumNetworkPolicy" | "CiliumClusterwideNetworkPolicy";
    name: string;
    /** Undefined for a CiliumClusterwideNetworkPolicy. */
    namespace?: string;
    /** Where the object comes from when the stack does not declare it ("created by dragonfly-operator"). */
    origin?: string;
    spec: Record<string, unknown>;
}

/** Who may reach the pods, as the stack's configuration states it. */
export interface ExposureContext {
    /** Declared namespaces and their labels (`kubernetes.io/metadata.name` is implied). */
    namespaces: ReadonlyMap<string, Record<string, string>>;
    /**
     * Namespaces allowed to reach the port besides the pods' own; undefined when no list is
     * configured, in which case any namespace a policy names explicitly counts as allowed.
     */
    allowedNamespaces?: readonly string[];
    /** The cluster's own pod CIDRs: an ipBlock inside them admits pods, not outside hosts. */
    podCidrs: readonly string[];
    /** Further CIDRs explicitly allowed. */
    allowedCidrs: readonly string[];
}

/** A class of sources one policy peer admits, in symbolic form. */
export type Source =
    | { kind: "any"; detail: string }
    | { kind: "namespaces"; names: string[] }
    | { kind: "labelledNamespaces"; selector: string; declared: string[] }
    | { kind: "openNamespaces"; selector: string }
    | { kind: "cidr"; cidr: string; except: string[] }
    | { kind: "entity"; entity: string };

/** One admitted source for a role and port, with the policy rule that admits it. */
export interface Admission {
    role: string;
    port: ServedPort;
    source: Source;
    /** e.g. `NetworkPolicy cache/dragonfly ingress[0].from[1]`, or the reason when nothing isolates. */
    via: string;
}

/** An admission judged too wide, with the reason in words. */
export interface Exposure extends Admission {
    reason: string;
}

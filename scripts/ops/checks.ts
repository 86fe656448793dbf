// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The pure parts of the ops scripts: UID comparison, PDB drain arithmetic, the network-test pod,
// workload readiness and the permissions each procedure needs. Everything here is tested without a cluster.

/** Pod name → UID. */
export type UidMap = Record<string, string>;

/** What changed between two UID snapshots (risk CIL-TECH-001: "all UIDs match pre-handover baseline"). */
export interface UidDiff {
    /** Same name, new UID: the pod was deleted and created again. */
    recreated: string[];
    /** In the baseline, gone now. */
    missing: string[];
    /** New names (a DaemonSet pod's name changes when it is recreated). */
    added: string[];
}

/** Compares two snapshots. Pure. */
export function diffUids(before: UidMap, after: UidMap): UidDiff {
    const afterUids = new Set(Object.values(after));
    return {
        recreated: Object.keys(before)
            .filter((n) => after[n] !== undefined && after[n] !== before[n])
            .sort(),
        missing: Object.keys(before)
            .filter((n) => after[n] === undefined && !afterUids.has(before[n]))
            .sort(),
        added: Object.keys(after)
            .filter((n) => before[n] === undefined)
            .sort(),
    };
}

/** A pod as the drain arithmetic sees it. */
export interface PodState {
    name: string;
    node: string;
    ready: boolean;
}

/** What a PDB allows. */
export interface Budget {
    minAvailable?: number | string;
    maxUnavailable?: number | string;
}

/** One node's drain: how many selected pods run there and whether evicting them all keeps the budget. */
export interface DrainRow {
    node: string;
    podsOnNode: number;
    healthyAfter: number;
    required: number;
    ok: boolean;
}

/** An int-or-percent against a total, rounded up as the disruption controller does. Pure. */
export function scaled(value: number | string, total: number): number {
    if (typeof value === "number") {
        return value;
    }
    const m = /^(\d+)%$/.exec(value);
    if (!m) {
        throw new Error(`"${value}" is neither an integer nor a percentage`);
    }
    return Math.ceil((Number(m[1]) * total) / 100);
}

/**
 * For each node that runs selected pods: evicting every one of them (a drain) leaves how many healthy
 * pods, against what the budget requires (risk DFLY-OPS-001 "simulate drain"). Pure.
 */
export function drainImpact(budget: Budget, pods: readonly PodState[]): DrainRow[] {
    const healthy = pods.filter((p) => p.ready).length;
    const required =
        budget.minAvailable !== undefined
            ? scaled(budget.minAvailable, pods.length)
            : pods.length - scaled(budget.maxUnavailable ?? 0, pods.length);
    const nodes = [...new Set(pods.map((p) => p.node))].sort();
    return nodes.map((node) => {
        const podsOnNode = pods.filter((p) => p.node === node && p.ready).length;
        const healthyAfter = healthy - podsOnNode;
        return { node, podsOnNode, healthyAfter, required, ok: healthyAfter >= required };
    });
}

/** Checks a host:port argument. Pure. */
export function parseTarget(target: string): { host: string; port: number } {
    const m = /^([a-z0-9.-]+):(\d{1,5})$/.exec(target);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) {
        throw new Error(`--to "${target}" must be host:port (a DNS name and a port 1-65535)`);
    }
    return { host: m[1], port: Number(m[2]) };
}

/** The test pod's script: exit 3 when the name does not resolve, else `nc -z`'s status (0 connected). */
export const NETCHECK_SCRIPT = 'nslookup "$1" >/dev/null 2>&1 || exit 3; exec nc -z -w 5 "$1" "$2"';

/** What a finished network-test pod says: connected, refused (or timed out), or the name did not resolve. */
export type NetcheckOutcome = "connected" | "refused or timed out" | "name did not resolve";

/** Reads a finished test pod's outcome from its container's exit code (its phase when there is none). Pure. */
export function netcheckOutcome(status: {
    phase?: string;
    containerStatuses?: { state?: { terminated?: { exitCode?: number } } }[];
}): NetcheckOutcome {
    const code = status.containerStatuses?.[0]?.state?.terminated?.exitCode;
    if (code === 3) {
        return "name did not resolve";
    }
    return (code ?? (status.phase === "Succeeded" ? 0 : 1)) === 0 ? "connected" : "refused or timed out";
}

/**
 * The short-lived pod of a network test: one `nc -z` (TCP connect) to the target, hardened to pass the
 * `restricted` Pod Security level, deleted by the script after it ends (DFLY-SEC-001, floe R-5). Pure.
 */
export function netTestPod(namespace: string, target: string, image: string, name: string): Record<string, unknown> {
    const { host, port } = parseTarget(target);
    return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
            name,
            namespace,
            labels: {
                "app.kubernetes.io/name": "cluster-platform-netcheck",
                "app.kubernetes.io/managed-by": "ops-netcheck",
            },
        },
        spec: {
            restartPolicy: "Never",
            automountServiceAccountToken: false,
            activeDeadlineSeconds: 60,
            securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: "RuntimeDefault" } },
            containers: [
                {
                    name: "nc",
                    image,
                    // The name is resolved first: a deny test must not pass because the name did not resolve.
                    command: ["sh", "-c", NETCHECK_SCRIPT, "netcheck", host, String(port)],
                    resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "32Mi" } },
                    securityContext: {
                        allowPrivilegeEscalation: false,
                        readOnlyRootFilesystem: true,
                        capabilities: { drop: ["ALL"] },
                    },
                },
            ],
        },
    };
}

/** Whether a DaemonSet or Deployment has rolled out: observed, updated and ready everywhere. Pure. */
export function rolloutDone(
    kind: "DaemonSet" | "Deployment",
    o: Record<string, unknown>,
): { done: boolean; why: string } {
    const meta = (o.metadata ?? {}) as { generation?: number };
    const status = (o.status ?? {}) as Record<string, number | undefined>;
    const spec = (o.spec ?? {}) as { replicas?: number };
    const observed = (status.observedGeneration ?? 0) >= (meta.generation ?? 0);
    const want = kind === "DaemonSet" ? (status.desiredNumberScheduled ?? 0) : (spec.replicas ?? 1);
    const updated = kind === "DaemonSet" ? (status.updatedNumberScheduled ?? 0) : (status.updatedReplicas ?? 0);
    const ready = kind === "DaemonSet" ? (status.numberReady ?? 0) : (status.readyReplicas ?? 0);
    const done = observed && updated >= want && ready >= want;
    return {
        done,
        why: `${ready}/${want} ready, ${updated}/${want} updated${observed ? "" : ", spec not yet observed"}`,
    };
}

/** One permission a procedure needs (a SelfSubjectAccessReview's resourceAttributes). */
export interface Permission {
    verb: string;
    resource: string;
    group?: string;
    subresource?: string;
    namespace?: string;
}

/** The kinds the Cilium chart renders, which the break-glass procedure applies with `kubectl apply --server-side`. */
export const BREAK_GLASS_KINDS: readonly { resource: string; group?: string; clusterScoped?: boolean }[] = [
    { resource: "daemonsets", group: "apps" },
    { resource: "deployments", group: "apps" },
    { resource: "configmaps" },
    { resource: "secrets" },
    { resource: "services" },
    { resource: "serviceaccounts" },
    { resource: "roles", group: "rbac.authorization.k8s.io" },
    { resource: "rolebindings", group: "rbac.authorization.k8s.io" },
    { resource: "clusterroles", group: "rbac.authorization.k8s.io", clusterScoped: true },
    { resource: "clusterrolebindings", group: "rbac.authorization.k8s.io", clusterScoped: true },
];

/** The permissions of each procedure of the runbooks, for `rbac --procedure`. */
export function procedurePermissions(ns: {
    floe: string;
    cache: string;
    monitoring: string;
}): Record<string, Permission[]> {
    return {
        "dagster-restart": [
            { verb: "get", resource: "deployments", group: "apps", namespace: ns.floe },
            { verb: "patch", resource: "deployments", group: "apps", namespace: ns.floe },
        ],
        "postgres-failover": [
            { verb: "get", resource: "clusters", group: "postgresql.cnpg.io", namespace: ns.floe },
            {
                verb: "patch",
                resource: "clusters",
                group: "postgresql.cnpg.io",
                subresource: "status",
                namespace: ns.floe,
            },
            { verb: "get", resource: "services", namespace: ns.floe },
        ],
        "postgres-backup": [
            { verb: "get", resource: "clusters", group: "postgresql.cnpg.io", namespace: ns.floe },
            { verb: "create", resource: "backups", group: "postgresql.cnpg.io", namespace: ns.floe },
        ],
        netcheck: [
            { verb: "create", resource: "pods", namespace: ns.floe },
            { verb: "get", resource: "pods", namespace: ns.floe },
            { verb: "delete", resource: "pods", namespace: ns.floe },
        ],
        "drain-check": [
            { verb: "list", resource: "poddisruptionbudgets", group: "policy", namespace: ns.cache },
            { verb: "list", resource: "pods", namespace: ns.cache },
        ],
        "cilium-break-glass": [
            // helm history / get values: Helm's release Secrets are listed by label, then read.
            { verb: "list", resource: "secrets", namespace: "kube-system" },
            { verb: "get", resource: "secrets", namespace: "kube-system" },
            // kubectl apply --server-side of the rendered chart: PATCH, which creates what is missing.
            ...BREAK_GLASS_KINDS.flatMap(({ resource, group, clusterScoped }) =>
                ["get", "create", "patch"].map((verb) => ({
                    verb,
                    resource,
                    ...(group ? { group } : {}),
                    ...(clusterScoped ? {} : { namespace: "kube-system" }),
                })),
            ),
        ],
        "metrics-check": [{ verb: "get", resource: "services", subresource: "proxy", namespace: ns.monitoring }],
    };
}

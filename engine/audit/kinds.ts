// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// What the audit reads from an API server: every object kind a rule of the pack judges, the Flux
// objects a HelmRelease is resolved from, and Helm's release Secrets in the releases' namespaces.
// The shipped RBAC (deploy/rbac/) is generated from this list, so the audit can read exactly this.

/** One kind the audit lists cluster-wide. */
export interface AuditKind {
    /** API group ("" for the core group). */
    group: string;
    /** Versions to try, preferred first: the first one the server serves is read (RBAC is per group, not version). */
    versions: string[];
    /** The resource (plural) in the API path and in RBAC rules. */
    resource: string;
    kind: string;
    namespaced: boolean;
    /** Why the audit reads it. */
    why: string;
}

/** Every kind the audit lists (get and list only); the ClusterRole grants exactly these. */
export const AUDIT_KINDS: readonly AuditKind[] = [
    {
        group: "",
        versions: ["v1"],
        resource: "namespaces",
        kind: "Namespace",
        namespaced: false,
        why: "namespace labels (NetworkPolicy namespaceSelectors, Pod Security levels)",
    },
    {
        group: "",
        versions: ["v1"],
        resource: "configmaps",
        kind: "ConfigMap",
        namespaced: true,
        why: "secret-named keys; Flux valuesFrom",
    },
    {
        group: "",
        versions: ["v1"],
        resource: "services",
        kind: "Service",
        namespaced: true,
        why: "ClusterMesh global Service",
    },
    {
        group: "",
        versions: ["v1"],
        resource: "pods",
        kind: "Pod",
        namespaced: true,
        why: "bare pods (pods a controller owns are judged through its template)",
    },
    {
        group: "apps",
        versions: ["v1"],
        resource: "deployments",
        kind: "Deployment",
        namespaced: true,
        why: "workload rules",
    },
    {
        group: "apps",
        versions: ["v1"],
        resource: "statefulsets",
        kind: "StatefulSet",
        namespaced: true,
        why: "workload rules (dragonfly-operator's StatefulSets included)",
    },
    {
        group: "apps",
        versions: ["v1"],
        resource: "daemonsets",
        kind: "DaemonSet",
        namespaced: true,
        why: "workload rules",
    },
    {
        group: "apps",
        versions: ["v1"],
        resource: "replicasets",
        kind: "ReplicaSet",
        namespaced: true,
        why: "workload rules (ReplicaSets a Deployment owns are skipped)",
    },
    {
        group: "batch",
        versions: ["v1"],
        resource: "jobs",
        kind: "Job",
        namespaced: true,
        why: "workload rules (Jobs a CronJob owns are skipped)",
    },
    {
        group: "batch",
        versions: ["v1"],
        resource: "cronjobs",
        kind: "CronJob",
        namespaced: true,
        why: "workload rules",
    },
    {
        group: "policy",
        versions: ["v1"],
        resource: "poddisruptionbudgets",
        kind: "PodDisruptionBudget",
        namespaced: true,
        why: "disruption budgets (the operator's included)",
    },
    {
        group: "networking.k8s.io",
        versions: ["v1"],
        resource: "networkpolicies",
        kind: "NetworkPolicy",
        namespaced: true,
        why: "exposure (the operator's included)",
    },
    {
        group: "apiextensions.k8s.io",
        versions: ["v1"],
        resource: "customresourcedefinitions",
        kind: "CustomResourceDefinition",
        namespaced: false,
        why: "Cilium CRD ownership",
    },
    {
        group: "cilium.io",
        versions: ["v2"],
        resource: "ciliumnetworkpolicies",
        kind: "CiliumNetworkPolicy",
        namespaced: true,
        why: "exposure",
    },
    {
        group: "cilium.io",
        versions: ["v2"],
        resource: "ciliumclusterwidenetworkpolicies",
        kind: "CiliumClusterwideNetworkPolicy",
        namespaced: false,
        why: "exposure",
    },
    {
        group: "cilium.io",
        versions: ["v2", "v2alpha1"],
        resource: "ciliumbgppeerconfigs",
        kind: "CiliumBGPPeerConfig",
        namespaced: false,
        why: "BGP peer authentication",
    },
    {
        group: "cilium.io",
        versions: ["v2", "v2alpha1"],
        resource: "ciliumloadbalancerippools",
        kind: "CiliumLoadBalancerIPPool",
        namespaced: false,
        why: "the ClusterMesh address must lie in an enabled pool",
    },
    {
        group: "dragonflydb.io",
        versions: ["v1alpha1"],
        resource: "dragonflies",
        kind: "Dragonfly",
        namespaced: true,
        why: "the cache rules",
    },
    {
        group: "external-secrets.io",
        versions: ["v1", "v1beta1"],
        resource: "externalsecrets",
        kind: "ExternalSecret",
        namespaced: true,
        why: "the cache's auth secret source",
    },
    {
        group: "monitoring.coreos.com",
        versions: ["v1"],
        resource: "podmonitors",
        kind: "PodMonitor",
        namespaced: true,
        why: "cache monitoring; the collectors an alert's series need",
    },
    {
        group: "monitoring.coreos.com",
        versions: ["v1"],
        resource: "servicemonitors",
        kind: "ServiceMonitor",
        namespaced: true,
        why: "the collectors an alert's series need (Cilium's chart declares them)",
    },
    {
        group: "monitoring.coreos.com",
        versions: ["v1"],
        resource: "prometheusrules",
        kind: "PrometheusRule",
        namespaced: true,
        why: "cache and floe alerts",
    },
    {
        group: "postgresql.cnpg.io",
        versions: ["v1"],
        resource: "clusters",
        kind: "Cluster",
        namespaced: true,
        why: "floe PostgreSQL",
    },
    {
        group: "postgresql.cnpg.io",
        versions: ["v1"],
        resource: "scheduledbackups",
        kind: "ScheduledBackup",
        namespaced: true,
        why: "floe backups",
    },
    {
        group: "helm.toolkit.fluxcd.io",
        versions: ["v2", "v2beta2", "v2beta1"],
        resource: "helmreleases",
        kind: "HelmRelease",
        namespaced: true,
        why: "Flux HelmReleases, judged as Helm releases",
    },
    {
        group: "source.toolkit.fluxcd.io",
        versions: ["v1", "v1beta2"],
        resource: "helmrepositories",
        kind: "HelmRepository",
        namespaced: true,
        why: "a Flux HelmRelease's chart source",
    },
    {
        group: "source.toolkit.fluxcd.io",
        versions: ["v1", "v1beta2"],
        resource: "ocirepositories",
        kind: "OCIRepository",
        namespaced: true,
        why: "a Flux HelmRelease's chart source",
    },
    {
        group: "source.toolkit.fluxcd.io",
        versions: ["v1", "v1beta2"],
        resource: "helmcharts",
        kind: "HelmChart",
        namespaced: true,
        why: "a Flux HelmRelease's chart reference",
    },
];

/**
 * Type tokens some rule names that the audit deliberately does not list, and why. Every other
 * `kubernetes:` type a rule names must be in {@link AUDIT_KINDS} (test/audit/kinds.spec.ts).
 */
export const NOT_LISTED: Readonly<Record<string, string>> = {
    "kubernetes:core/v1:Secret":
        "never listed cluster-wide (least privilege): only Helm's release Secrets are read, in the releases' namespaces",
    "kubernetes:helm.sh/v3:Release": "read from Helm's release records (Secrets owner=helm), not an API kind",
    "kubernetes:helm.sh/v4:Chart": "a Pulumi-only resource: its objects are read as themselves",
};

/** The Secrets Helm stores each release revision in (`sh.helm.release.v1.<name>.v<n>`), by label. */
export const HELM_RELEASE_SECRETS = { resource: "secrets", labelSelector: "owner=helm" } as const;

/** The API path listing a kind (all namespaces, or one). */
export function listPath(k: Pick<AuditKind, "group" | "resource">, version: string, namespace?: string): string {
    const base = k.group === "" ? `/api/${version}` : `/apis/${k.group}/${version}`;
    return namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${k.resource}` : `${base}/${k.resource}`;
}

/** `resource.group` as RBAC and kubectl name it (`networkpolicies.networking.k8s.io`, `pods`). */
export function qualifiedResource(k: Pick<AuditKind, "group" | "resource">): string {
    return k.group === "" ? k.resource : `${k.resource}.${k.group}`;
}

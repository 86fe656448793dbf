// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Pure builders of every Dragonfly object; the components only register what these return.
import * as k8s from "@pulumi/kubernetes";
import { DragonflyDerived } from "../../config/derived";
import { DRAGONFLY_IMAGE, DRAGONFLY_OPERATOR_CHART_REPO } from "../../config/catalog";
import { StackConfig } from "../../config/schema";
import { chartSource } from "../shared/charts";

/** Name of the Secret holding the password (and the ACL file). */
export const AUTH_SECRET_NAME = "dragonfly-auth";
/** Key of the password in the auth Secret. */
export const AUTH_PASSWORD_KEY = "password";
/** Key of the ACL file in the auth Secret. */
export const AUTH_ACL_KEY = "acl.conf";
/** Helm release name of the operator (also its `app.kubernetes.io/instance` label). */
export const OPERATOR_RELEASE = "dragonfly-operator";
/** ClusterMesh global Service name, identical in every cluster. */
export const GLOBAL_SERVICE_NAME = "dragonfly-global";
/** The operator's real pod labels (chart v1.6.1 templates). */
export const OPERATOR_POD_LABELS = {
    "app.kubernetes.io/name": "dragonfly-operator",
    "app.kubernetes.io/instance": OPERATOR_RELEASE,
    "control-plane": "controller-manager",
};
/** Labels the operator puts on every data pod of a CR (`role` is added at runtime). */
export function dataPodLabels(crName: string): Record<string, string> {
    return { app: crName, "app.kubernetes.io/name": "dragonfly", "app.kubernetes.io/part-of": "dragonfly" };
}

/** Pod Security Admission labels: enforce, audit and warn at `restricted`. */
export const RESTRICTED_PSA = {
    "pod-security.kubernetes.io/enforce": "restricted",
    "pod-security.kubernetes.io/audit": "restricted",
    "pod-security.kubernetes.io/warn": "restricted",
};

const HARDENED_CONTAINER = {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ["ALL"] },
};

/** The dragonfly-operator chart values, limited to the chart's real keys (checked against its values.yaml in tests). */
export function operatorValues(config: StackConfig, derived: DragonflyDerived): Record<string, unknown> {
    const df = config.components.dragonfly;
    return {
        // The manager runs with --leader-elect, so a second replica is a warm standby.
        replicaCount: 2,
        crds: { install: true, keep: true },
        podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        manager: {
            resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
            securityContext: HARDENED_CONTAINER,
            priorityClassName: df.operatorPriorityClass,
        },
        rbacProxy: {
            resources: { requests: { cpu: "10m", memory: "64Mi" }, limits: { cpu: "500m", memory: "128Mi" } },
            securityContext: HARDENED_CONTAINER,
        },
        serviceMonitor: { enabled: derived.monitoringEnabled },
    };
}

/** The operator's Helm release arguments. */
export function operatorReleaseArgs(config: StackConfig, derived: DragonflyDerived): k8s.helm.v3.ReleaseArgs {
    const df = config.components.dragonfly;
    return {
        name: OPERATOR_RELEASE,
        namespace: df.operatorNamespace,
        ...chartSource(
            {
                name: "dragonfly-operator",
                version: df.operatorChartVersion,
                oci: `${DRAGONFLY_OPERATOR_CHART_REPO}/dragonfly-operator`,
            },
            config.chartMirror,
        ),
        values: operatorValues(config, derived),
        atomic: true,
        cleanupOnFail: true,
        timeout: 600,
    };
}

/** The operator PDB: the chart has none; the manager keeps one replica through node drains. */
export function operatorPdbSpec(): Record<string, unknown> {
    return { minAvailable: 1, selector: { matchLabels: OPERATOR_POD_LABELS } };
}

/** The `args` of the Dragonfly container, after the operator's own defaults. */
export function dragonflyArgs(config: StackConfig, derived: DragonflyDerived): string[] {
    const df = config.components.dragonfly;
    const args = [
        `--maxmemory=${derived.maxMemoryBytes}`,
        `--proactor_threads=${df.proactorThreads}`,
        `--cache_mode=${df.cacheMode}`,
        `--slowlog_log_slower_than=${df.slowlogThresholdMicros}`,
        `--slowlog_max_len=${df.slowlogMaxLen}`,
    ];
    if (df.luaFlags) {
        args.push(`--default_lua_flags=${df.luaFlags}`);
    }
    if (df.snapshot.mode === "s3" && derived.backupsEnabled) {
        args.push(
            `--s3_endpoint=${df.snapshot.endpoint}`,
            `--s3_use_https=${df.snapshot.useHttps}`,
            "--dbfilename=snapshot",
        );
    }
    return args;
}

/** The `spec` of the Dragonfly CR (dragonflydb.io/v1alpha1). */
export function dragonflySpec(config: StackConfig, derived: DragonflyDerived): Record<string, unknown> {
    const df = config.components.dragonfly;
    const spec: Record<string, unknown> = {
        replicas: df.replicas,
        image: `${DRAGONFLY_IMAGE}:${df.imageTag}`,
        imagePullPolicy: "IfNotPresent",
        args: dragonflyArgs(config, derived),
        resources: {
            requests: { cpu: df.cpuRequest, memory: df.memoryRequest },
            limits: { cpu: df.cpuLimit, memory: df.memoryLimit },
        },
        podSecurityContext: {
            runAsNonRoot: true,
            runAsUser: 10001,
            runAsGroup: 10001,
            fsGroup: 10001,
            seccompProfile: { type: "RuntimeDefault" },
        },
        containerSecurityContext: HARDENED_CONTAINER,
        authentication: { passwordFromSecret: { name: AUTH_SECRET_NAME, key: AUTH_PASSWORD_KEY } },
        serviceSpec: { type: "ClusterIP" },
        // One PDB for the data pods, made by the operator from this field (risk DFLY-OPS-001).
        pdb: { minAvailable: 2 },
        // Spread on labels the operator really sets (risk DFLY-TECH-001).
        topologySpreadConstraints: [
            {
                maxSkew: 1,
                topologyKey: "kubernetes.io/hostname",
                whenUnsatisfiable: "ScheduleAnyway",
                labelSelector: { matchLabels: dataPodLabels(df.name) },
            },
        ],
        affinity: {
            podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                    {
                        weight: 100,
                        podAffinityTerm: {
                            topologyKey: "kubernetes.io/hostname",
                            labelSelector: { matchLabels: dataPodLabels(df.name) },
                        },
                    },
                ],
            },
        },
    };
    if (df.replicas < 3) {
        spec.pdb = { maxUnavailable: 1 };
    }
    if (df.acl) {
        spec.aclFromSecret = { name: AUTH_SECRET_NAME, key: AUTH_ACL_KEY };
    }
    if (df.tlsSecretName) {
        spec.tlsSecretRef = { name: df.tlsSecretName };
    }
    const snap = df.snapshot;
    if (snap.mode === "pvc") {
        spec.snapshot = {
            cron: snap.cron,
            persistentVolumeClaimSpec: {
                accessModes: ["ReadWriteOnce"],
                storageClassName: snap.storageClass,
                resources: { requests: { storage: snap.size } },
            },
        };
    } else if (snap.mode === "s3" && derived.backupsEnabled) {
        spec.snapshot = { dir: snap.dir, cron: snap.cron };
        spec.env = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"].map((key) => ({
            name: key,
            valueFrom: { secretKeyRef: { name: snap.credentialsSecret, key } },
        }));
    }
    return spec;
}

/** The acl.conf template the ExternalSecret renders: one line per tenant, password from the store, never in the program. */
export function aclTemplate(users: readonly { name: string; keyPattern: string; commands: string }[]): string {
    return (
        users.map((u) => `user ${u.name} on >{{ index . "acl-${u.name}" }} ~${u.keyPattern} ${u.commands}`).join("\n") +
        "\n"
    );
}

/** The ExternalSecret that materialises the auth Secret: target and key equal what the CR references (risk DFLY-OPS-002). */
export function authExternalSecret(config: StackConfig): Record<string, unknown> | undefined {
    const df = config.components.dragonfly;
    if (df.auth.source !== "externalSecret") {
        return undefined;
    }
    const data = [{ secretKey: AUTH_PASSWORD_KEY, remoteRef: { key: df.auth.remoteKey, property: "password" } }];
    for (const u of df.acl?.users ?? []) {
        data.push({ secretKey: `acl-${u.name}`, remoteRef: { key: df.auth.remoteKey, property: `acl-${u.name}` } });
    }
    const template = df.acl
        ? {
              template: {
                  engineVersion: "v2",
                  mergePolicy: "Merge",
                  data: { [AUTH_ACL_KEY]: aclTemplate(df.acl.users) },
              },
          }
        : {};
    return {
        apiVersion: "external-secrets.io/v1beta1",
        kind: "ExternalSecret",
        metadata: { name: AUTH_SECRET_NAME, namespace: df.namespace },
        spec: {
            refreshInterval: df.auth.refreshInterval,
            secretStoreRef: { kind: "ClusterSecretStore", name: df.auth.secretStore },
            target: { name: AUTH_SECRET_NAME, creationPolicy: "Owner", ...template },
            data,
        },
    };
}

/**
 * The cache NetworkPolicy (risk DFLY-SEC-001): ingress on 6379 only from the allow-listed client
 * namespaces, 9999 only from the monitoring namespace and the operator; egress to DNS on UDP and
 * TCP 53, to the other data pods (replication), and to the object store when S3 backups are on.
 */
export function networkPolicySpec(
    config: StackConfig,
    derived: DragonflyDerived,
): k8s.types.input.networking.v1.NetworkPolicySpec {
    const df = config.components.dragonfly;
    const nsPeer = (ns: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } } });
    const self = { podSelector: { matchLabels: dataPodLabels(df.name) } };
    const adminPeers: Record<string, unknown>[] = [
        {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": df.operatorNamespace } },
            podSelector: { matchLabels: { "control-plane": "controller-manager" } },
        },
        self,
    ];
    if (derived.monitoringEnabled) {
        adminPeers.unshift(nsPeer(config.monitoring.namespace));
    }
    const egress: Record<string, unknown>[] = [
        {
            to: [
                {
                    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
                    podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
                },
            ],
            ports: [
                { port: 53, protocol: "UDP" },
                { port: 53, protocol: "TCP" },
            ],
        },
        {
            to: [self],
            ports: [
                { port: 6379, protocol: "TCP" },
                { port: 9999, protocol: "TCP" },
            ],
        },
    ];
    if (df.snapshot.mode === "s3" && derived.backupsEnabled) {
        egress.push({
            to: [{ ipBlock: { cidr: df.snapshot.cidr } }],
            ports: [{ port: df.snapshot.port, protocol: "TCP" }],
        });
    }
    return {
        podSelector: { matchLabels: dataPodLabels(df.name) },
        policyTypes: ["Ingress", "Egress"],
        ingress: [
            { from: [...config.clientNamespaces.map(nsPeer), self], ports: [{ port: 6379, protocol: "TCP" }] },
            { from: adminPeers, ports: [{ port: 9999, protocol: "TCP" }] },
        ],
        egress,
    };
}

/** The PodMonitor on the admin port, selecting labels the operator sets (risk DFLY-MON-001). */
export function podMonitorSpec(config: StackConfig): Record<string, unknown> {
    const df = config.components.dragonfly;
    return {
        selector: { matchLabels: dataPodLabels(df.name) },
        namespaceSelector: { matchNames: [df.namespace] },
        podMetricsEndpoints: [{ port: "admin", path: "/metrics", interval: "30s" }],
    };
}

/** Alert names of the PrometheusRule (the validation report's five, plus the auth-sync alert of DFLY-OPS-002). */
export const ALERT_NAMES = [
    "DragonflyDown",
    "DragonflyMemoryHigh",
    "DragonflyConnectionsHigh",
    "DragonflyReplicationLag",
    "DragonflyEvictionsHigh",
    "DragonflyAuthSecretSyncFailed",
] as const;

/**
 * Alert rules. Metric names are the `dragonfly_` series of the admin port's /metrics (checked against
 * public dashboards and mixins, not a live instance) and External Secrets' own status metric.
 */
export function prometheusRuleSpec(config: StackConfig): Record<string, unknown> {
    const df = config.components.dragonfly;
    const sel = `namespace="${df.namespace}",pod=~"${df.name}-[0-9]+"`;
    const rules = [
        {
            alert: "DragonflyDown",
            expr: `up{${sel}} == 0`,
            for: "2m",
            labels: { severity: "critical" },
            annotations: { summary: "A Dragonfly pod is not scraped (down or unreachable)." },
        },
        {
            alert: "DragonflyMemoryHigh",
            expr: `dragonfly_memory_used_bytes{${sel}} / dragonfly_memory_max_bytes{${sel}} > 0.9`,
            for: "5m",
            labels: { severity: "warning" },
            annotations: { summary: "Dragonfly uses more than 90% of --maxmemory." },
        },
        {
            alert: "DragonflyConnectionsHigh",
            expr: `dragonfly_connected_clients{${sel}} > 5000`,
            for: "5m",
            labels: { severity: "warning" },
            annotations: { summary: "More than 5000 client connections." },
        },
        {
            alert: "DragonflyReplicationLag",
            expr: `dragonfly_connected_replica_lag_records{${sel}} > 10000`,
            for: "5m",
            labels: { severity: "warning" },
            annotations: { summary: "A replica lags the master by more than 10000 records." },
        },
        {
            alert: "DragonflyEvictionsHigh",
            expr: `rate(dragonfly_evicted_keys_total{${sel}}[5m]) > 100`,
            for: "10m",
            labels: { severity: "warning" },
            annotations: { summary: "More than 100 keys per second evicted: the cache is too small." },
        },
        {
            alert: "DragonflyAuthSecretSyncFailed",
            expr: `externalsecret_status_condition{namespace="${df.namespace}",name="${AUTH_SECRET_NAME}",condition="Ready",status="False"} == 1`,
            for: "10m",
            labels: { severity: "critical" },
            annotations: {
                summary: "The ExternalSecret of the Dragonfly password does not sync; new pods cannot authenticate.",
            },
        },
    ];
    return { groups: [{ name: "dragonfly", rules }] };
}

/** A small Grafana dashboard (sidecar-discovered ConfigMap) over the same series as the alerts. */
export function dashboardJson(config: StackConfig): string {
    const df = config.components.dragonfly;
    const sel = `namespace="${df.namespace}"`;
    const panel = (id: number, title: string, expr: string) => ({
        id,
        title,
        type: "timeseries",
        targets: [{ expr, refId: "A" }],
        gridPos: { h: 8, w: 12, x: ((id - 1) % 2) * 12, y: Math.floor((id - 1) / 2) * 8 },
    });
    return JSON.stringify({
        title: `Dragonfly ${df.namespace}/${df.name}`,
        uid: `dragonfly-${config.cluster.name}`,
        schemaVersion: 39,
        panels: [
            panel(1, "Memory used / max", `dragonfly_memory_used_bytes{${sel}} / dragonfly_memory_max_bytes{${sel}}`),
            panel(2, "Connected clients", `dragonfly_connected_clients{${sel}}`),
            panel(3, "Replica lag (records)", `dragonfly_connected_replica_lag_records{${sel}}`),
            panel(4, "Evictions / s", `rate(dragonfly_evicted_keys_total{${sel}}[5m])`),
        ],
    });
}

/** The ClusterMesh global Service: the owner exports its master; a consumer declares it without local endpoints. */
export function globalServiceSpec(
    config: StackConfig,
): { metadata: Record<string, unknown>; spec: Record<string, unknown> } | undefined {
    const df = config.components.dragonfly;
    if (df.globalService === "none") {
        return undefined;
    }
    const owner = df.globalService === "owner";
    return {
        metadata: {
            name: GLOBAL_SERVICE_NAME,
            namespace: df.namespace,
            annotations: { "service.cilium.io/global": "true", "service.cilium.io/shared": owner ? "true" : "false" },
        },
        spec: {
            type: "ClusterIP",
            ports: [{ name: "redis", port: 6379, targetPort: 6379, protocol: "TCP" }],
            ...(owner ? { selector: { ...dataPodLabels(df.name), role: "master" } } : {}),
        },
    };
}

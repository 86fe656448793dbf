// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Pure builders of the floe platform's objects (floe 09-risks R-1..R-6, ADR-0022).
import * as k8s from "@pulumi/kubernetes";
import { FloeConfig, StackConfig } from "../../config/schema";

/** Name of the CloudNativePG cluster (its pods carry `cnpg.io/cluster: floe-postgres`). */
export const POSTGRES_CLUSTER = "floe-postgres";
/** The read-write Service CNPG creates for the primary. */
export const POSTGRES_RW_SERVICE = `${POSTGRES_CLUSTER}-rw`;
/** The Polaris image repository. */
export const POLARIS_IMAGE = "apache/polaris";
/** The Dagster images (webserver/daemon and run workers). */
export const DAGSTER_IMAGE = "docker.io/dagster/dagster-celery-k8s";

/** ADR-0022 namespace labels: platform (layer 3, enforce baseline, audit/warn restricted) and jobs (layer 4, restricted). */
export function namespaceLabels(floe: FloeConfig): Record<string, Record<string, string>> {
    return {
        [floe.platformNamespace]: {
            "app.kubernetes.io/part-of": "floe",
            "floe.dev/layer": "3",
            "pod-security.kubernetes.io/enforce": "baseline",
            "pod-security.kubernetes.io/audit": "restricted",
            "pod-security.kubernetes.io/warn": "restricted",
        },
        [floe.jobsNamespace]: {
            "app.kubernetes.io/part-of": "floe",
            "floe.dev/layer": "4",
            "pod-security.kubernetes.io/enforce": "restricted",
            "pod-security.kubernetes.io/audit": "restricted",
            "pod-security.kubernetes.io/warn": "restricted",
        },
    };
}

/** The CNPG Cluster: 3 instances, quorum-synchronous replication, storage, backups to the object store, databases and owners. */
export function postgresClusterSpec(floe: FloeConfig): Record<string, unknown> {
    return {
        instances: floe.postgres.instances,
        imageName: "ghcr.io/cloudnative-pg/postgresql:16.6",
        primaryUpdateStrategy: "unsupervised",
        postgresql: {
            synchronous: { method: "any", number: 1, dataDurability: "required" },
            parameters: { max_connections: "200" },
        },
        storage: { size: floe.postgres.storageSize, storageClass: floe.postgres.storageClass },
        resources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" } },
        bootstrap: { initdb: { database: "dagster", owner: "dagster", secret: { name: "floe-dagster-db" } } },
        managed: {
            roles: [{ name: "polaris", ensure: "present", login: true, passwordSecret: { name: "floe-polaris-db" } }],
        },
        backup: {
            retentionPolicy: "30d",
            barmanObjectStore: {
                destinationPath: floe.objectStore.backupPath,
                endpointURL: floe.objectStore.endpointUrl,
                s3Credentials: {
                    accessKeyId: { name: floe.objectStore.credentialsSecret, key: "ACCESS_KEY_ID" },
                    secretAccessKey: { name: floe.objectStore.credentialsSecret, key: "ACCESS_SECRET_KEY" },
                },
            },
        },
        monitoring: { enablePodMonitor: false },
        enablePDB: true,
    };
}

/** The daily ScheduledBackup of the cluster (six-field cron: seconds first). */
export function scheduledBackupSpec(): Record<string, unknown> {
    return {
        schedule: "0 0 2 * * *",
        cluster: { name: POSTGRES_CLUSTER },
        backupOwnerReference: "self",
        immediate: true,
    };
}

/**
 * The Dagster chart values: webserver readiness on /server_info, daemon on with a
 * liveness exec of `dagster-daemon liveness-check` (which reads its Postgres heartbeats), the
 * K8sRunLauncher starting Jobs in the jobs namespace, storage on the CNPG cluster, pinned images
 * with IfNotPresent.
 */
export function dagsterValues(floe: FloeConfig): Record<string, unknown> {
    const image = { repository: DAGSTER_IMAGE, tag: floe.dagsterChartVersion, pullPolicy: "IfNotPresent" };
    return {
        dagsterWebserver: {
            replicaCount: floe.environment === "prod" ? 2 : 1,
            image,
            readinessProbe: {
                httpGet: { path: "/server_info", port: 80 },
                periodSeconds: 20,
                timeoutSeconds: 10,
                failureThreshold: 3,
            },
            resources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "2000m", memory: "2Gi" } },
            labels: { "app.kubernetes.io/part-of": "floe" },
        },
        dagsterDaemon: {
            enabled: true,
            image,
            heartbeatTolerance: 120,
            livenessProbe: {
                exec: { command: ["dagster-daemon", "liveness-check"] },
                initialDelaySeconds: 60,
                periodSeconds: 30,
                failureThreshold: 2,
                timeoutSeconds: 30,
            },
            resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } },
        },
        runLauncher: {
            type: "K8sRunLauncher",
            config: {
                k8sRunLauncher: {
                    jobNamespace: floe.jobsNamespace,
                    imagePullPolicy: "IfNotPresent",
                    loadInclusterConfig: true,
                    labels: { "floe.dev/job-type": "data-pipeline" },
                },
            },
        },
        postgresql: {
            enabled: false,
            postgresqlHost: `${POSTGRES_RW_SERVICE}.${floe.platformNamespace}.svc.cluster.local`,
            postgresqlUsername: "dagster",
            postgresqlDatabase: "dagster",
            service: { port: 5432 },
        },
        generatePostgresqlPasswordSecret: false,
        serviceAccount: { create: false, name: "floe-dagster" },
        telemetry: { enabled: false },
    };
}

/** Polaris server configuration: relational-jdbc persistence on the CNPG cluster, no location overlap, no anonymous access. */
export function polarisProperties(floe: FloeConfig): string {
    const lines = [
        `polaris.persistence.type=${floe.polarisPersistence}`,
        'polaris.features."ALLOW_TABLE_LOCATION_OVERLAP"=false',
        'polaris.features."ALLOW_SETTING_S3_ENDPOINTS"=false',
        'polaris.features."ALLOW_ANONYMOUS_ACCESS"=false',
    ];
    if (floe.polarisPersistence === "relational-jdbc") {
        lines.push(
            `quarkus.datasource.jdbc.url=jdbc:postgresql://${POSTGRES_RW_SERVICE}.${floe.platformNamespace}.svc.cluster.local:5432/dagster`,
            "quarkus.datasource.username=polaris",
        );
    }
    return lines.join("\n") + "\n";
}

const HARDENED = {
    runAsNonRoot: true,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
};

/** The Polaris Deployment spec: API 8181, management 8182 with the Quarkus health probes, pinned image. */
export function polarisDeploymentSpec(floe: FloeConfig): k8s.types.input.apps.v1.DeploymentSpec {
    const labels = { "app.kubernetes.io/name": "polaris", "app.kubernetes.io/component": "polaris" };
    return {
        replicas: floe.environment === "prod" ? 2 : 1,
        selector: { matchLabels: labels },
        template: {
            metadata: { labels: { ...labels, "app.kubernetes.io/part-of": "floe" } },
            spec: {
                serviceAccountName: "floe-polaris",
                securityContext: {
                    runAsNonRoot: true,
                    runAsUser: 10000,
                    fsGroup: 10001,
                    seccompProfile: { type: "RuntimeDefault" },
                },
                containers: [
                    {
                        name: "polaris",
                        image: `${POLARIS_IMAGE}:${floe.polarisImageTag}`,
                        imagePullPolicy: "IfNotPresent",
                        ports: [
                            { name: "http", containerPort: 8181 },
                            { name: "management", containerPort: 8182 },
                        ],
                        env: [
                            {
                                name: "QUARKUS_DATASOURCE_PASSWORD",
                                valueFrom: { secretKeyRef: { name: "floe-polaris-db", key: "password" } },
                            },
                        ],
                        livenessProbe: {
                            httpGet: { path: "/q/health/live", port: "management" },
                            periodSeconds: 10,
                            failureThreshold: 3,
                        },
                        readinessProbe: {
                            httpGet: { path: "/q/health/ready", port: "management" },
                            periodSeconds: 10,
                            failureThreshold: 3,
                        },
                        resources: {
                            requests: { cpu: "200m", memory: "512Mi" },
                            // Canonical quantity: the API server stores "1000m" as "1", a diff on every comparison.
                            limits: { cpu: "1", memory: "1Gi" },
                        },
                        securityContext: HARDENED,
                        volumeMounts: [
                            { name: "config", mountPath: "/deployment/config" },
                            { name: "tmp", mountPath: "/tmp" },
                        ],
                    },
                ],
                volumes: [
                    { name: "config", configMap: { name: "floe-polaris-config" } },
                    { name: "tmp", emptyDir: {} },
                ],
            },
        },
    };
}

/** ADR-0022 RBAC: Dagster manages Jobs and reads pods/logs in the jobs namespace only; the job runner reads only its named secrets and config map. */
export function floeRoles(): {
    dagster: k8s.types.input.rbac.v1.PolicyRule[];
    jobRunner: k8s.types.input.rbac.v1.PolicyRule[];
} {
    return {
        dagster: [
            { apiGroups: ["batch"], resources: ["jobs"], verbs: ["create", "get", "list", "watch", "delete"] },
            { apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list", "watch"] },
        ],
        jobRunner: [
            {
                apiGroups: [""],
                resources: ["secrets"],
                resourceNames: ["compute-credentials", "catalog-credentials"],
                verbs: ["get"],
            },
            { apiGroups: [""], resources: ["configmaps"], resourceNames: ["floe-job-config"], verbs: ["get"] },
        ],
    };
}

/** Alerts: stale daemon heartbeat, Polaris down, PostgreSQL replication lag, failed backups. */
export function floeAlerts(floe: FloeConfig): Record<string, unknown> {
    const ns = floe.platformNamespace;
    return {
        groups: [
            {
                name: "floe",
                rules: [
                    // Dagster exports no heartbeat metric; its liveness check fails once the newest heartbeat is older than
                    // heartbeatTolerance (120 s), so a restart or an unready daemon is the heartbeat going stale (kube-state-metrics).
                    {
                        alert: "DagsterDaemonHeartbeatStale",
                        expr: `increase(kube_pod_container_status_restarts_total{namespace="${ns}",container="dagster-daemon"}[10m]) > 0 or sum(kube_pod_container_status_ready{namespace="${ns}",container="dagster-daemon"}) < 1`,
                        for: "2m",
                        labels: { severity: "critical" },
                        annotations: {
                            summary:
                                "The Dagster daemon's heartbeat is older than 120 s (liveness-check failed or the daemon is not ready): schedules and sensors are stopped.",
                        },
                    },
                    {
                        alert: "PolarisDown",
                        expr: `sum(kube_deployment_status_replicas_available{namespace="${ns}",deployment="floe-polaris"}) < 1`,
                        for: "2m",
                        labels: { severity: "critical" },
                        annotations: { summary: "No Polaris replica is available: tables cannot be committed." },
                    },
                    {
                        alert: "PostgresReplicationLag",
                        expr: `max(cnpg_pg_replication_lag{namespace="${ns}"}) > 30`,
                        for: "5m",
                        labels: { severity: "warning" },
                        annotations: { summary: "A PostgreSQL standby lags the primary by more than 30 s." },
                    },
                    {
                        alert: "PostgresBackupFailed",
                        expr: `time() - max(cnpg_collector_last_available_backup_timestamp{namespace="${ns}"}) > 26 * 3600`,
                        for: "10m",
                        labels: { severity: "critical" },
                        annotations: { summary: "No successful PostgreSQL backup for more than 26 hours." },
                    },
                ],
            },
        ],
    };
}

/** The stack-level view the platform component needs. */
export function floeEnabled(config: StackConfig): FloeConfig | undefined {
    return config.components.floe.enabled ? (config.components.floe as FloeConfig) : undefined;
}

/**
 * The ExternalSecrets of the database credentials: CNPG's initdb owner and the Polaris role
 * (basic-auth Secrets), and the Secret name and key the Dagster chart reads. Passwords come from
 * the secret store, never from the program.
 */
export function floeDatabaseSecrets(floe: FloeConfig): { name: string; spec: Record<string, unknown> }[] {
    const es = (name: string, data: Record<string, string>, template: Record<string, string>, type?: string) => ({
        name,
        spec: {
            refreshInterval: "1h",
            secretStoreRef: { kind: "ClusterSecretStore", name: floe.secrets.secretStore },
            target: {
                name,
                creationPolicy: "Owner",
                template: { engineVersion: "v2", ...(type ? { type } : {}), data: template },
            },
            data: Object.entries(data).map(([secretKey, property]) => ({
                secretKey,
                remoteRef: { key: floe.secrets.remoteKey, property },
            })),
        },
    });
    return [
        es(
            "floe-dagster-db",
            { password: "dagster-db-password" },
            { username: "dagster", password: "{{ .password }}" },
            "kubernetes.io/basic-auth",
        ),
        es(
            "floe-polaris-db",
            { password: "polaris-db-password" },
            { username: "polaris", password: "{{ .password }}" },
            "kubernetes.io/basic-auth",
        ),
        es(
            "dagster-postgresql-secret",
            { password: "dagster-db-password" },
            { "postgresql-password": "{{ .password }}" },
        ),
    ];
}

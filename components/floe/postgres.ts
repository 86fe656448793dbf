// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The PostgreSQL of the platform (floe R-2): the CloudNativePG operator, the cluster, its backups and credentials.
import * as k8s from "@pulumi/kubernetes";
import { FloeConfig } from "../../config/schema";
import { FloeSettings } from "../../config/slices";
import { chartSource } from "../shared/charts";
import { CNPG_NAMESPACE } from "./namespaces";

/** Name of the CloudNativePG cluster (its pods carry `cnpg.io/cluster: floe-postgres`). */
export const POSTGRES_CLUSTER = "floe-postgres";

/** The read-write Service CNPG creates for the primary. */
export const POSTGRES_RW_SERVICE = `${POSTGRES_CLUSTER}-rw`;

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
        // CNPG's own PodMonitor switch is deprecated; the platform declares the PodMonitor itself (postgresPodMonitorArgs).
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

/** The CloudNativePG operator release: two replicas, CRDs managed by the chart. */
export function cnpgReleaseArgs(s: FloeSettings): k8s.helm.v3.ReleaseArgs {
    return {
        name: "cnpg",
        namespace: CNPG_NAMESPACE,
        ...chartSource(
            {
                name: "cloudnative-pg",
                version: s.floe.cnpgChartVersion,
                repo: "https://cloudnative-pg.github.io/charts",
            },
            s.chartMirror,
        ),
        atomic: true,
        cleanupOnFail: true,
        timeout: 600,
        values: { replicaCount: 2, crds: { create: true } },
    };
}

/** A CR of the platform namespace, as the component declares it. */
export interface FloeCustomResource {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace: string };
    spec: Record<string, unknown>;
}

/** The CNPG Cluster CR. */
export function postgresClusterArgs(floe: FloeConfig): FloeCustomResource {
    return {
        apiVersion: "postgresql.cnpg.io/v1",
        kind: "Cluster",
        metadata: { name: POSTGRES_CLUSTER, namespace: floe.platformNamespace },
        spec: postgresClusterSpec(floe),
    };
}

/** The PodMonitor of the CNPG instances' metrics port (9187, named `metrics`): the data of the PostgreSQL alerts. */
export function postgresPodMonitorArgs(floe: FloeConfig): FloeCustomResource {
    return {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PodMonitor",
        metadata: { name: POSTGRES_CLUSTER, namespace: floe.platformNamespace },
        spec: {
            selector: { matchLabels: { "cnpg.io/cluster": POSTGRES_CLUSTER, "cnpg.io/podRole": "instance" } },
            podMetricsEndpoints: [{ port: "metrics", path: "/metrics", interval: "30s" }],
        },
    };
}

/** The daily ScheduledBackup CR. */
export function scheduledBackupArgs(floe: FloeConfig): FloeCustomResource {
    return {
        apiVersion: "postgresql.cnpg.io/v1",
        kind: "ScheduledBackup",
        metadata: { name: `${POSTGRES_CLUSTER}-daily`, namespace: floe.platformNamespace },
        spec: scheduledBackupSpec(),
    };
}

/** The ExternalSecret CRs of the database credentials, by Secret name. */
export function databaseSecretArgs(floe: FloeConfig): FloeCustomResource[] {
    return floeDatabaseSecrets(floe).map((x) => ({
        apiVersion: "external-secrets.io/v1beta1",
        kind: "ExternalSecret",
        metadata: { name: x.name, namespace: floe.platformNamespace },
        spec: x.spec,
    }));
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The platform's alerts (floe ).
import { FloeConfig } from "../../config/schema";
import { FloeCustomResource } from "./postgres";

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

/** The PrometheusRule CR of the platform's alerts. */
export function floeAlertsArgs(floe: FloeConfig): FloeCustomResource {
    return {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PrometheusRule",
        metadata: { name: "floe-alerts", namespace: floe.platformNamespace },
        spec: floeAlerts(floe),
    };
}

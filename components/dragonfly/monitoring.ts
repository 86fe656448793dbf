// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Pure builders of the cache's monitoring: PodMonitor, alerts, dashboard.
import { DragonflySettings } from "../../config/slices";
import { AUTH_SECRET_NAME, dataPodLabels } from "./naming";

/** The PodMonitor on the admin port, selecting labels the operator sets (risk DFLY-MON-001). */
export function podMonitorSpec(config: DragonflySettings): Record<string, unknown> {
    const df = config.components.dragonfly;
    return {
        selector: { matchLabels: dataPodLabels(df.name) },
        namespaceSelector: { matchNames: [df.namespace] },
        podMetricsEndpoints: [{ port: "admin", path: "/metrics", interval: "30s" }],
    };
}

/**
 * Alert rules. Metric names are the `dragonfly_` series of the admin port's /metrics (checked against
 * public dashboards and mixins, not a live instance) and External Secrets' own status metric.
 */
export function prometheusRuleSpec(config: DragonflySettings): Record<string, unknown> {
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

/**
 * The Grafana dashboard (sidecar-discovered ConfigMap): the validation report's "Full dashboard JSON
 * with 8 panels" (seeds/003 section 8), over series of Dragonfly's own metric list.
 */
export function dashboardJson(config: DragonflySettings): string {
    const df = config.components.dragonfly;
    const sel = `namespace="${df.namespace}"`;
    const panel = (id: number, title: string, ...exprs: string[]) => ({
        id,
        title,
        type: "timeseries",
        targets: exprs.map((expr, i) => ({ expr, refId: String.fromCharCode(65 + i) })),
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
            panel(5, "Commands / s", `rate(dragonfly_commands_processed_total{${sel}}[5m])`),
            panel(
                6,
                "Keyspace hit ratio",
                `rate(dragonfly_keyspace_hits_total{${sel}}[5m]) / (rate(dragonfly_keyspace_hits_total{${sel}}[5m]) + rate(dragonfly_keyspace_misses_total{${sel}}[5m]))`,
            ),
            panel(
                7,
                "Network in / out (bytes/s)",
                `rate(dragonfly_net_input_bytes_total{${sel}}[5m])`,
                `rate(dragonfly_net_output_bytes_total{${sel}}[5m])`,
            ),
            panel(8, "Uptime (s)", `dragonfly_uptime_in_seconds{${sel}}`),
        ],
    });
}

/** The monitoring objects of the cache, by role: PodMonitor, PrometheusRule and the dashboard ConfigMap's data. */
export function monitoringObjects(config: DragonflySettings): {
    podMonitor: { apiVersion: string; kind: string; metadata: Record<string, unknown>; spec: Record<string, unknown> };
    alerts: { apiVersion: string; kind: string; metadata: Record<string, unknown>; spec: Record<string, unknown> };
    dashboard: {
        metadata: { name: string; namespace: string; labels: Record<string, string> };
        data: Record<string, string>;
    };
} {
    const df = config.components.dragonfly;
    return {
        podMonitor: {
            apiVersion: "monitoring.coreos.com/v1",
            kind: "PodMonitor",
            metadata: { name: df.name, namespace: df.namespace, labels: dataPodLabels(df.name) },
            spec: podMonitorSpec(config),
        },
        alerts: {
            apiVersion: "monitoring.coreos.com/v1",
            kind: "PrometheusRule",
            metadata: { name: `${df.name}-alerts`, namespace: df.namespace },
            spec: prometheusRuleSpec(config),
        },
        dashboard: {
            metadata: { name: `${df.name}-dashboard`, namespace: df.namespace, labels: { grafana_dashboard: "1" } },
            data: { "dragonfly.json": dashboardJson(config) },
        },
    };
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// PodMonitors for the cluster-wide exporters the stack's alerts read but the stack does not deploy:
// kube-state-metrics (floe and Cilium alerts) and the External Secrets controller (Dragonfly's
// secret-sync alert). Without them those alerts have no data (rule cluster-platform-monitoring-alert-collectors).
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { EXTERNAL_EXPORTER_LABELS } from "../../policies/rules/monitoring/alertCollectors";

/**
 * Where the cluster-wide PodMonitors live: kube-system, beside the Cilium chart's ServiceMonitors. It
 * exists in every cluster, unlike the monitoring namespace, which the stack does not declare.
 */
export const CLUSTER_MONITORS_NAMESPACE = "kube-system";

/** The metrics port each exporter's upstream chart names on its pod. */
export const EXPORTER_METRICS_PORTS: Readonly<Record<string, string>> = {
    "kube-state-metrics": "http",
    "external-secrets": "metrics",
};

/** A PodMonitor object. */
export interface PodMonitorObject {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace: string };
    spec: Record<string, unknown>;
}

/**
 * One PodMonitor per cluster-wide exporter, in `namespace`, reaching every namespace
 * (where the exporter runs is the cluster's choice) and selecting the labels its chart sets. Pure.
 */
export function clusterExporterMonitors(namespace: string = CLUSTER_MONITORS_NAMESPACE): PodMonitorObject[] {
    return Object.entries(EXTERNAL_EXPORTER_LABELS).map(([exporter, labels]) => ({
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PodMonitor",
        metadata: { name: exporter, namespace },
        spec: {
            selector: { matchLabels: { ...labels } },
            namespaceSelector: { any: true },
            // Their series name the namespace of the object they describe; the alerts select on it.
            podMetricsEndpoints: [
                { port: EXPORTER_METRICS_PORTS[exporter], path: "/metrics", interval: "30s", honorLabels: true },
            ],
        },
    }));
}

/** Arguments of {@link ClusterMonitors}. */
export interface ClusterMonitorsArgs {
    /** The namespace of the PodMonitors (default {@link CLUSTER_MONITORS_NAMESPACE}). */
    namespace?: string;
}

/** The PodMonitors of the cluster-wide exporters (children `${name}-<exporter>`). */
export class ClusterMonitors extends pulumi.ComponentResource {
    constructor(name: string, args: ClusterMonitorsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cluster-platform:shared:ClusterMonitors", name, {}, opts);
        for (const m of clusterExporterMonitors(args.namespace)) {
            new k8s.apiextensions.CustomResource(`${name}-${m.metadata.name}`, m, { parent: this });
        }
        this.registerOutputs({});
    }
}

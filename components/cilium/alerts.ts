// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Cilium's Day-2 alerts: the Cilium profile's "Ongoing Monitoring (Day 2+)" list and its "Alert
// Thresholds" table (seeds/002), each with the table's threshold, severity and response.
import { CILIUM_RELEASE_ID } from "./core";

/** The runbook every Cilium alert points to. */
export const CILIUM_RUNBOOK = "docs/runbooks/cilium-day2.md";

/** One alert: the profile's wording it answers, its severity (profile's word) and response. */
interface CiliumAlert {
    alert: string;
    expr: string;
    for: string;
    severity: "critical" | "high" | "medium" | "low";
    /** The profile's line (threshold table row or Day-2 list item) this alert answers, verbatim. */
    profile: string;
    response: string;
    summary: string;
    section: string;
}

/** The alerts, in the order of the profile's threshold table. Pure. */
export function ciliumAlertList(): CiliumAlert[] {
    // Read here, not at module load: core.ts imports this module.
    const [NS, RELEASE] = CILIUM_RELEASE_ID.split("/");
    /** The Helm storage Secrets of the release, as kube-state-metrics exports their labels. */
    const helmSecrets = (status: string) =>
        `kube_secret_labels{namespace="${NS}",label_owner="helm",label_name="${RELEASE}",label_status${status}}`;
    const dropped = `sum(rate(cilium_drop_count_total{namespace="${NS}",reason!="Policy denied"}[5m]))`;
    const latency = (offset: string) =>
        `histogram_quantile(0.5, sum by (le) (rate(cilium_node_health_connectivity_latency_seconds_bucket{namespace="${NS}"}[30m]${offset})))`;
    return [
        {
            alert: "CiliumAgentNotReady",
            expr: `kube_daemonset_status_number_ready{namespace="${NS}",daemonset="cilium"} < kube_daemonset_status_desired_number_scheduled{namespace="${NS}",daemonset="cilium"}`,
            for: "1m",
            severity: "critical",
            profile:
                "Cilium pods not ready | Any node missing ready Cilium pod; Alert: Cilium DaemonSet not ready on any node",
            response: "Immediate investigation, page on-call",
            summary: "A node has no ready Cilium agent: pods there get no networking.",
            section: "agent-not-ready",
        },
        {
            alert: "CiliumOperatorNotReady",
            expr: `kube_deployment_status_replicas_available{namespace="${NS}",deployment="cilium-operator"} < kube_deployment_spec_replicas{namespace="${NS}",deployment="cilium-operator"}`,
            for: "5m",
            severity: "critical",
            profile: "Alert: Cilium Operator Deployment not ready",
            response: "Immediate investigation, page on-call",
            summary: "The Cilium operator has fewer available replicas than declared: IPAM and identity GC stall.",
            section: "operator-not-ready",
        },
        {
            alert: "CiliumPacketLoss",
            expr: `${dropped} / (sum(rate(cilium_forward_count_total{namespace="${NS}"}[5m])) + ${dropped}) > 0.01`,
            for: "5m",
            severity: "critical",
            profile: "Network connectivity loss | > 1% packet loss",
            response: "Immediate investigation, page on-call",
            summary: "More than 1% of the packets the datapath handles are dropped for a reason other than policy.",
            section: "packet-loss",
        },
        {
            alert: "CiliumReleaseFailing",
            expr: `count(${helmSecrets('="failed"')}) > 3`,
            for: "0m",
            severity: "high",
            profile: "Flux reconciliation failing | > 3 failed attempts",
            response: "Investigation within 30 minutes",
            summary: "More than 3 failed revisions of the kube-system/cilium release in its kept history.",
            section: "release-failing",
        },
        {
            alert: "CiliumReleaseNotDeployed",
            expr: `absent(${helmSecrets('="deployed"')})`,
            for: "5m",
            severity: "high",
            profile: "Alert: HelmRelease `cilium` shows `Ready: False` for > 5 minutes",
            response: "Investigation within 30 minutes",
            summary: "No revision of the kube-system/cilium release is deployed (Pulumi's Helm release is not ready).",
            section: "release-not-deployed",
        },
        {
            alert: "CiliumEncryptionNotWireguard",
            expr: `sum(kube_daemonset_status_number_ready{namespace="${NS}",daemonset="cilium"}) > (count(cilium_feature_adv_connect_and_lb_transparent_encryption{namespace="${NS}",mode="wireguard"} == 1) or vector(0))`,
            for: "1m",
            severity: "high",
            profile:
                'Encryption disabled | Encryption status != "Wireguard"; Alert: Encryption status changes from "Wireguard"',
            response: "Investigation within 1 hour",
            summary: "Fewer Cilium agents report WireGuard encryption than there are ready agents.",
            section: "encryption",
        },
        {
            alert: "CiliumReleaseSlow",
            expr: `max(${helmSecrets('=~"pending-install|pending-upgrade|pending-rollback"')}) > 0`,
            for: "10m",
            severity: "medium",
            profile: "Slow reconciliation | Reconciliation time > 10 minutes",
            response: "Review at next maintenance window",
            summary: "A kube-system/cilium release operation has been pending for more than 10 minutes.",
            section: "release-slow",
        },
        {
            alert: "CiliumLatencyDegraded",
            expr: `${latency("")} > 1.1 * ${latency(" offset 1d")}`,
            for: "30m",
            severity: "low",
            profile: "Performance degradation | Latency increase > 10%",
            response: "Review at next team meeting",
            summary: "Median node-to-node health-probe latency is more than 10% above the same time yesterday.",
            section: "latency",
        },
    ];
}

/** The PrometheusRule spec of the Cilium Day-2 alerts. Pure. */
export function ciliumAlertsSpec(): Record<string, unknown> {
    return {
        groups: [
            {
                name: "cilium-day2",
                rules: ciliumAlertList().map((a) => ({
                    alert: a.alert,
                    expr: a.expr,
                    for: a.for,
                    labels: { severity: a.severity },
                    annotations: {
                        summary: a.summary,
                        response: a.response,
                        profile: a.profile,
                        runbook: `${CILIUM_RUNBOOK}#${a.section}`,
                    },
                })),
            },
        ],
    };
}

/** The PrometheusRule object of the Cilium alerts, beside the release in kube-system. Pure. */
export function ciliumAlertsArgs(): {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace: string };
    spec: Record<string, unknown>;
} {
    return {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PrometheusRule",
        metadata: { name: "cilium-day2-alerts", namespace: CILIUM_RELEASE_ID.split("/")[0] },
        spec: ciliumAlertsSpec(),
    };
}

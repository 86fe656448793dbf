// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { stackPolicy } from "../../../../policies/lib/rule";
import {
    alertCollectors,
    exportersOf,
    seriesOfExpression,
} from "../../../../policies/rules/monitoring/alertCollectors";
import { RecordedResource } from "../../../../engine/recording/program";
import { describeCommon, StackCase, stackViolationsOf } from "../../helpers";
import { recordedStacks, STACKS } from "../../../support/stacks";

const policy = stackPolicy(alertCollectors) as StackValidationPolicy;

/** Every infra alert that selects kube-state-metrics or External Secrets series by namespace: "stack-resource alert metric exporter". */
const NAMESPACED_EXTERNAL_READS = [
    "infra-cilium-alerts CiliumAgentNotReady kube_daemonset_status_number_ready kube-state-metrics",
    "infra-cilium-alerts CiliumAgentNotReady kube_daemonset_status_desired_number_scheduled kube-state-metrics",
    "infra-cilium-alerts CiliumOperatorNotReady kube_deployment_status_replicas_available kube-state-metrics",
    "infra-cilium-alerts CiliumOperatorNotReady kube_deployment_spec_replicas kube-state-metrics",
    "infra-cilium-alerts CiliumReleaseFailing kube_secret_labels kube-state-metrics",
    "infra-cilium-alerts CiliumReleaseNotDeployed kube_secret_labels kube-state-metrics",
    "infra-cilium-alerts CiliumEncryptionNotWireguard kube_daemonset_status_number_ready kube-state-metrics",
    "infra-cilium-alerts CiliumReleaseSlow kube_secret_labels kube-state-metrics",
    "infra-dragonfly-alerts DragonflyAuthSecretSyncFailed externalsecret_status_condition external-secrets",
];

/** A recorded stack as the cases of the policy helpers (inputs as props). */
const asCases = (rs: readonly RecordedResource[]): StackCase[] =>
    rs.filter((r) => r.custom).map((r) => ({ type: r.type, name: r.name, props: r.inputs }));

describe("policy cluster-platform-monitoring-alert-collectors", function () {
    this.timeout(120_000);
    let stacks: Map<string, StackCase[]>;

    before(async () => {
        const recorded = await recordedStacks();
        stacks = new Map(STACKS.map((s, i) => [s, asCases(recorded[i])]));
    });

    const apps = () => JSON.parse(JSON.stringify(stacks.get("apps"))) as StackCase[];
    const infra = () => JSON.parse(JSON.stringify(stacks.get("infra"))) as StackCase[];
    const without = (list: StackCase[], ...names: string[]) => list.filter((r) => !names.includes(r.name));

    describeCommon(policy, {
        name: "cluster-platform-monitoring-alert-collectors",
        enforcementLevel: "advisory",
        severity: "medium",
        risks: ["HYG-ALERT-001"],
    });

    it("#1 passes both real stacks: every alert reads series a declared monitor collects", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, apps()), []);
        assert.deepStrictEqual(await stackViolationsOf(policy, infra()), []);
    });

    it("#2 reports the PostgreSQL alerts when the CNPG PodMonitor is missing (the state before the monitor existed)", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, without(apps(), "apps-floe-postgresMonitor")), [
            "[apps-floe-alerts] [HYG-ALERT-001 · score 4] alert PostgresReplicationLag of PrometheusRule floe-platform/floe-alerts reads cnpg_pg_replication_lag (exported by cloudnative-pg v1.30.0), but no PodMonitor or ServiceMonitor of the stack collects cloudnative-pg in namespace floe-platform, so the alert can never fire; declare a monitor selecting cloudnative-pg's pods in namespace floe-platform.",
            "[apps-floe-alerts] [HYG-ALERT-001 · score 4] alert PostgresBackupFailed of PrometheusRule floe-platform/floe-alerts reads cnpg_collector_last_available_backup_timestamp (exported by cloudnative-pg v1.30.0), but no PodMonitor or ServiceMonitor of the stack collects cloudnative-pg in namespace floe-platform, so the alert can never fire; declare a monitor selecting cloudnative-pg's pods in namespace floe-platform.",
        ]);
    });

    it("#3 counts CNPG's own enablePodMonitor as a collector", async () => {
        const list = without(apps(), "apps-floe-postgresMonitor");
        const pg = list.find((r) => r.name === "apps-floe-postgres")!;
        (pg.props.spec as { monitoring: { enablePodMonitor: boolean } }).monitoring.enablePodMonitor = true;
        assert.deepStrictEqual(await stackViolationsOf(policy, list), []);
    });

    it("#4 reports every kube-state-metrics and External Secrets alert when the cluster monitors are missing", async () => {
        const found = await stackViolationsOf(
            policy,
            without(infra(), "infra-monitors-kube-state-metrics", "infra-monitors-external-secrets"),
        );
        assert.deepStrictEqual(
            found.map((f) =>
                f.replace(
                    /^\[(\S+)\] \[HYG-ALERT-001 · score 4\] alert (\S+) .* reads (\S+) \(exported by (\S+) .*$/,
                    "$1 $2 $3 $4",
                ),
            ),
            NAMESPACED_EXTERNAL_READS,
        );
    });

    it("#8 reports namespace-selected kube-state-metrics and External Secrets series collected without honorLabels", async () => {
        const list = infra();
        for (const name of ["infra-monitors-kube-state-metrics", "infra-monitors-external-secrets"]) {
            const m = list.find((r) => r.name === name)!;
            for (const e of (m.props.spec as { podMetricsEndpoints: Record<string, unknown>[] }).podMetricsEndpoints) {
                delete e.honorLabels;
            }
        }
        const found = await stackViolationsOf(policy, list);
        assert.strictEqual(
            found[0],
            "[infra-cilium-alerts] [HYG-ALERT-001 · score 4] alert CiliumAgentNotReady of PrometheusRule kube-system/cilium-day2-alerts selects kube_daemonset_status_number_ready by namespace=\"kube-system\", but PodMonitor kube-system/kube-state-metrics collects kube-state-metrics without honorLabels: true, so Prometheus gives its series the exporter pod's namespace and renames theirs to exported_namespace: the alert never matches; set honorLabels: true on the monitor's endpoints.",
        );
        assert.deepStrictEqual(
            found.map((f) =>
                f.replace(
                    /^\[(\S+)\] \[HYG-ALERT-001 · score 4\] alert (\S+) .* selects (\S+) by .* collects (\S+) without .*$/,
                    "$1 $2 $3 $4",
                ),
            ),
            NAMESPACED_EXTERNAL_READS,
        );
    });

    it("#5 reports the Cilium agent series when the chart's ServiceMonitor is switched off", async () => {
        const list = infra();
        const release = list.find((r) => r.name === "infra-cilium-release")!;
        (
            release.props.values as { prometheus: { serviceMonitor: { enabled: boolean } } }
        ).prometheus.serviceMonitor.enabled = false;
        const found = await stackViolationsOf(policy, list);
        assert.deepStrictEqual(
            found.map((f) => f.replace(/^.* alert (\S+) .* reads (\S+) .*$/, "$1 $2")),
            [
                "CiliumPacketLoss cilium_drop_count_total",
                "CiliumPacketLoss cilium_forward_count_total",
                "CiliumEncryptionNotWireguard cilium_feature_adv_connect_and_lb_transparent_encryption",
                "CiliumLatencyDegraded cilium_node_health_connectivity_latency_seconds_bucket",
            ],
        );
    });

    it("#6 reports a metric no vendored list has, a selector without a metric name, an unparsable and a non-string expression", async () => {
        const rule = (rules: { alert: string; expr: unknown }[]): StackCase => ({
            type: "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
            name: "x-alerts",
            props: { metadata: { name: "x", namespace: "ops" }, spec: { groups: [{ name: "x", rules }] } },
        });
        assert.deepStrictEqual(
            await stackViolationsOf(policy, [
                rule([
                    { alert: "Typo", expr: "kube_deployment_status_replicas_avail > 0" },
                    { alert: "Nameless", expr: '{job="x"} == 0' },
                    { alert: "Broken", expr: "sum(up{" },
                    { alert: "Number", expr: 42 },
                ]),
            ]),
            [
                "[x-alerts] [HYG-ALERT-001 · score 4] alert Typo of PrometheusRule ops/x reads kube_deployment_status_replicas_avail, which none of the vendored exporter metric lists has (kube-state-metrics v2.20.0, cloudnative-pg v1.30.0, dragonfly v1.39.0, external-secrets v0.16.2, cilium-agent main-branch, prometheus-scrape documentation); use a metric an exporter exports, or vendor the list of the exporter that does.",
                '[x-alerts] [HYG-ALERT-001 · score 4] alert Nameless of PrometheusRule ops/x reads {job="x"}, which names no metric; select the metric by name.',
                '[x-alerts] [HYG-ALERT-001 · score 4] alert Broken of PrometheusRule ops/x has an expression that does not parse (syntax error at column 8): "sum(up{"; fix the PromQL.',
                "[x-alerts] [HYG-ALERT-001 · score 4] alert Number of PrometheusRule ops/x has expr 42, not a PromQL string; write the expression as a string.",
            ],
        );
    });

    it("#7 reads metric names through the PromQL grammar, not text: __name__ matchers, offsets, subqueries, and names inside strings ignored", () => {
        assert.deepStrictEqual(
            seriesOfExpression(
                'label_replace(rate(a_total{namespace="n"}[5m:1m]), "x", "kube_fake", "", "") + on(x) {__name__="b",namespace="m"} - c offset 1h',
            ).map((r) => [r.name, r.namespace]),
            [
                ["a_total", "n"],
                ["b", "m"],
                ["c", undefined],
            ],
        );
        assert.deepStrictEqual(
            exportersOf("cilium_node_health_connectivity_latency_seconds_bucket").map((l) => l.exporter),
            ["cilium-agent"],
        );
    });
});

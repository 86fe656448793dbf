// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { StackRule } from "../../lib/rule";
import { LabelSelector, selectorMatches } from "../../lib/labelSelectors";
import { recordAt } from "../../lib/record";
import { buildStackView } from "../../lib/stackView";

/** The alerts the validation report lists. */
export const REQUIRED_ALERTS = [
    "DragonflyDown",
    "DragonflyMemoryHigh",
    "DragonflyConnectionsHigh",
    "DragonflyReplicationLag",
    "DragonflyEvictionsHigh",
];

/**
 * Checks that each Dragonfly CR is scraped by a PodMonitor whose selector matches labels the
 * operator sets and whose port exists on the pods (admin), that its PrometheusRule carries the
 * report's five alerts, that a dashboard ConfigMap exists, and that args keep the admin port the
 * operator's health checks use.
 */
export const dragonflyMonitoring: StackRule = {
    name: "cluster-platform-dragonfly-monitoring",
    kind: "stack",
    description: "Each Dragonfly is scraped on its admin port by a matching PodMonitor, with alerts and a dashboard.",
    risks: ["DFLY-MON-001", "DFLY-VR-08.1", "DFLY-VR-08.2", "DFLY-VR-08.3", "DFLY-VR-04.5"],
    remediationSteps:
        "Add a PodMonitor selecting app=<cr> with podMetricsEndpoints port admin, a PrometheusRule with the five alerts, a dashboard ConfigMap labelled grafana_dashboard, and do not override --admin_port or enable HTTP on the primary port.",
    check: (resources, report) => {
        const view = buildStackView(resources);
        for (const df of view.dragonflies) {
            const who = `Dragonfly ${df.namespace}/${df.name}`;
            const ports = (df.pods[0]?.containers[0]?.ports ?? []).map((p) => p.name);
            const monitors = view.ofType("kubernetes:monitoring.coreos.com/v1:PodMonitor", df.namespace);
            const matching = monitors.filter((m) =>
                df.pods.some((p) => selectorMatches(recordAt(m.props, "spec").selector as LabelSelector, p.labels)),
            );
            if (matching.length === 0) {
                const hint =
                    monitors.length > 0
                        ? ` (PodMonitor ${monitors[0].name} selects ${JSON.stringify(recordAt(monitors[0].props, "spec").selector ?? null)}, which matches no pod of it)`
                        : "";
                report(
                    "DFLY-VR-08.1",
                    `no PodMonitor in ${df.namespace} selects the pods of ${who}${hint}; select app=${df.name}, app.kubernetes.io/name=dragonfly.`,
                    df.urn,
                );
            }
            for (const m of matching) {
                const endpoints =
                    (recordAt(m.props, "spec").podMetricsEndpoints as { port?: string }[] | undefined) ?? [];
                const bad = endpoints.filter((e) => !ports.includes(String(e.port)));
                if (endpoints.length === 0 || bad.length > 0) {
                    report(
                        "DFLY-MON-001",
                        `PodMonitor ${m.namespace}/${m.name} scrapes port ${JSON.stringify(bad[0]?.port ?? null)}, which the Dragonfly pods do not have (they have ${ports.join(", ")}); scrape port admin.`,
                        m.urn,
                    );
                }
            }
            const alerts = view
                .ofType("kubernetes:monitoring.coreos.com/v1:PrometheusRule", df.namespace)
                .flatMap((r) =>
                    (
                        (recordAt(r.props, "spec").groups as { rules?: { alert?: string }[] }[] | undefined) ?? []
                    ).flatMap((g) => (g.rules ?? []).map((x) => x.alert)),
                );
            const missing = REQUIRED_ALERTS.filter((a) => !alerts.includes(a));
            if (missing.length > 0) {
                report(
                    "DFLY-VR-08.2",
                    `no PrometheusRule in ${df.namespace} defines ${missing.join(", ")} for ${who}; add them.`,
                    df.urn,
                );
            }
            const dashboards = view
                .ofType("kubernetes:core/v1:ConfigMap", df.namespace)
                .filter((c) => recordAt(c.props, "metadata.labels").grafana_dashboard !== undefined);
            if (dashboards.length === 0) {
                report(
                    "DFLY-VR-08.3",
                    `no dashboard ConfigMap (label grafana_dashboard) in ${df.namespace} for ${who}; add one.`,
                    df.urn,
                );
            }
            const args = Array.isArray(df.spec.args) ? (df.spec.args as unknown[]).map(String) : [];
            for (const a of args.filter(
                (x) =>
                    x.startsWith("--admin_port") ||
                    x === "--primary_port_http_enabled=true" ||
                    x === "--primary_port_http_enabled",
            )) {
                report(
                    "DFLY-VR-04.5",
                    `${who} passes ${a} in spec.args, which fights the operator's health checks and metrics on admin port 9999; remove it.`,
                    df.urn,
                );
            }
        }
    },
};

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { changedFlags, effectiveWords, flagValue } from "../../lib/exposure/command";
import { StackRule } from "../../lib/rule";
import { SelectorMatchCache } from "../../lib/labelSelectors";
import { arrayAt, recordAt } from "../../lib/propertyPaths";
import { buildStackView } from "../../lib/stackView";

/** Flags dragonfly-operator v1.6.1 already passes (DefaultDragonflyArgs); restating one is no change. */
const OPERATOR_DEFAULT_FLAGS = { admin_port: "9999", admin_nopass: "true", primary_port_http_enabled: "false" };

/**
 * The alerts the validation report lists, each with the series its expression must read (Dragonfly's
 * own metric names on the admin port; `up` or `absent(...)` for Down).
 */
export const ALERT_METRICS: Readonly<Record<string, { series: string; pattern: RegExp }>> = {
    DragonflyDown: { series: "up or absent(...)", pattern: /\bup\b|\babsent\s*\(|\bdragonfly_uptime_in_seconds\b/ },
    DragonflyMemoryHigh: {
        series: "dragonfly_memory_used_bytes",
        pattern: /\bdragonfly_(memory_used_bytes|used_memory\w*)\b/,
    },
    DragonflyConnectionsHigh: { series: "dragonfly_connected_clients", pattern: /\bdragonfly_connected_clients\b/ },
    DragonflyReplicationLag: {
        series: "a dragonfly_ replication or lag series",
        pattern: /\bdragonfly_\w*(lag|repl)\w*\b/,
    },
    DragonflyEvictionsHigh: { series: "dragonfly_evicted_keys_total", pattern: /\bdragonfly_evicted_keys(_total)?\b/ },
};

/** The alerts the validation report lists. */
export const REQUIRED_ALERTS = Object.keys(ALERT_METRICS);

/** Whether a PodMonitor in `monitorNs` with this namespaceSelector watches `target` (Prometheus operator semantics). */
function watchesNamespace(namespaceSelector: unknown, monitorNs: string, target: string): boolean {
    const sel = recordAt(namespaceSelector);
    if (sel.any === true) {
        return true;
    }
    const names = arrayAt(sel, "matchNames").map(String);
    return names.length > 0 ? names.includes(target) : monitorNs === target;
}

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
        const podMonitors = view
            .ofType("kubernetes:monitoring.coreos.com/v1:PodMonitor")
            .map((m) => ({ m, spec: recordAt(m.props, "spec") }));
        const selects = new SelectorMatchCache();
        for (const df of view.dragonflies) {
            const who = `Dragonfly ${df.namespace}/${df.name}`;
            const ports = (df.pods[0]?.containers[0]?.ports ?? []).map((p) => p.name);
            // A PodMonitor in any namespace counts when its namespaceSelector reaches the CR's namespace.
            const watching = podMonitors.filter((x) =>
                watchesNamespace(x.spec.namespaceSelector, x.m.namespace, df.namespace),
            );
            const monitors = watching.map((x) => x.m);
            const matching = watching
                .filter((x) => df.pods.some((p) => selects.matches(x.spec.selector, p.labels)))
                .map((x) => x.m);
            if (matching.length === 0) {
                // The monitor named in the hint: one in the CR's own namespace first, then by namespace and name,
                // so every engine names the same one whatever order it hands the resources in.
                const [closest] = [...monitors].sort(
                    (a, b) =>
                        Number(b.namespace === df.namespace) - Number(a.namespace === df.namespace) ||
                        `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
                );
                const hint = closest
                    ? ` (PodMonitor ${closest.name} selects ${JSON.stringify(recordAt(closest.props, "spec").selector ?? null)}, which matches no pod of it)`
                    : "";
                report(
                    "DFLY-VR-08.1",
                    `no PodMonitor watching ${df.namespace} selects the pods of ${who}${hint}; select app=${df.name}, app.kubernetes.io/name=dragonfly.`,
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
            const rules = view
                .ofType("kubernetes:monitoring.coreos.com/v1:PrometheusRule", df.namespace)
                .flatMap((r) =>
                    arrayAt(recordAt(r.props, "spec"), "groups").flatMap((g) =>
                        arrayAt(g, "rules").map((x) => recordAt(x)),
                    ),
                );
            const alertNames = rules.map((x) => x.alert);
            const missing = REQUIRED_ALERTS.filter((a) => !alertNames.includes(a));
            if (missing.length > 0) {
                report(
                    "DFLY-VR-08.2",
                    `no PrometheusRule in ${df.namespace} defines ${missing.join(", ")} for ${who}; add them.`,
                    df.urn,
                );
            }
            const hollow = REQUIRED_ALERTS.filter((a) => alertNames.includes(a)).filter(
                (a) =>
                    !rules.some(
                        (x) => x.alert === a && typeof x.expr === "string" && ALERT_METRICS[a].pattern.test(x.expr),
                    ),
            );
            for (const a of hollow) {
                const expr = rules.find((x) => x.alert === a)?.expr;
                report(
                    "DFLY-VR-08.2",
                    `alert ${a} for ${who} has expr ${JSON.stringify(expr ?? null)}, which does not read the series it is named for (${ALERT_METRICS[a].series}); write its expression over that metric.`,
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
            const words = effectiveWords(undefined, arrayAt(df.spec, "args").map(String));
            const changed = changedFlags(words, OPERATOR_DEFAULT_FLAGS).filter(
                (f) => f === "admin_port" || (f === "primary_port_http_enabled" && flagValue(words, f) !== "false"),
            );
            for (const flag of changed) {
                const a = `--${flag}=${flagValue(words, flag) ?? ""}`;
                report(
                    "DFLY-VR-04.5",
                    `${who} passes ${a} in spec.args, which fights the operator's health checks and metrics on admin port 9999; remove it.`,
                    df.urn,
                );
            }
        }
    },
};

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Alerts that have data: every series a PrometheusRule alert reads is exported by a known exporter
// (its metric list vendored with source and version, policies/vendor/metrics/) and collected by a
// PodMonitor or ServiceMonitor the stack declares (or one the Cilium chart or CNPG creates from values).
import { parser } from "@prometheus-io/lezer-promql";
import { StackRule } from "../../lib/rule";
import { isReleaseOf } from "../../lib/kube";
import { LabelSelector, SelectorMatchCache } from "../../lib/labelSelectors";
import { arrayAt, recordAt } from "../../lib/propertyPaths";
import { buildStackView, Located } from "../../lib/stackView";
import ciliumAgent from "../../vendor/metrics/cilium-agent.json";
import cloudnativePg from "../../vendor/metrics/cloudnative-pg-v1.30.0.json";
import dragonfly from "../../vendor/metrics/dragonfly-v1.39.0.json";
import externalSecrets from "../../vendor/metrics/external-secrets-v0.16.2.json";
import kubeStateMetrics from "../../vendor/metrics/kube-state-metrics-v2.20.0.json";
import prometheusScrape from "../../vendor/metrics/prometheus-scrape.json";

/** A vendored metric list: an exporter, its version and every metric name it exports. */
export interface MetricList {
    exporter: string;
    version: string;
    metrics: string[];
}

/** Every vendored metric list, by exporter name. */
export const METRIC_LISTS: readonly MetricList[] = [
    kubeStateMetrics,
    cloudnativePg,
    dragonfly,
    externalSecrets,
    ciliumAgent,
    prometheusScrape,
];

/**
 * The pod labels each exporter that runs outside the stack carries, as its upstream chart sets them
 * (kube-state-metrics and external-secrets charts: `app.kubernetes.io/name`); a monitor selecting them collects it.
 */
export const EXTERNAL_EXPORTER_LABELS: Readonly<Record<string, Record<string, string>>> = {
    "kube-state-metrics": { "app.kubernetes.io/name": "kube-state-metrics" },
    "external-secrets": { "app.kubernetes.io/name": "external-secrets" },
};

/** Exporters whose series carry the namespace of the scraped pod (so `namespace="x"` needs a monitor reaching x). */
const TARGET_NAMESPACED = new Set(["cloudnative-pg", "dragonfly", "prometheus-scrape"]);

/**
 * Exporters whose series carry the namespace of the object they describe, which collides with the
 * target's own `namespace` label: without `honorLabels: true` Prometheus keeps the target's (the
 * exporter pod's namespace) and renames the series' label to `exported_namespace`.
 */
const OBJECT_NAMESPACED = new Set(["kube-state-metrics", "external-secrets"]);

/** One vector selector of an expression: the metric name (if given) and its `namespace="..."` matcher. */
export interface SeriesRef {
    name?: string;
    namespace?: string;
    /** The selector's text, for messages. */
    text: string;
}

const HISTOGRAM_SUFFIXES = ["_bucket", "_sum", "_count"];

/**
 * Parses a PromQL expression with the Prometheus project's own grammar (@prometheus-io/lezer-promql)
 * and returns each vector selector's metric name and namespace matcher. Pure. Throws with the
 * column of the first syntax error.
 */
export function seriesOfExpression(expr: string): SeriesRef[] {
    const tree = parser.parse(expr);
    const out: SeriesRef[] = [];
    const cursor = tree.cursor();
    do {
        if (cursor.type.isError) {
            throw new Error(`syntax error at column ${cursor.from + 1}`);
        }
        if (cursor.name === "VectorSelector") {
            const node = cursor.node;
            const ref: SeriesRef = { text: expr.slice(node.from, node.to) };
            const id = node.getChild("Identifier");
            if (id) {
                ref.name = expr.slice(id.from, id.to);
            }
            for (const m of node.getChild("LabelMatchers")?.getChildren("UnquotedLabelMatcher") ?? []) {
                const label = m.getChild("LabelName");
                const op = m.getChild("MatchOp");
                const value = m.getChild("StringLiteral");
                if (!label || !op || !value || expr.slice(op.from, op.to) !== "=") {
                    continue;
                }
                const v = JSON.parse(expr.slice(value.from, value.to).replace(/^'|'$/g, '"')) as string;
                const l = expr.slice(label.from, label.to);
                if (l === "__name__") {
                    ref.name = v;
                } else if (l === "namespace") {
                    ref.namespace = v;
                }
            }
            out.push(ref);
        }
    } while (cursor.next());
    return out;
}

/** The vendored lists that contain `name` (or its histogram/summary base name). Pure. */
export function exportersOf(name: string, lists: readonly MetricList[] = METRIC_LISTS): MetricList[] {
    const base = HISTOGRAM_SUFFIXES.filter((s) => name.endsWith(s)).map((s) => name.slice(0, -s.length));
    return lists.filter((l) => l.metrics.includes(name) || base.some((b) => l.metrics.includes(b)));
}

/** Where a collector scrapes an exporter: the namespaces it reaches ("*" for any), and what declared it. */
export interface Collection {
    namespaces: Set<string>;
    by: string[];
    /** The collectors among `by` that keep the series' own labels on a clash (`honorLabels: true` on every endpoint). */
    honoringLabels: string[];
}

/** Whether every scrape endpoint of a PodMonitor or ServiceMonitor sets `honorLabels: true` (and it has one). */
function honorsLabels(m: Located): boolean {
    const spec = recordAt(m.props, "spec");
    const endpoints = [...arrayAt(spec, "podMetricsEndpoints"), ...arrayAt(spec, "endpoints")];
    return endpoints.length > 0 && endpoints.every((e) => recordAt(e).honorLabels === true);
}

/** The namespaces a PodMonitor/ServiceMonitor reaches (Prometheus operator semantics); "*" means any. */
function monitorNamespaces(m: Located): Set<string> {
    const sel = recordAt(m.props, "spec.namespaceSelector");
    if (sel.any === true) {
        return new Set(["*"]);
    }
    const names = arrayAt(sel, "matchNames").map(String);
    return new Set(names.length > 0 ? names : [m.namespace]);
}

const reaches = (namespaces: Set<string>, ns: string) => namespaces.has("*") || namespaces.has(ns);

/**
 * What the stack's monitors collect, by exporter: PodMonitors and ServiceMonitors whose selector
 * matches the pods of a CNPG cluster, a Dragonfly or an exporter of {@link EXTERNAL_EXPORTER_LABELS};
 * a CNPG cluster with `monitoring.enablePodMonitor`; the Cilium release with its agent ServiceMonitor enabled.
 */
export function collectedExporters(resources: Parameters<StackRule["check"]>[0]): Map<string, Collection> {
    const view = buildStackView(resources);
    const out = new Map<string, Collection>();
    const add = (exporter: string, ns: Iterable<string>, by: string, honoring = false) => {
        const c = out.get(exporter) ?? { namespaces: new Set<string>(), by: [], honoringLabels: [] };
        for (const n of ns) {
            c.namespaces.add(n);
        }
        c.by.push(by);
        if (honoring) {
            c.honoringLabels.push(by);
        }
        out.set(exporter, c);
    };
    const cnpg = view.ofType("kubernetes:postgresql.cnpg.io/v1:Cluster").map((c) => ({
        c,
        labels: { "cnpg.io/cluster": c.name, "cnpg.io/podRole": "instance" },
    }));
    const selects = new SelectorMatchCache();
    const monitors = [
        ...view.ofType("kubernetes:monitoring.coreos.com/v1:PodMonitor").map((m) => ({ m, kind: "PodMonitor" })),
        ...view
            .ofType("kubernetes:monitoring.coreos.com/v1:ServiceMonitor")
            .map((m) => ({ m, kind: "ServiceMonitor" })),
    ];
    for (const { m, kind } of monitors) {
        const who = `${kind} ${m.namespace}/${m.name}`;
        const selector = recordAt(m.props, "spec").selector as LabelSelector | undefined;
        const namespaces = monitorNamespaces(m);
        add("prometheus-scrape", namespaces, who);
        for (const { c, labels } of cnpg) {
            if (reaches(namespaces, c.namespace) && selects.matches(selector, labels)) {
                add("cloudnative-pg", [c.namespace], who);
            }
        }
        for (const df of view.dragonflies) {
            if (reaches(namespaces, df.namespace) && df.pods.some((p) => selects.matches(selector, p.labels))) {
                add("dragonfly", [df.namespace], who);
            }
        }
        for (const [exporter, labels] of Object.entries(EXTERNAL_EXPORTER_LABELS)) {
            if (selects.matches(selector, labels)) {
                add(exporter, ["*"], who, honorsLabels(m));
            }
        }
    }
    for (const { c } of cnpg) {
        if (recordAt(c.props, "spec.monitoring").enablePodMonitor === true) {
            add("cloudnative-pg", [c.namespace], `CNPG Cluster ${c.namespace}/${c.name} (enablePodMonitor)`);
            add("prometheus-scrape", [c.namespace], `CNPG Cluster ${c.namespace}/${c.name} (enablePodMonitor)`);
        }
    }
    for (const r of view.helmReleases.filter((x) => isReleaseOf("kubernetes:helm.sh/v3:Release", x.props, "cilium"))) {
        const prom = recordAt(r.props, "values.prometheus");
        if (prom.enabled === true && recordAt(prom, "serviceMonitor").enabled === true) {
            add("cilium-agent", [r.namespace], `Helm release ${r.namespace}/${r.name} (prometheus.serviceMonitor)`);
            add(
                "prometheus-scrape",
                [r.namespace],
                `Helm release ${r.namespace}/${r.name} (prometheus.serviceMonitor)`,
            );
        }
    }
    return out;
}

/** One alert rule of a PrometheusRule. */
interface AlertOf {
    rule: Located;
    alert: string;
    expr: unknown;
}

function alertsOf(rules: readonly Located[]): AlertOf[] {
    return rules.flatMap((rule) =>
        arrayAt(recordAt(rule.props, "spec"), "groups").flatMap((g) =>
            arrayAt(g, "rules")
                .map((x) => recordAt(x))
                .filter((x) => x.alert !== undefined)
                .map((x) => ({ rule, alert: String(x.alert), expr: x.expr })),
        ),
    );
}

const RISK = "HYG-ALERT-001";

/**
 * Reports every PrometheusRule alert whose expression does not parse, reads a metric no vendored
 * exporter list has, or reads a series of an exporter that no monitor of the stack collects (in the
 * namespace the selector names, for exporters whose series carry the scraped pod's namespace), or
 * selects by namespace a series whose `namespace` label the collecting monitor renames (no `honorLabels`).
 */
export const alertCollectors: StackRule = {
    name: "cluster-platform-monitoring-alert-collectors",
    kind: "stack",
    description:
        "Every alert reads only series that a PodMonitor, ServiceMonitor or chart-made monitor of the stack collects from a known exporter.",
    risks: [RISK],
    remediationSteps:
        "Declare a PodMonitor or ServiceMonitor selecting the exporter's pods (in the namespace the alert names; with honorLabels: true for kube-state-metrics and External Secrets, whose series name their objects' namespace), or rewrite the alert over a series an exporter the stack scrapes exports; fix expressions that do not parse.",
    check: (resources, report) => {
        const view = buildStackView(resources);
        const collected = collectedExporters(resources);
        // Copies of a stack repeat the same expressions: parse each distinct one once.
        const parsed = new Map<string, SeriesRef[] | Error>();
        for (const { rule, alert, expr } of alertsOf(
            view.ofType("kubernetes:monitoring.coreos.com/v1:PrometheusRule"),
        )) {
            const who = `alert ${alert} of PrometheusRule ${rule.namespace}/${rule.name}`;
            if (typeof expr !== "string") {
                report(
                    RISK,
                    `${who} has expr ${JSON.stringify(expr ?? null)}, not a PromQL string; write the expression as a string.`,
                    rule.urn,
                );
                continue;
            }
            let refs = parsed.get(expr);
            if (refs === undefined) {
                try {
                    refs = seriesOfExpression(expr);
                } catch (err) {
                    refs = err as Error;
                }
                parsed.set(expr, refs);
            }
            if (refs instanceof Error) {
                report(
                    RISK,
                    `${who} has an expression that does not parse (${refs.message}): ${JSON.stringify(expr)}; fix the PromQL.`,
                    rule.urn,
                );
                continue;
            }
            const seen = new Set<string>();
            for (const ref of refs) {
                if (!ref.name) {
                    report(
                        RISK,
                        `${who} reads ${ref.text}, which names no metric; select the metric by name.`,
                        rule.urn,
                    );
                    continue;
                }
                const key = `${ref.name}|${ref.namespace ?? ""}`;
                if (seen.has(key)) {
                    continue;
                }
                seen.add(key);
                const lists = exportersOf(ref.name);
                if (lists.length === 0) {
                    report(
                        RISK,
                        `${who} reads ${ref.name}, which none of the vendored exporter metric lists has (${METRIC_LISTS.map((l) => `${l.exporter} ${l.version.split(" ")[0]}`).join(", ")}); use a metric an exporter exports, or vendor the list of the exporter that does.`,
                        rule.urn,
                    );
                    continue;
                }
                const collectedBy = lists.filter((l) => {
                    const c = collected.get(l.exporter);
                    return (
                        c !== undefined &&
                        (!TARGET_NAMESPACED.has(l.exporter) ||
                            ref.namespace === undefined ||
                            reaches(c.namespaces, ref.namespace))
                    );
                });
                // The one exporter of the series, collected only by monitors that rename its namespace label.
                const only = collectedBy.length === 1 ? collectedBy[0] : undefined;
                const renaming = only && ref.namespace !== undefined ? collected.get(only.exporter)! : undefined;
                if (only && renaming && OBJECT_NAMESPACED.has(only.exporter) && renaming.honoringLabels.length === 0) {
                    report(
                        RISK,
                        `${who} selects ${ref.name} by namespace="${ref.namespace}", but ${renaming.by.join(", ")} collect${renaming.by.length === 1 ? "s" : ""} ${only.exporter} without honorLabels: true, so Prometheus gives its series the exporter pod's namespace and renames theirs to exported_namespace: the alert never matches; set honorLabels: true on the monitor's endpoints.`,
                        rule.urn,
                    );
                }
                if (collectedBy.length === 0) {
                    const l = lists[0];
                    const where =
                        TARGET_NAMESPACED.has(l.exporter) && ref.namespace ? ` in namespace ${ref.namespace}` : "";
                    report(
                        RISK,
                        `${who} reads ${ref.name} (exported by ${l.exporter} ${l.version.split(" ")[0]}), but no PodMonitor or ServiceMonitor of the stack collects ${l.exporter}${where}, so the alert can never fire; declare a monitor selecting ${l.exporter}'s pods${where}.`,
                        rule.urn,
                    );
                }
            }
        }
    },
};

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Every expression the stacks declare (PrometheusRule alerts and dashboard panels), parsed with the
// Prometheus project's PromQL grammar, reads only metric names of the vendored exporter lists.
import * as assert from "assert";
import { exportersOf, METRIC_LISTS, seriesOfExpression } from "../../policies/rules/monitoring/alertCollectors";
import { ciliumAlertList } from "../../components/cilium";
import { recordedStacks, STACKS } from "../support/stacks";

/** seeds/002 "Alert Thresholds", verbatim. */
const CILIUM_THRESHOLD_ROWS = [
    "| **Critical** | Cilium pods not ready | Any node missing ready Cilium pod | Immediate investigation, page on-call |",
    "| **Critical** | Network connectivity loss | > 1% packet loss | Immediate investigation, page on-call |",
    "| **High** | Flux reconciliation failing | > 3 failed attempts | Investigation within 30 minutes |",
    '| **High** | Encryption disabled | Encryption status != "Wireguard" | Investigation within 1 hour |',
    "| **Medium** | Configuration drift | Drift detected > 1 hour | Investigation within 4 hours |",
    "| **Medium** | Slow reconciliation | Reconciliation time > 10 minutes | Review at next maintenance window |",
    "| **Low** | Performance degradation | Latency increase > 10% | Review at next team meeting |",
];
/** seeds/002 "Ongoing Monitoring (Day 2+)", the alert lines this component answers, verbatim. */
const CILIUM_DAY2_LINES = [
    "- Alert: HelmRelease `cilium` shows `Ready: False` for > 5 minutes",
    "- Alert: Cilium DaemonSet not ready on any node",
    "- Alert: Cilium Operator Deployment not ready",
    '- Alert: Encryption status changes from "Wireguard"',
];

/** Every PromQL expression of a recorded stack, labelled with where it comes from. */
function expressionsOf(resources: Awaited<ReturnType<typeof recordedStacks>>[number]): [string, string][] {
    const out: [string, string][] = [];
    for (const r of resources) {
        if (r.type === "kubernetes:monitoring.coreos.com/v1:PrometheusRule") {
            const groups = (r.inputs.spec as { groups: { rules: { alert: string; expr: string }[] }[] }).groups;
            groups.forEach((g) => g.rules.forEach((x) => out.push([`${r.name} ${x.alert}`, x.expr])));
        }
        if (
            r.type === "kubernetes:core/v1:ConfigMap" &&
            (r.inputs.metadata as { labels?: Record<string, string> }).labels?.grafana_dashboard
        ) {
            for (const json of Object.values(r.inputs.data as Record<string, string>)) {
                const d = JSON.parse(json) as { panels: { title: string; targets: { expr: string }[] }[] };
                d.panels.forEach((p) => p.targets.forEach((t) => out.push([`${r.name} panel "${p.title}"`, t.expr])));
            }
        }
    }
    return out;
}

describe("alerts and dashboards read metrics their exporters export (PromQL parsed)", function () {
    this.timeout(120_000);
    let byStack: Map<string, [string, string][]>;

    before(async () => {
        const recorded = await recordedStacks();
        byStack = new Map(STACKS.map((s, i) => [s, expressionsOf(recorded[i])]));
    });

    it("finds every alert and panel of both stacks (counts, so an empty stack cannot pass)", () => {
        const count = (s: string, kind: RegExp) => byStack.get(s)!.filter(([w]) => kind.test(w)).length;
        // apps: floe 4 + Dragonfly 6 + Cilium 8 alerts; both: 8 panels with 9 queries (network in and out).
        assert.deepStrictEqual(
            STACKS.map((s) => [s, count(s, /-alerts /), count(s, / panel /)]),
            [
                ["apps", 18, 9],
                ["infra", 14, 9],
            ],
        );
    });

    it("parses every expression and finds each metric name in a vendored exporter list", () => {
        const problems: string[] = [];
        let names = 0;
        for (const [stack, exprs] of byStack) {
            for (const [where, expr] of exprs) {
                const refs = seriesOfExpression(expr);
                assert.ok(refs.length > 0, `${stack} ${where}: no series in ${expr}`);
                for (const ref of refs) {
                    names++;
                    if (!ref.name || exportersOf(ref.name).length === 0) {
                        problems.push(`${stack} ${where}: ${ref.name ?? ref.text}`);
                    }
                }
            }
        }
        assert.deepStrictEqual(problems, []);
        assert.ok(names >= 60, `only ${names} metric references`);
    });

    it("the Dragonfly dashboard has the validation report's 8 panels", () => {
        const panels = byStack.get("infra")!.filter(([w]) => / panel /.test(w));
        assert.strictEqual(new Set(panels.map(([w]) => w)).size, 8);
        assert.deepStrictEqual(
            panels.filter(([w]) => w.includes("Network in / out")).map(([, e]) => e.replace(/\{.*\}/, "{…}")),
            ["rate(dragonfly_net_input_bytes_total{…}[5m])", "rate(dragonfly_net_output_bytes_total{…}[5m])"],
        );
    });

    it("each Cilium alert carries a threshold-table row or Day-2 line of the profile, with its severity and response", () => {
        for (const a of ciliumAlertList()) {
            for (const part of a.profile.split("; ")) {
                const text = part.replace(/^Alert: /, "");
                const [condition, threshold] = text.split(" | ");
                if (threshold) {
                    const row = CILIUM_THRESHOLD_ROWS.find((l) => l.includes(`| ${condition} | ${threshold} |`));
                    assert.ok(row, `${a.alert}: no table row "${condition} | ${threshold}"`);
                    assert.ok(
                        row.toLowerCase().includes(`**${a.severity}**`),
                        `${a.alert}: severity ${a.severity} differs from ${row}`,
                    );
                    assert.ok(row.includes(a.response), `${a.alert}: response differs from ${row}`);
                } else {
                    assert.ok(
                        CILIUM_DAY2_LINES.includes(`- Alert: ${text}`),
                        `${a.alert}: "${text}" is not a Day-2 line`,
                    );
                }
            }
        }
        // Every row with a series to alert on is answered; the drift row has none (docs/runbooks/cilium-day2.md#drift).
        const answered = ciliumAlertList().flatMap((a) => a.profile.split("; "));
        assert.deepStrictEqual(
            CILIUM_THRESHOLD_ROWS.filter((r) => !answered.some((p) => r.includes(`| ${p} |`))),
            ["| **Medium** | Configuration drift | Drift detected > 1 hour | Investigation within 4 hours |"],
        );
    });

    it("every vendored list names its exporter, version and a non-trivial metric list", () => {
        assert.deepStrictEqual(
            METRIC_LISTS.map((l) => [l.exporter, l.metrics.length >= 5]),
            [
                ["kube-state-metrics", true],
                ["cloudnative-pg", true],
                ["dragonfly", true],
                ["external-secrets", true],
                ["cilium-agent", true],
                ["prometheus-scrape", true],
            ],
        );
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { stackPolicy } from "../../../../policies/lib/rule";
import { dragonflyMonitoring } from "../../../../policies/rules/dragonfly/monitoring";
import { describeCommon, stackViolationsOf } from "../../helpers";
import { changed, CR, dragonflyStack, without } from "./stack";

const policy = stackPolicy(dragonflyMonitoring) as StackValidationPolicy;
const PM = "infra-dragonfly-podMonitor";

describe("policy cluster-platform-dragonfly-monitoring", () => {
    describeCommon(policy, {
        name: "cluster-platform-dragonfly-monitoring",
        enforcementLevel: "advisory",
        severity: "low",
        risks: ["DFLY-MON-001", "DFLY-VR-08.1", "DFLY-VR-08.2", "DFLY-VR-08.3", "DFLY-VR-04.5"],
    });

    it("#1 passes the component's monitoring objects", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, dragonflyStack()), []);
    });

    it("#2 reports a monitor selecting a label the operator does not set", async () => {
        assert.deepStrictEqual(
            await stackViolationsOf(
                policy,
                changed(
                    (n) => (n(PM).props.spec.selector = { matchLabels: { "dragonflydb.io/instance": "dragonfly" } }),
                ),
            ),
            [
                '[infra-dragonfly-dragonfly] [DFLY-VR-08.1 · score 2] no PodMonitor watching dragonfly-system selects the pods of Dragonfly dragonfly-system/dragonfly (PodMonitor dragonfly selects {"matchLabels":{"dragonflydb.io/instance":"dragonfly"}}, which matches no pod of it); select app=dragonfly, app.kubernetes.io/name=dragonfly.',
            ],
        );
    });

    it("#3 reports a scrape port the pods do not have", async () => {
        assert.deepStrictEqual(
            await stackViolationsOf(
                policy,
                changed((n) => (n(PM).props.spec.podMetricsEndpoints[0].port = "dragonfly")),
            ),
            [
                '[infra-dragonfly-podMonitor] [DFLY-MON-001 · score 2] PodMonitor dragonfly-system/dragonfly scrapes port "dragonfly", which the Dragonfly pods do not have (they have redis, admin); scrape port admin.',
            ],
        );
    });

    it("#4 reports missing alerts and a missing dashboard", async () => {
        assert.deepStrictEqual(
            await stackViolationsOf(policy, without("infra-dragonfly-alerts", "infra-dragonfly-dashboard")),
            [
                "[infra-dragonfly-dragonfly] [DFLY-VR-08.2 · score 2] no PrometheusRule in dragonfly-system defines DragonflyDown, DragonflyMemoryHigh, DragonflyConnectionsHigh, DragonflyReplicationLag, DragonflyEvictionsHigh for Dragonfly dragonfly-system/dragonfly; add them.",
                "[infra-dragonfly-dragonfly] [DFLY-VR-08.3 · score 1] no dashboard ConfigMap (label grafana_dashboard) in dragonfly-system for Dragonfly dragonfly-system/dragonfly; add one.",
            ],
        );
    });

    it("#5 reports an admin port override", async () => {
        assert.deepStrictEqual(
            await stackViolationsOf(
                policy,
                changed((n) => n(CR).props.spec.args.push("--admin_port=6380")),
            ),
            [
                "[infra-dragonfly-dragonfly] [DFLY-VR-04.5 · score 2] Dragonfly dragonfly-system/dragonfly passes --admin_port=6380 in spec.args, which fights the operator's health checks and metrics on admin port 9999; remove it.",
            ],
        );
    });
    it("#6 a flag restating the operator's default is no change (validation report: --admin_port=9999 PASS)", async () => {
        const list = changed((n) =>
            n(CR).props.spec.args.push("--admin_port=9999", "--primary_port_http_enabled=false", "--admin_nopass"),
        );
        assert.deepStrictEqual(await stackViolationsOf(policy, list), []);
    });

    it("#7 reads the flag's value in the separate-word form", async () => {
        assert.deepStrictEqual(
            await stackViolationsOf(
                policy,
                changed((n) => n(CR).props.spec.args.push("--admin_port", "6380")),
            ),
            [
                "[infra-dragonfly-dragonfly] [DFLY-VR-04.5 · score 2] Dragonfly dragonfly-system/dragonfly passes --admin_port=6380 in spec.args, which fights the operator's health checks and metrics on admin port 9999; remove it.",
            ],
        );
    });

    const PR = "infra-dragonfly-alerts";
    const moved = (namespaceSelector: unknown) =>
        changed((n) => {
            n(PM).props.metadata.namespace = "monitoring";
            if (namespaceSelector === undefined) {
                delete n(PM).props.spec.namespaceSelector;
            } else {
                n(PM).props.spec.namespaceSelector = namespaceSelector;
            }
        });
    const unwatched =
        "[infra-dragonfly-dragonfly] [DFLY-VR-08.1 · score 2] no PodMonitor watching dragonfly-system selects the pods of Dragonfly dragonfly-system/dragonfly; select app=dragonfly, app.kubernetes.io/name=dragonfly.";

    it("#8 counts a PodMonitor in a central monitoring namespace whose namespaceSelector reaches the CR's namespace", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, moved({ matchNames: ["dragonfly-system"] })), []);
        assert.deepStrictEqual(await stackViolationsOf(policy, moved({ any: true })), []);
    });

    it("#9 does not count a PodMonitor elsewhere without a namespaceSelector, or one naming other namespaces", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, moved(undefined)), [unwatched]);
        assert.deepStrictEqual(await stackViolationsOf(policy, moved({ matchNames: ["cache"] })), [unwatched]);
    });

    it("#10 reports an alert named for a metric whose expression reads another (DragonflyMemoryHigh with up == 0)", async () => {
        const list = changed((n) => {
            const rules = n(PR).props.spec.groups[0].rules as { alert: string; expr: unknown }[];
            rules.find((r) => r.alert === "DragonflyMemoryHigh")!.expr = "up == 0";
            rules.find((r) => r.alert === "DragonflyEvictionsHigh")!.expr = 42;
        });
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            '[infra-dragonfly-dragonfly] [DFLY-VR-08.2 · score 2] alert DragonflyMemoryHigh for Dragonfly dragonfly-system/dragonfly has expr "up == 0", which does not read the series it is named for (dragonfly_memory_used_bytes); write its expression over that metric.',
            "[infra-dragonfly-dragonfly] [DFLY-VR-08.2 · score 2] alert DragonflyEvictionsHigh for Dragonfly dragonfly-system/dragonfly has expr 42, which does not read the series it is named for (dragonfly_evicted_keys_total); write its expression over that metric.",
        ]);
    });
});

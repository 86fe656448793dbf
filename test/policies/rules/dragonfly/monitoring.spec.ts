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
                '[infra-dragonfly-dragonfly] [DFLY-VR-08.1 · score 2] no PodMonitor in dragonfly-system selects the pods of Dragonfly dragonfly-system/dragonfly (PodMonitor dragonfly selects {"matchLabels":{"dragonflydb.io/instance":"dragonfly"}}, which matches no pod of it); select app=dragonfly, app.kubernetes.io/name=dragonfly.',
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
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { podTemplatesOf } from "../../policies/lib/kube";
import { selectorMatches } from "../../policies/lib/labelSelectors";

describe("pod templates", () => {
    it("Dragonfly pods carry the operator's real labels, not dragonflydb.io/*", () => {
        const pods = podTemplatesOf(
            "kubernetes:dragonflydb.io/v1alpha1:Dragonfly",
            { metadata: { name: "dragonfly", namespace: "cache" }, spec: { image: "x:v1" } },
            "df",
        );
        assert.deepStrictEqual(
            pods.map((p) => p.labels),
            [
                {
                    app: "dragonfly",
                    "app.kubernetes.io/name": "dragonfly",
                    "app.kubernetes.io/part-of": "dragonfly",
                    role: "master",
                },
                {
                    app: "dragonfly",
                    "app.kubernetes.io/name": "dragonfly",
                    "app.kubernetes.io/part-of": "dragonfly",
                    role: "replica",
                },
            ],
        );
        assert.strictEqual(
            selectorMatches({ matchLabels: { "dragonflydb.io/instance": "dragonfly" } }, pods[0].labels),
            false,
        );
    });

    it("every controller kind has one", () => {
        const template = { metadata: { labels: { app: "x" } }, spec: { containers: [{ name: "c" }] } };
        const kinds: [string, Record<string, unknown>][] = [
            ["kubernetes:apps/v1:Deployment", { spec: { template } }],
            ["kubernetes:apps/v1:StatefulSet", { spec: { template } }],
            ["kubernetes:apps/v1:DaemonSet", { spec: { template } }],
            ["kubernetes:batch/v1:Job", { spec: { template } }],
            ["kubernetes:batch/v1:CronJob", { spec: { jobTemplate: { spec: { template } } } }],
            ["kubernetes:core/v1:Pod", { metadata: { labels: { app: "x" } }, spec: template.spec }],
        ];
        for (const [type, props] of kinds) {
            const [view] = podTemplatesOf(type, props, "n");
            assert.deepStrictEqual(
                [view.labels, view.namespace, view.containers.length],
                [{ app: "x" }, "default", 1],
                type,
            );
        }
        assert.deepStrictEqual(podTemplatesOf("kubernetes:core/v1:Service", { spec: {} }, "s"), []);
    });
});

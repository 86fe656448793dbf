// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Mutation tests: weaken one floe mitigation of the real apps stack at a time and judge it with the real pack server.
import * as assert from "assert";
import { evaluateResources } from "../../engine/evaluate";
import { RecordedResource } from "../../engine/record";
import { PolicyServer } from "../../engine/server";
import { recordStack } from "../../engine/stack";
import { sharedPolicyServer } from "../support/hooks";
import { assertCaught, dropResources, mutateResource } from "../support/mutate";
import { realStackConfig } from "../support/stacks";

describe("floe mutations through the offline engine (apps stack)", () => {
    let server: PolicyServer;
    let real: RecordedResource[];
    before(async () => {
        server = await sharedPolicyServer();
        real = await recordStack(realStackConfig("apps"));
    });

    const cases: [string, () => RecordedResource[], string, "mandatory" | "advisory"][] = [
        [
            "daemon replicas 2",
            () => mutateResource(real, "apps-floe-dagster", (p) => (p.values.dagsterDaemon.replicaCount = 2)),
            "FLOE-R-1",
            "mandatory",
        ],
        [
            "no daemon liveness check",
            () => mutateResource(real, "apps-floe-dagster", (p) => delete p.values.dagsterDaemon.livenessProbe),
            "FLOE-R-1",
            "mandatory",
        ],
        [
            "PostgreSQL with 1 instance",
            () => mutateResource(real, "apps-floe-postgres", (p) => (p.spec.instances = 1)),
            "FLOE-R-2",
            "advisory",
        ],
        [
            "PostgreSQL without scheduled backup",
            () => dropResources(real, "apps-floe-postgresBackup"),
            "FLOE-R-2",
            "advisory",
        ],
        [
            "Polaris in-memory",
            () =>
                mutateResource(
                    real,
                    "apps-floe-polarisConfig",
                    (p) =>
                        (p.data["application.properties"] = p.data["application.properties"].replace(
                            "relational-jdbc",
                            "in-memory",
                        )),
                ),
            "FLOE-R-4",
            "advisory",
        ],
        [
            "a network policy port that differs from the container port",
            () =>
                mutateResource(
                    real,
                    "apps-floe-netpol-floe-platform-polaris-ingress",
                    (p) => (p.spec.ingress[0].ports = [{ port: 8080, protocol: "TCP" }]),
                ),
            "FLOE-R-5",
            "advisory",
        ],
        [
            "a missing flow (Polaris → PostgreSQL)",
            () => mutateResource(real, "apps-floe-netpol-floe-platform-polaris-egress", (p) => p.spec.egress.shift()),
            "FLOE-R-5",
            "advisory",
        ],
        [
            "an unpinned Dagster chart",
            () => mutateResource(real, "apps-floe-dagster", (p) => (p.version = "1.12")),
            "FLOE-R-6",
            "advisory",
        ],
    ];

    it("the unmutated apps stack passes", async () => {
        const r = await evaluateResources("apps", real, { server });
        assert.deepStrictEqual(
            [r.resources.length, r.blocked, r.gate.suggested_gate, r.findings.length],
            [56, false, "PASS", 0],
        );
    });

    for (const [name, mutate, risk, enforcement] of cases) {
        it(`catches ${name} as ${risk}${enforcement === "mandatory" ? " (blocking)" : ""}`, async () => {
            assertCaught(await evaluateResources("apps", mutate(), { server }), risk, enforcement);
        });
    }
});

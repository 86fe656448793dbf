// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Mutation tests: start from the real stack, remove or weaken one Dragonfly mitigation at a time,
// and judge the result with the real pack server. Each must give its risk ID, blocking at score ≥ 6.
import * as assert from "assert";
import { evaluateResources } from "../../engine/evaluate";
import { RecordedResource } from "../../engine/record";
import { PolicyServer } from "../../engine/server";
import { recordStack } from "../../engine/stack";
import { sharedPolicyServer } from "../support/hooks";
import { addResource, assertCaught, dropResources, mutateResource, MutationRow } from "../support/mutate";
import { realStackConfig } from "../support/stacks";

const CR = "infra-dragonfly-dragonfly";
const NP = "infra-dragonfly-networkPolicy";

describe("Dragonfly mutations through the offline engine (infra stack)", () => {
    let server: PolicyServer;
    let real: RecordedResource[];
    before(async () => {
        server = await sharedPolicyServer();
        real = await recordStack(realStackConfig("infra"));
    });

    const cases: MutationRow[] = [
        [
            "no NetworkPolicy and the operator's switched off",
            () => mutateResource(dropResources(real, NP), CR, (p) => (p.spec.networkPolicyEnabled = false)),
            "DFLY-SEC-001",
            "mandatory",
            { "DFLY-SEC-002": "advisory" },
        ],
        [
            "a 6379 rule whose from admits everything",
            () => mutateResource(real, NP, (p) => (p.spec.ingress[0].from = [{ namespaceSelector: {} }])),
            "DFLY-VR-09.1",
            "mandatory",
        ],
        [
            "PDB minAvailable 1",
            () => mutateResource(real, CR, (p) => (p.spec.pdb = { minAvailable: 1 })),
            "DFLY-OPS-001",
            "mandatory",
        ],
        [
            "a second PDB on the data pods",
            () =>
                addResource(
                    real,
                    "infra-dragonflyOperator-pdb",
                    "extra-pdb",
                    "kubernetes:policy/v1:PodDisruptionBudget",
                    {
                        apiVersion: "policy/v1",
                        kind: "PodDisruptionBudget",
                        metadata: { name: "dragonfly", namespace: "dragonfly-system" },
                        spec: { minAvailable: 2, selector: { matchLabels: { app: "dragonfly" } } },
                    },
                ),
            "DFLY-CP-B2",
            "mandatory",
        ],
        [
            "no spread",
            () =>
                mutateResource(real, CR, (p) => {
                    delete p.spec.topologySpreadConstraints;
                    delete p.spec.affinity;
                }),
            "DFLY-TECH-001",
            "advisory",
        ],
        [
            "unpinned image",
            () =>
                mutateResource(real, CR, (p) => (p.spec.image = "docker.dragonflydb.io/dragonflydb/dragonfly:latest")),
            "DFLY-TECH-002",
            "advisory",
        ],
        [
            "operator/image mismatch",
            () =>
                mutateResource(real, CR, (p) => (p.spec.image = "docker.dragonflydb.io/dragonflydb/dragonfly:v1.34.2")),
            "DFLY-TECH-002",
            "advisory",
        ],
        [
            "secret name mismatch",
            () =>
                mutateResource(real, CR, (p) => (p.spec.authentication.passwordFromSecret.name = "dragonfly-password")),
            "DFLY-OPS-002",
            "advisory",
        ],
        [
            "monitor selector on a label the operator does not set",
            () =>
                mutateResource(
                    real,
                    "infra-dragonfly-podMonitor",
                    (p) => (p.spec.selector = { matchLabels: { "dragonflydb.io/instance": "dragonfly" } }),
                ),
            "DFLY-VR-08.1",
            "advisory",
        ],
        [
            "operator without its PDB",
            () => dropResources(real, "infra-dragonflyOperator-pdb"),
            "DFLY-CP-B5",
            "advisory",
        ],
        [
            "WireGuard off without TLS",
            () => mutateResource(real, "infra-cilium-release", (p) => (p.values.encryption.enabled = false)),
            "DFLY-SEC-002",
            "advisory",
            { "CIL-SEC-001": "advisory" },
        ],
        [
            "global Service on monosense's labels",
            () =>
                mutateResource(
                    real,
                    "infra-dragonfly-globalService",
                    (p) => (p.spec.selector = { "dragonflydb.io/role": "primary" }),
                ),
            "DFLY-PERF-001",
            "advisory",
        ],
    ];

    it("the unmutated stack passes", async () => {
        const r = await evaluateResources("infra", real, { server });
        assert.deepStrictEqual([r.blocked, r.gate.suggested_gate, r.findings.length], [false, "PASS", 0]);
    });

    for (const [name, mutate, risk, enforcement, also] of cases) {
        it(`catches ${name} as ${risk} (${enforcement})`, async () => {
            const r = await evaluateResources("infra", mutate(), { server });
            assertCaught(r, risk, enforcement, also);
            assert.strictEqual(r.gate.suggested_gate, enforcement === "mandatory" ? "CONCERNS" : "PASS");
        });
    }
});

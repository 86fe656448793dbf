// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { stackPolicy } from "../../../../policies/lib/rule";
import { dragonflyDisruptionBudget } from "../../../../policies/rules/dragonfly/disruptionBudget";
import { describeCommon, stackViolationsOf } from "../../helpers";
import { changed, CR, dragonflyStack, without } from "./stack";

const policy = stackPolicy(dragonflyDisruptionBudget) as StackValidationPolicy;

describe("policy cluster-platform-dragonfly-disruption-budget", () => {
    describeCommon(policy, {
        name: "cluster-platform-dragonfly-disruption-budget",
        enforcementLevel: "mandatory",
        severity: "high",
        risks: ["DFLY-OPS-001", "DFLY-CP-B2"],
    });

    it("#1 passes the component's objects", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, dragonflyStack()), []);
    });

    it("#2 reports minAvailable 1 with 3 replicas", async () => {
        assert.deepStrictEqual(
            await stackViolationsOf(
                policy,
                changed((n) => (n(CR).props.spec.pdb = { minAvailable: 1 })),
            ),
            [
                "[infra-dragonfly-dragonfly] [DFLY-OPS-001 · score 6] the operator's PodDisruptionBudget dragonfly-system/dragonfly of Dragonfly dragonfly-system/dragonfly has minAvailable: 1 over 3 replicas: the disruption controller keeps only 1 healthy, so a drain may leave fewer than 2 of 3 available; set spec.pdb minAvailable to 2.",
            ],
        );
    });

    it("#3 reports minAvailable equal to replicas (drains hang)", async () => {
        assert.deepStrictEqual(
            await stackViolationsOf(
                policy,
                changed((n) => (n(CR).props.spec.pdb = { minAvailable: 3 })),
            ),
            [
                "[infra-dragonfly-dragonfly] [DFLY-OPS-001 · score 6] the operator's PodDisruptionBudget dragonfly-system/dragonfly of Dragonfly dragonfly-system/dragonfly has minAvailable: 3 over 3 replica(s): the disruption controller keeps 3 healthy and allows 0 eviction(s), so node drains hang; set spec.pdb minAvailable to 2.",
            ],
        );
    });

    it("#4 reports maxUnavailable 2", async () => {
        assert.deepStrictEqual(
            await stackViolationsOf(
                policy,
                changed((n) => (n(CR).props.spec.pdb = { maxUnavailable: 2 })),
            ),
            [
                "[infra-dragonfly-dragonfly] [DFLY-OPS-001 · score 6] the operator's PodDisruptionBudget dragonfly-system/dragonfly of Dragonfly dragonfly-system/dragonfly has maxUnavailable: 2 over 3 replicas: the disruption controller keeps only 1 healthy, so a drain may leave fewer than 2 of 3 available; set spec.pdb minAvailable to 2.",
            ],
        );
    });

    it("#5 reports a second, hand-made PDB on the data pods", async () => {
        const list = dragonflyStack();
        list.push({
            type: "kubernetes:policy/v1:PodDisruptionBudget",
            name: "extra-pdb",
            props: {
                metadata: { name: "dragonfly-pdb", namespace: "dragonfly-system" },
                spec: { minAvailable: 2, selector: { matchLabels: { "app.kubernetes.io/name": "dragonfly" } } },
            },
        });
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            "[extra-pdb] [DFLY-CP-B2 · score 6] PodDisruptionBudget dragonfly-system/dragonfly-pdb selects the pods of Dragonfly dragonfly-system/dragonfly, which the operator's PodDisruptionBudget dragonfly-system/dragonfly also covers; the eviction API refuses pods covered by more than one PDB, so drains hang. Keep one: delete it and set spec.pdb on the CR.",
        ]);
    });

    it("#6 leaves the operator's own PDB to its own rule", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, without("infra-dragonflyOperator-pdb")), []);
    });

    const handMade = (spec: Record<string, unknown>) => ({
        type: "kubernetes:policy/v1:PodDisruptionBudget",
        name: "extra-pdb",
        props: {
            metadata: { name: "dragonfly-pdb", namespace: "dragonfly-system" },
            spec: { ...spec, selector: { matchLabels: { app: "dragonfly" } } },
        },
    });

    /** [case, spec.replicas, spec.pdb, hand-made PDB spec or none, exact violations]. */
    const TABLE: [string, number, unknown, Record<string, unknown> | undefined, string[]][] = [
        [
            "#8 maxUnavailable 50% rounds up to 2 of 3 (disruption controller), leaving 1",
            3,
            { maxUnavailable: "50%" },
            undefined,
            [
                '[infra-dragonfly-dragonfly] [DFLY-OPS-001 · score 6] the operator\'s PodDisruptionBudget dragonfly-system/dragonfly of Dragonfly dragonfly-system/dragonfly has maxUnavailable: "50%" over 3 replicas: the disruption controller keeps only 1 healthy (percentages round up), so a drain may leave fewer than 2 of 3 available; set spec.pdb minAvailable to 2.',
            ],
        ],
        ["#9 minAvailable 50% rounds up to 2 of 3: compliant", 3, { minAvailable: "50%" }, undefined, []],
        ["#10 no spec.pdb: the operator's default maxUnavailable 1 keeps 2 of 3", 3, undefined, undefined, []],
        [
            "#11 maxUnavailable 0 forbids every eviction",
            3,
            { maxUnavailable: 0 },
            undefined,
            [
                "[infra-dragonfly-dragonfly] [DFLY-OPS-001 · score 6] the operator's PodDisruptionBudget dragonfly-system/dragonfly of Dragonfly dragonfly-system/dragonfly has maxUnavailable: 0 over 3 replica(s): the disruption controller keeps 3 healthy and allows 0 eviction(s), so node drains hang; set spec.pdb minAvailable to 2.",
            ],
        ],
        [
            "#12 a percentage without % is rejected by the controller",
            3,
            { minAvailable: "2" },
            undefined,
            [
                '[infra-dragonfly-dragonfly] [DFLY-OPS-001 · score 6] the operator\'s PodDisruptionBudget dragonfly-system/dragonfly of Dragonfly dragonfly-system/dragonfly has minAvailable: "2", which the disruption controller rejects (invalid value for IntOrString: invalid type: string is not a percentage); set spec.pdb minAvailable to 2.',
            ],
        ],
        [
            "#13 one replica: the operator makes no PDB, a single hand-made one is no conflict, and one pod is never mitigated",
            1,
            undefined,
            { maxUnavailable: 1 },
            [
                "[infra-dragonfly-dragonfly] [DFLY-OPS-001 · score 6] Dragonfly dragonfly-system/dragonfly runs 1 data pod(s) (spec.replicas 1), so draining its node takes the cache down whatever a PodDisruptionBudget says; the risk profile keeps 2 of 3 available, so set spec.replicas: 3 and spec.pdb.minAvailable: 2.",
            ],
        ],
        [
            "#15 one replica and no budget at all: not mitigated (was a silent pass)",
            1,
            undefined,
            undefined,
            [
                "[infra-dragonfly-dragonfly] [DFLY-OPS-001 · score 6] Dragonfly dragonfly-system/dragonfly runs 1 data pod(s) (spec.replicas 1), so draining its node takes the cache down whatever a PodDisruptionBudget says; the risk profile keeps 2 of 3 available, so set spec.replicas: 3 and spec.pdb.minAvailable: 2.",
            ],
        ],
        [
            "#16 two replicas: the operator's default budget keeps one serving through a drain",
            2,
            undefined,
            undefined,
            [],
        ],
        [
            "#14 one replica with a hand-made minAvailable 1: drains hang, and no claim that the operator makes one",
            1,
            undefined,
            { minAvailable: 1 },
            [
                "[infra-dragonfly-dragonfly] [DFLY-OPS-001 · score 6] Dragonfly dragonfly-system/dragonfly runs 1 data pod(s) (spec.replicas 1), so draining its node takes the cache down whatever a PodDisruptionBudget says; the risk profile keeps 2 of 3 available, so set spec.replicas: 3 and spec.pdb.minAvailable: 2.",
                "[extra-pdb] [DFLY-OPS-001 · score 6] PodDisruptionBudget dragonfly-system/dragonfly-pdb of Dragonfly dragonfly-system/dragonfly has minAvailable: 1 over 1 replica(s): the disruption controller keeps 1 healthy and allows 0 eviction(s), so node drains hang; run at least 3 replicas or remove the budget.",
            ],
        ],
    ];
    for (const [name, replicas, pdb, extra, expected] of TABLE) {
        it(name, async () => {
            const list = changed((n) => {
                n(CR).props.spec.replicas = replicas;
                n(CR).props.spec.pdb = pdb;
            });
            if (extra) {
                list.push(handMade(extra));
            }
            assert.deepStrictEqual(await stackViolationsOf(policy, list), expected);
        });
    }

    const OBSERVED = { "cluster-platform.io/operator-objects": "observed" };
    const operatorPdb = (spec: Record<string, unknown>) => ({
        type: "kubernetes:policy/v1:PodDisruptionBudget",
        name: "dragonfly-system/dragonfly",
        props: {
            metadata: {
                name: "dragonfly",
                namespace: "dragonfly-system",
                ownerReferences: [
                    {
                        apiVersion: "dragonflydb.io/v1alpha1",
                        kind: "Dragonfly",
                        name: "dragonfly",
                        uid: "u",
                        controller: true,
                    },
                ],
            },
            spec: {
                selector: {
                    matchLabels: {
                        app: "dragonfly",
                        "app.kubernetes.io/name": "dragonfly",
                        "app.kubernetes.io/part-of": "dragonfly",
                    },
                },
                ...spec,
            },
        },
    });

    it("#15 judges the operator's real PDB (owned by the CR) in place of the model, and names the CR as the fix", async () => {
        const list = changed((n) => (n(CR).props.metadata.annotations = OBSERVED));
        list.push(operatorPdb({ maxUnavailable: 0 }));
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            "[dragonfly-system/dragonfly] [DFLY-OPS-001 · score 6] the operator's PodDisruptionBudget dragonfly-system/dragonfly of Dragonfly dragonfly-system/dragonfly has maxUnavailable: 0 over 3 replica(s): the disruption controller keeps 3 healthy and allows 0 eviction(s), so node drains hang; set spec.pdb of the CR minAvailable to 2.",
        ]);
    });

    it("#16 takes the real PDB in place of the model without the annotation too (kubectl get output): no second budget", async () => {
        const list = dragonflyStack();
        list.push(operatorPdb({ minAvailable: 2 }));
        assert.deepStrictEqual(await stackViolationsOf(policy, list), []);
    });

    it("#17 a CR whose operator objects are observed, with no PDB on the cluster: nothing modelled, nothing judged here", async () => {
        const list = changed((n) => (n(CR).props.metadata.annotations = OBSERVED));
        assert.deepStrictEqual(await stackViolationsOf(policy, list), []);
    });
});

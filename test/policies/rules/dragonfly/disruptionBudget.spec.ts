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
        risks: ["DFLY-OPS-001", "DFLY-CP-B2", "DFLY-CP-B5"],
    });

    it("#1 passes the component's objects", () => {
        assert.deepStrictEqual(stackViolationsOf(policy, dragonflyStack()), []);
    });

    it("#2 reports minAvailable 1 with 3 replicas", () => {
        assert.deepStrictEqual(
            stackViolationsOf(
                policy,
                changed((n) => (n(CR).props.spec.pdb = { minAvailable: 1 })),
            ),
            [
                "[infra-dragonfly-dragonfly] [DFLY-OPS-001 · score 6] Dragonfly dragonfly-system/dragonfly sets spec.pdb.minAvailable 1 with 3 replicas, so a drain may take all but 1 pod(s) at once; set spec.pdb.minAvailable to 2.",
            ],
        );
    });

    it("#3 reports minAvailable equal to replicas (drains hang)", () => {
        assert.deepStrictEqual(
            stackViolationsOf(
                policy,
                changed((n) => (n(CR).props.spec.pdb = { minAvailable: 3 })),
            ),
            [
                "[infra-dragonfly-dragonfly] [DFLY-OPS-001 · score 6] Dragonfly dragonfly-system/dragonfly sets spec.pdb.minAvailable 3 with 3 replicas, so no pod can ever be evicted and node drains hang; set spec.pdb.minAvailable to 2.",
            ],
        );
    });

    it("#4 reports maxUnavailable 2", () => {
        assert.deepStrictEqual(
            stackViolationsOf(
                policy,
                changed((n) => (n(CR).props.spec.pdb = { maxUnavailable: 2 })),
            ),
            [
                "[infra-dragonfly-dragonfly] [DFLY-OPS-001 · score 6] Dragonfly dragonfly-system/dragonfly sets spec.pdb.maxUnavailable 2, so a drain may take 2 of 3 pods at once; set spec.pdb.minAvailable to 2 instead.",
            ],
        );
    });

    it("#5 reports a second, hand-made PDB on the data pods", () => {
        const list = dragonflyStack();
        list.push({
            type: "kubernetes:policy/v1:PodDisruptionBudget",
            name: "extra-pdb",
            props: {
                metadata: { name: "dragonfly-pdb", namespace: "dragonfly-system" },
                spec: { minAvailable: 2, selector: { matchLabels: { "app.kubernetes.io/name": "dragonfly" } } },
            },
        });
        assert.deepStrictEqual(stackViolationsOf(policy, list), [
            "[extra-pdb] [DFLY-CP-B2 · score 6] PodDisruptionBudget dragonfly-system/dragonfly-pdb also selects the pods of Dragonfly dragonfly-system/dragonfly; the operator already makes one from spec.pdb and eviction refuses pods covered by two PDBs, so delete it and set spec.pdb on the CR.",
        ]);
    });

    it("#6 reports the operator without its PDB", () => {
        assert.deepStrictEqual(stackViolationsOf(policy, without("infra-dragonflyOperator-pdb")), [
            "[infra-dragonflyOperator-release] [DFLY-CP-B5 · score 6] the dragonfly-operator release dragonfly-operator-system/dragonfly-operator has no PodDisruptionBudget (its chart has no template); add one in dragonfly-operator-system with minAvailable: 1 selecting app.kubernetes.io/name=dragonfly-operator.",
        ]);
    });

    it("#7 reports an operator PDB on labels the operator pods do not carry", () => {
        const list = changed(
            (n) =>
                (n("infra-dragonflyOperator-pdb").props.spec.selector = { matchLabels: { app: "dragonfly-operator" } }),
        );
        assert.strictEqual(stackViolationsOf(policy, list).length, 1);
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { stackPolicy } from "../../../../policies/lib/rule";
import { dragonflyOperatorDisruptionBudget } from "../../../../policies/rules/dragonfly/operatorDisruptionBudget";
import { describeCommon, stackViolationsOf } from "../../helpers";
import { changed, dragonflyStack, without } from "./stack";

const policy = stackPolicy(dragonflyOperatorDisruptionBudget) as StackValidationPolicy;

describe("policy cluster-platform-dragonfly-operator-disruption-budget", () => {
    describeCommon(policy, {
        name: "cluster-platform-dragonfly-operator-disruption-budget",
        enforcementLevel: "advisory",
        severity: "low",
        risks: ["DFLY-CP-B5"],
    });

    it("#1 passes the component's objects", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, dragonflyStack()), []);
    });

    it("#2 reports the operator without its PDB", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, without("infra-dragonflyOperator-pdb")), [
            "[infra-dragonflyOperator-release] [DFLY-CP-B5 · score 2] the dragonfly-operator release dragonfly-operator-system/dragonfly-operator has no PodDisruptionBudget (its chart has no template); add one in dragonfly-operator-system with minAvailable: 1 selecting app.kubernetes.io/name=dragonfly-operator.",
        ]);
    });

    it("#3 reports an operator PDB on labels the operator pods do not carry", async () => {
        const list = changed(
            (n) =>
                (n("infra-dragonflyOperator-pdb").props.spec.selector = { matchLabels: { app: "dragonfly-operator" } }),
        );
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            "[infra-dragonflyOperator-release] [DFLY-CP-B5 · score 2] the dragonfly-operator release dragonfly-operator-system/dragonfly-operator has no PodDisruptionBudget (its chart has no template); add one in dragonfly-operator-system with minAvailable: 1 selecting app.kubernetes.io/name=dragonfly-operator.",
        ]);
    });
    it("#4 reports an operator PDB with minAvailable 0", async () => {
        const list = changed((n) => (n("infra-dragonflyOperator-pdb").props.spec.minAvailable = 0));
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            "[infra-dragonflyOperator-pdb] [DFLY-CP-B5 · score 2] PodDisruptionBudget dragonfly-operator-system/dragonfly-operator of the dragonfly-operator has minAvailable 0; set minAvailable: 1.",
        ]);
    });
});

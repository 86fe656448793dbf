// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { stackPolicy } from "../../../../policies/lib/rule";
import { ciliumDependencyOrder } from "../../../../policies/rules/cilium/dependencyOrder";
import { describeCommon, stackViolationsOf } from "../../helpers";
import { ciliumStack } from "./release";

const find = (list: ReturnType<typeof ciliumStack>, n: string) => list.find((r) => r.name === n)!;

describe("policy cluster-platform-cilium-dependency-order", () => {
    const policy = stackPolicy(ciliumDependencyOrder) as StackValidationPolicy;
    describeCommon(policy, {
        name: "cluster-platform-cilium-dependency-order",
        enforcementLevel: "advisory",
        severity: "low",
        risks: ["CIL-TECH-004"],
    });
    it("#1 passes direct, transitive and inherited dependencies", () =>
        assert.deepStrictEqual(stackViolationsOf(policy, ciliumStack()), []));
    it("#2 reports a workload that does not wait for the CNI", () => {
        const list = ciliumStack();
        find(list, "infra-dragonfly-namespace").dependsOn = [];
        find(list, "infra-dragonfly").dependsOn = [];
        assert.deepStrictEqual(stackViolationsOf(policy, list), [
            "[infra-dragonfly-namespace] [CIL-TECH-004 · score 3] kubernetes:core/v1:Namespace infra-dragonfly-namespace does not wait for the Cilium release, so it can be created before the CNI is ready; make it (or its component) depend on the release.",
            "[infra-dragonfly-dashboard] [CIL-TECH-004 · score 3] kubernetes:core/v1:ConfigMap infra-dragonfly-dashboard does not wait for the Cilium release, so it can be created before the CNI is ready; make it (or its component) depend on the release.",
        ]);
    });
});

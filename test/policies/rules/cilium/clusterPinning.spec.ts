// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { stackPolicy } from "../../../../policies/lib/rule";
import { ciliumClusterPinning } from "../../../../policies/rules/cilium/clusterPinning";
import { describeCommon, stackViolationsOf } from "../../helpers";
import { ciliumStack } from "./release";

const find = (list: ReturnType<typeof ciliumStack>, n: string) => list.find((r) => r.name === n)!;

describe("policy cluster-platform-cilium-cluster-pinning", () => {
    const policy = stackPolicy(ciliumClusterPinning) as StackValidationPolicy;
    describeCommon(policy, {
        name: "cluster-platform-cilium-cluster-pinning",
        enforcementLevel: "mandatory",
        severity: "high",
        risks: ["CIL-TECH-002"],
    });
    it("#1 passes resources pinned to the cluster the values name", () =>
        assert.deepStrictEqual(stackViolationsOf(policy, ciliumStack()), []));
    it("#2 reports a provider pinned to another cluster's context", () => {
        const list = ciliumStack();
        find(list, "infra-dragonfly-dashboard").provider = {
            name: "wrong-k8s",
            props: { context: "apps", clusterIdentifier: "apps" },
        };
        assert.deepStrictEqual(stackViolationsOf(policy, list), [
            '[infra-dragonfly-dashboard] [CIL-TECH-002 · score 6] kubernetes:core/v1:ConfigMap infra-dragonfly-dashboard goes through provider wrong-k8s pinned to "apps" (context "apps") while this stack\'s Cilium values name cluster "infra"; pin the provider to that cluster\'s context.',
        ]);
    });
    it("#3 reports a resource on the default provider", () => {
        const list = ciliumStack();
        delete find(list, "infra-dragonfly-namespace").provider;
        assert.deepStrictEqual(stackViolationsOf(policy, list), [
            "[infra-dragonfly-namespace] [CIL-TECH-002 · score 6] kubernetes:core/v1:Namespace infra-dragonfly-namespace has no explicit provider and would use the default one, i.e. whatever kube context is current; pass the stack's provider.",
        ]);
    });
});

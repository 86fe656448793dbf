// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { stackPolicy } from "../../../../policies/lib/rule";
import { ciliumCrdOwnership } from "../../../../policies/rules/cilium/crdOwnership";
import { describeCommon, stackViolationsOf } from "../../helpers";
import { ciliumStack } from "./release";

const find = (list: ReturnType<typeof ciliumStack>, n: string) => list.find((r) => r.name === n)!;

describe("policy cluster-platform-cilium-crd-ownership", () => {
    const policy = stackPolicy(ciliumCrdOwnership) as StackValidationPolicy;
    describeCommon(policy, {
        name: "cluster-platform-cilium-crd-ownership",
        enforcementLevel: "advisory",
        severity: "medium",
        risks: ["CIL-TECH-005"],
    });
    it("#1 passes the chart as sole owner", () => assert.deepStrictEqual(stackViolationsOf(policy, ciliumStack()), []));
    it("#2 reports skipCrds and a CRD declared beside the chart", () => {
        const list = ciliumStack();
        find(list, "infra-cilium-release").props.skipCrds = true;
        list.push({
            type: "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition",
            name: "crd",
            props: { metadata: { name: "ciliumloadbalancerippools.cilium.io" }, spec: { group: "cilium.io" } },
        });
        assert.deepStrictEqual(stackViolationsOf(policy, list), [
            "[infra-cilium-release] [CIL-TECH-005 · score 4] the Cilium release sets skipCrds: true, so its CRDs would need a second owner; remove skipCrds.",
            "[crd] [CIL-TECH-005 · score 4] CustomResourceDefinition ciliumloadbalancerippools.cilium.io is declared outside the Cilium chart, which also owns it; remove it.",
        ]);
    });
});

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
    it("#1 passes the chart as sole owner", async () =>
        assert.deepStrictEqual(await stackViolationsOf(policy, ciliumStack()), []));
    const crd = (name: string, group: string) => ({
        type: "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition",
        name: "crd",
        props: { metadata: { name }, spec: { group } },
    });
    it("#2 no longer blames skipCrds: the chart ships no Cilium CRD", async () => {
        const list = ciliumStack();
        find(list, "infra-cilium-release").props.skipCrds = true;
        assert.deepStrictEqual(await stackViolationsOf(policy, list), []);
    });
    it("#3 reports a cilium.io CRD declared beside cilium-operator's own registration", async () => {
        const list = ciliumStack();
        list.push(crd("ciliumloadbalancerippools.cilium.io", "cilium.io"));
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            "[crd] [CIL-TECH-005 · score 4] CustomResourceDefinition ciliumloadbalancerippools.cilium.io is declared in the stack, but cilium-operator registers and updates the cilium.io CRDs itself, so it would have two owners; remove it.",
        ]);
        find(list, "infra-cilium-release").props.values.operator.skipCRDCreation = true;
        assert.deepStrictEqual(await stackViolationsOf(policy, list), []);
    });
    it("#4 reports operator.skipCRDCreation with no cilium.io CRD declared", async () => {
        const list = ciliumStack();
        find(list, "infra-cilium-release").props.values.operator.skipCRDCreation = true;
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            "[infra-cilium-release] [CIL-TECH-005 · score 4] the Cilium release sets operator.skipCRDCreation: true and the stack declares no cilium.io CRD, so no one registers Cilium's CRDs (the chart ships none); remove operator.skipCRDCreation.",
        ]);
    });
    it("#5 reports Gateway API CRDs declared beside the bootstrap install when Cilium's gatewayAPI is on", async () => {
        const list = ciliumStack();
        list.push(crd("gateways.gateway.networking.k8s.io", "gateway.networking.k8s.io"));
        find(list, "infra-cilium-release").props.values.gatewayAPI = { enabled: false };
        assert.deepStrictEqual(await stackViolationsOf(policy, list), []);
        find(list, "infra-cilium-release").props.values.gatewayAPI = { enabled: true };
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            "[crd] [CIL-TECH-005 · score 4] CustomResourceDefinition gateways.gateway.networking.k8s.io is declared in the stack, but the Gateway API CRDs Cilium's gatewayAPI relies on are installed at bootstrap (risk profile Phase 0); keep one owner: remove it, or adopt the bootstrap copy with the import option.",
        ]);
    });
});

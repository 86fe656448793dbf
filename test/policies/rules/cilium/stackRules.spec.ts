// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { stackPolicy } from "../../../../policies/lib/rule";
import {
    ciliumClusterMeshAddress,
    ciliumClusterPinning,
    ciliumCrdOwnership,
    ciliumDependencyOrder,
} from "../../../../policies/rules";
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

describe("policy cluster-platform-cilium-clustermesh-address", () => {
    const policy = stackPolicy(ciliumClusterMeshAddress) as StackValidationPolicy;
    describeCommon(policy, {
        name: "cluster-platform-cilium-clustermesh-address",
        enforcementLevel: "advisory",
        severity: "low",
        risks: ["CIL-TECH-011"],
    });
    it("#1 passes an address inside the pool", () =>
        assert.deepStrictEqual(stackViolationsOf(policy, ciliumStack()), []));
    it("#2 reports the upstream apps defect: an address outside the pool", () => {
        const list = ciliumStack();
        find(list, "infra-cilium-release").props.values.clustermesh.apiserver.service.annotations[
            "io.cilium/lb-ipam-ips"
        ] = "10.25.11.140";
        assert.deepStrictEqual(stackViolationsOf(policy, list), [
            "[infra-cilium-release] [CIL-TECH-011 · score 2] the ClusterMesh API server address 10.25.11.140 is outside every enabled CiliumLoadBalancerIPPool of this stack (10.25.11.100-10.25.11.119); LB-IPAM will never assign it, so pick an address from this cluster's pool.",
        ]);
    });
});

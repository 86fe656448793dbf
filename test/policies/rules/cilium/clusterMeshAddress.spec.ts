// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { stackPolicy } from "../../../../policies/lib/rule";
import { ciliumClusterMeshAddress } from "../../../../policies/rules/cilium/clusterMeshAddress";
import { describeCommon, stackViolationsOf } from "../../helpers";
import { ciliumStack } from "./release";

const find = (list: ReturnType<typeof ciliumStack>, n: string) => list.find((r) => r.name === n)!;

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

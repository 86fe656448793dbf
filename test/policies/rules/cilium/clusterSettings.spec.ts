// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { ciliumClusterSettings } from "../../../../policies/rules/cilium/clusterSettings";
import { describeCommon, mutate, violationsOf } from "../../helpers";
import { release } from "./release";

const REL = "kubernetes:helm.sh/v3:Release";
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const run = async (p: ResourceValidationPolicy, change: (r: Obj) => void) =>
    await violationsOf(p, { type: REL, props: mutate(release(), change) });

describe("policy cluster-platform-cilium-cluster-settings", () => {
    const policy = resourcePolicy(ciliumClusterSettings) as ResourceValidationPolicy;
    describeCommon(policy, {
        name: "cluster-platform-cilium-cluster-settings",
        enforcementLevel: "advisory",
        severity: "low",
        risks: ["CIL-TECH-003", "CIL-TECH-010"],
    });
    it("#1 passes the real values", async () => assert.deepStrictEqual(await run(policy, () => undefined), []));
    it("#2 reports an unresolved substitution", async () => {
        assert.deepStrictEqual(await run(policy, (r) => (r.values.ipv4NativeRoutingCIDR = "${POD_CIDR_STRING}")), [
            '[CIL-TECH-003 · score 3] Cilium value ipv4NativeRoutingCIDR is "${POD_CIDR_STRING}", an unresolved substitution; write the real value.',
        ]);
    });
    it("#3 reports a missing API server port and a bad cluster id (the apps defect)", async () => {
        assert.deepStrictEqual(
            await run(policy, (r) => {
                delete r.values.k8sServicePort;
                r.values.cluster.id = 0;
            }),
            [
                "[CIL-TECH-010 · score 3] Cilium values lack cluster.id (1–255), k8sServicePort; kube-proxy replacement and ClusterMesh need them, so set them from the stack's settings.",
            ],
        );
    });
});

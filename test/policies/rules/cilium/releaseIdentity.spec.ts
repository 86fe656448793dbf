// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { ciliumReleaseIdentity } from "../../../../policies/rules/cilium/releaseIdentity";
import { describeCommon, mutate, violationsOf } from "../../helpers";
import { release } from "./release";

const REL = "kubernetes:helm.sh/v3:Release";
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const run = async (p: ResourceValidationPolicy, change: (r: Obj) => void) =>
    await violationsOf(p, { type: REL, props: mutate(release(), change) });

describe("policy cluster-platform-cilium-release-identity", () => {
    const policy = resourcePolicy(ciliumReleaseIdentity) as ResourceValidationPolicy;
    describeCommon(policy, {
        name: "cluster-platform-cilium-release-identity",
        enforcementLevel: "mandatory",
        severity: "high",
        risks: ["CIL-TECH-001"],
    });
    it("#1 passes kube-system/cilium", async () => assert.deepStrictEqual(await run(policy, () => undefined), []));
    it("#2 reports a second release under another name", async () => {
        assert.deepStrictEqual(await run(policy, (r) => (r.name = "cilium-gitops")), [
            "[CIL-TECH-001 · score 6] the Cilium release is kube-system/cilium-gitops, not the bootstrap release kube-system/cilium, so it would install a second CNI and restart every pod's networking; set name: cilium and namespace: kube-system and adopt it with import.",
        ]);
    });
});

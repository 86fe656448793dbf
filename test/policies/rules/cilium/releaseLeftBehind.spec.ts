// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { ciliumReleaseLeftBehind } from "../../../../policies/rules/cilium/releaseLeftBehind";
import { describeCommon, mutate, violationsOf } from "../../helpers";
import { release } from "./release";

const REL = "kubernetes:helm.sh/v3:Release";
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const run = async (p: ResourceValidationPolicy, change: (r: Obj) => void) =>
    await violationsOf(p, { type: REL, props: mutate(release(), change) });

describe("policy cluster-platform-cilium-release-left-behind", () => {
    const policy = resourcePolicy(ciliumReleaseLeftBehind) as ResourceValidationPolicy;
    describeCommon(policy, {
        name: "cluster-platform-cilium-release-left-behind",
        enforcementLevel: "advisory",
        severity: "low",
        risks: ["CIL-OPS-003"],
    });
    it("#1 passes kube-system/cilium", async () => assert.deepStrictEqual(await run(policy, () => undefined), []));
    it("#2 reports the bootstrap release left behind when the managed one has another name", async () => {
        assert.deepStrictEqual(await run(policy, (r) => (r.name = "cilium-gitops")), [
            "[CIL-OPS-003 · score 2] the managed Cilium release is kube-system/cilium-gitops, so the bootstrap release kube-system/cilium stays behind unmanaged beside it after the handover; declare the release as kube-system/cilium and adopt it with import.",
        ]);
    });
    it("#3 reports one in another namespace, and ignores releases of other charts", async () => {
        assert.deepStrictEqual(await run(policy, (r) => (r.namespace = "cilium-system")), [
            "[CIL-OPS-003 · score 2] the managed Cilium release is cilium-system/cilium, so the bootstrap release kube-system/cilium stays behind unmanaged beside it after the handover; declare the release as kube-system/cilium and adopt it with import.",
        ]);
        assert.deepStrictEqual(
            await run(policy, (r) => {
                r.chart = "cert-manager";
                r.name = "cert-manager";
            }),
            [],
        );
    });
});

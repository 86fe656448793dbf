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
        enforcementLevel: "mandatory",
        severity: "low",
        risks: ["CIL-TECH-010"],
    });
    it("#1 passes the real values", async () => assert.deepStrictEqual(await run(policy, () => undefined), []));
    it("#2 is mandatory although TECH-010 scores 3: the profile lists it under its blockers", () => {
        assert.strictEqual(policy.enforcementLevel, "mandatory");
    });
    it("#4 reports a port that is null, an array or out of range, and accepts a numeric string", async () => {
        const msg =
            "[CIL-TECH-010 · score 3] Cilium values lack k8sServicePort (1–65535); kube-proxy replacement and ClusterMesh need them, so set them from the stack's settings.";
        for (const port of [null, [6443], 70000, "64x"]) {
            assert.deepStrictEqual(await run(policy, (r) => (r.values.k8sServicePort = port)), [msg], String(port));
        }
        assert.deepStrictEqual(await run(policy, (r) => (r.values.k8sServicePort = "6443")), []);
    });
    it("#3 reports a missing API server port and a bad cluster id (the apps defect)", async () => {
        assert.deepStrictEqual(
            await run(policy, (r) => {
                delete r.values.k8sServicePort;
                r.values.cluster.id = 0;
            }),
            [
                "[CIL-TECH-010 · score 3] Cilium values lack cluster.id (1–255), k8sServicePort (1–65535); kube-proxy replacement and ClusterMesh need them, so set them from the stack's settings.",
            ],
        );
    });
});

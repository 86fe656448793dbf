// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { ciliumReleaseTimeout } from "../../../../policies/rules/cilium/releaseTimeout";
import { describeCommon, mutate, violationsOf } from "../../helpers";
import { release } from "./release";

const REL = "kubernetes:helm.sh/v3:Release";
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const run = async (p: ResourceValidationPolicy, change: (r: Obj) => void) =>
    await violationsOf(p, { type: REL, props: mutate(release(), change) });

describe("policy cluster-platform-cilium-release-timeout", () => {
    const policy = resourcePolicy(ciliumReleaseTimeout) as ResourceValidationPolicy;
    describeCommon(policy, {
        name: "cluster-platform-cilium-release-timeout",
        enforcementLevel: "advisory",
        severity: "low",
        risks: ["CIL-PERF-002"],
    });
    it("#1 passes 900 s", async () => assert.deepStrictEqual(await run(policy, () => undefined), []));
    it("#2 reports the Helm default", async () => {
        assert.deepStrictEqual(await run(policy, (r) => delete r.timeout), [
            "[CIL-PERF-002 · score 2] the Cilium release waits 300 seconds for the DaemonSet and operator to roll out; set timeout to at least 600.",
        ]);
    });
});

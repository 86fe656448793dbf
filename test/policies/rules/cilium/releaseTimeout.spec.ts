// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { ciliumReleaseTimeout } from "../../../../policies/rules/cilium/releaseTimeout";
import { describeCommon, mutate, violationsOf } from "../../helpers";
import { fluxRelease, release } from "./release";

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

    /** [case, change to the HelmRelease, exact violations]: Flux's timeout is a Go duration, per action. */
    const FLUX: [string, (hr: Obj) => void, string[]][] = [
        ["#3 Flux spec.timeout 15m: compliant", () => undefined, []],
        ["#4 Flux 1h30m: compliant", (hr) => (hr.spec.timeout = "1h30m"), []],
        [
            "#5 Flux default 5m when spec.timeout is unset",
            (hr) => delete hr.spec.timeout,
            [
                "[CIL-PERF-002 · score 2] Cilium HelmRelease kube-system/cilium waits 300 seconds (spec.timeout unset, Flux's default 5m) for the install and upgrade to roll out the DaemonSet and operator; set spec.timeout to at least 10m.",
            ],
        ],
        [
            "#6 a shorter spec.upgrade.timeout overrides spec.timeout for the upgrade",
            (hr) => (hr.spec.upgrade.timeout = "4m30s"),
            [
                "[CIL-PERF-002 · score 2] Cilium HelmRelease kube-system/cilium waits 270 seconds (spec.upgrade.timeout 4m30s) for the upgrade to roll out the DaemonSet and operator; set spec.upgrade.timeout to at least 10m.",
            ],
        ],
        [
            "#7 a number of seconds is not a Flux duration",
            (hr) => (hr.spec.timeout = 900),
            [
                '[CIL-PERF-002 · score 2] Cilium HelmRelease kube-system/cilium sets spec.timeout "900", which is not a duration Flux accepts; set it to a Go duration of at least 10m, such as 15m.',
            ],
        ],
    ];
    for (const [name, change, expected] of FLUX) {
        it(name, async () =>
            assert.deepStrictEqual(await violationsOf(policy, { type: REL, props: fluxRelease(change) }), expected),
        );
    }
});

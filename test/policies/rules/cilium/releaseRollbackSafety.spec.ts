// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { ciliumRollbackSafety } from "../../../../policies/rules/cilium/releaseRollbackSafety";
import { ciliumRelease } from "../../fixtures";
import { fluxRelease } from "./release";
import { describeCommon, mutate, UNKNOWN, violationsOf } from "../../helpers";

const policy = resourcePolicy(ciliumRollbackSafety) as ResourceValidationPolicy;
const REL = "kubernetes:helm.sh/v3:Release";
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const protect = { protect: true };

describe("policy cluster-platform-cilium-release-rollback-safety", () => {
    describeCommon(policy, {
        name: "cluster-platform-cilium-release-rollback-safety",
        enforcementLevel: "mandatory",
        severity: "high",
        risks: ["CIL-OPS-001"],
    });

    it("#1 passes an atomic, protected Cilium release and ignores other charts", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { type: REL, props: ciliumRelease(), opts: protect }), []);
        assert.deepStrictEqual(await violationsOf(policy, { type: REL, props: { name: "x", chart: "nginx" } }), []);
    });

    it("#2 reports a release that neither rolls back nor cleans up", async () => {
        const props = mutate(ciliumRelease() as Obj, (r) => {
            delete r.atomic;
            r.cleanupOnFail = false;
        });
        assert.deepStrictEqual(await violationsOf(policy, { type: REL, props, opts: protect }), [
            "[CIL-OPS-001 · score 6] Cilium release cilium neither rolls back nor cleans up on a failed upgrade (atomic null, cleanupOnFail false); set atomic: true.",
        ]);
    });

    it("#3 reports history too short to roll back", async () => {
        const props = mutate(ciliumRelease() as Obj, (r) => (r.maxHistory = 1));
        assert.deepStrictEqual(await violationsOf(policy, { type: REL, props, opts: protect }), [
            "[CIL-OPS-001 · score 6] Cilium release cilium keeps maxHistory 1, leaving no previous revision to roll back to; set maxHistory to at least 2 (or leave it unset).",
        ]);
    });

    it("#4 leaves protection to cluster-platform-cilium-release-protected", async () => {
        assert.deepStrictEqual(
            await violationsOf(policy, { type: REL, props: ciliumRelease(), opts: { protect: false } }),
            [],
        );
    });

    it("#5 fails closed when a needed value is unknown at preview (the SDK's own unknown sentinel)", async () => {
        const props = mutate(ciliumRelease() as Obj, (r) => (r.chart = UNKNOWN));
        assert.deepStrictEqual(await violationsOf(policy, { type: REL, props, opts: protect }), [
            "[CIL-OPS-001 · score 6] cannot prove this during preview: string value at .chart can't be known during preview; the rule needs this value to decide, so the finding blocks until it is known (declare it as a plain value, or preview again after the dependency exists)",
        ]);
    });

    /** [case, change to the HelmRelease, exact violations]: helm-controller's UpgradeRemediation semantics. */
    const FLUX: [string, (hr: Obj) => void, string[]][] = [
        [
            "#10 Flux: upgrade remediation with retries rolls back (strategy rollback is the default)",
            () => undefined,
            [],
        ],
        [
            "#11 Flux: the issue's release, strategy rollback with cleanupOnFail and 15m, is not told to set atomic",
            (hr) => {
                hr.spec.upgrade = { cleanupOnFail: true, remediation: { strategy: "rollback" } };
            },
            [],
        ],
        [
            "#12 Flux: remediateLastFailure rolls back without retries",
            (hr) => (hr.spec.upgrade = { remediation: { remediateLastFailure: true } }),
            [],
        ],
        [
            "#13 Flux: strategy rollback alone does nothing with retries 0 (remediateLastFailure defaults to retries > 0)",
            (hr) => (hr.spec.upgrade = { remediation: { strategy: "rollback" } }),
            [
                "[CIL-OPS-001 · score 6] Cilium HelmRelease kube-system/cilium neither rolls back nor cleans up on a failed upgrade (spec.upgrade.remediation retries 0 and remediateLastFailure false leave a failed upgrade in place; spec.upgrade.cleanupOnFail false); set spec.upgrade.remediation {retries: 3, strategy: rollback} or spec.upgrade.cleanupOnFail: true.",
            ],
        ],
        [
            "#14 Flux: RetryOnFailure retries without remediating",
            (hr) => (hr.spec.upgrade.strategy = { name: "RetryOnFailure", retryInterval: "5m" }),
            [
                "[CIL-OPS-001 · score 6] Cilium HelmRelease kube-system/cilium neither rolls back nor cleans up on a failed upgrade (spec.upgrade.strategy.name RetryOnFailure retries without remediating; spec.upgrade.cleanupOnFail false); set spec.upgrade.remediation {retries: 3, strategy: rollback} or spec.upgrade.cleanupOnFail: true.",
            ],
        ],
        [
            "#15 Flux: remediation by uninstall removes the CNI, even with cleanupOnFail",
            (hr) => (hr.spec.upgrade = { cleanupOnFail: true, remediation: { retries: 3, strategy: "uninstall" } }),
            [
                "[CIL-OPS-001 · score 6] Cilium HelmRelease kube-system/cilium remediates a failed upgrade by uninstalling the release (spec.upgrade.remediation.strategy uninstall), which removes the CNI from every node; set spec.upgrade.remediation.strategy: rollback.",
            ],
        ],
        [
            "#16 Flux: maxHistory 1 leaves nothing to roll back to (unset is Flux's 5)",
            (hr) => (hr.spec.maxHistory = 1),
            [
                "[CIL-OPS-001 · score 6] Cilium HelmRelease kube-system/cilium keeps spec.maxHistory 1, leaving no previous revision to roll back to; set spec.maxHistory to at least 2 (or leave it unset: Flux keeps 5).",
            ],
        ],
    ];
    for (const [name, change, expected] of FLUX) {
        it(name, async () =>
            assert.deepStrictEqual(await violationsOf(policy, { type: REL, props: fluxRelease(change) }), expected),
        );
    }
});

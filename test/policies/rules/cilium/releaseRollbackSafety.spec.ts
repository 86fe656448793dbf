// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { ciliumRollbackSafety } from "../../../../policies/rules/cilium/releaseRollbackSafety";
import { ciliumRelease } from "../../fixtures";
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
});

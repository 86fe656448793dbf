// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { ciliumReleaseProtected } from "../../../../policies/rules/cilium/releaseProtected";
import { GRAPH_ONLY_POLICIES } from "../../../../scripts/check";
import { ciliumRelease } from "../../fixtures";
import { describeCommon, violationsOf } from "../../helpers";

const policy = resourcePolicy(ciliumReleaseProtected) as ResourceValidationPolicy;
const REL = "kubernetes:helm.sh/v3:Release";

describe("policy cluster-platform-cilium-release-protected", () => {
    describeCommon(policy, {
        name: "cluster-platform-cilium-release-protected",
        enforcementLevel: "mandatory",
        severity: "high",
        risks: ["CIL-OPS-001"],
    });

    it("#1 passes a protected Cilium release and ignores other charts", async () => {
        assert.deepStrictEqual(
            await violationsOf(policy, { type: REL, props: ciliumRelease(), opts: { protect: true } }),
            [],
        );
        assert.deepStrictEqual(
            await violationsOf(policy, {
                type: REL,
                props: { ...ciliumRelease(), chart: "dagster" },
                opts: { protect: false },
            }),
            [],
        );
    });

    it("#2 reports an unprotected release", async () => {
        assert.deepStrictEqual(
            await violationsOf(policy, { type: REL, props: ciliumRelease(), opts: { protect: false } }),
            [
                "[CIL-OPS-001 · score 6] Cilium release cilium is not protected, so a stack change or destroy could uninstall the CNI; declare it with the resource option protect: true.",
            ],
        );
    });

    it("#3 is off in manifest mode, where YAML cannot carry protect", async () => {
        assert.ok(GRAPH_ONLY_POLICIES.includes("cluster-platform-cilium-release-protected"));
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { ciliumChartSource } from "../../../../policies/rules/cilium/chartSource";
import { describeCommon, mutate, violationsOf } from "../../helpers";
import { release } from "./release";

const REL = "kubernetes:helm.sh/v3:Release";
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const run = async (p: ResourceValidationPolicy, change: (r: Obj) => void) =>
    await violationsOf(p, { type: REL, props: mutate(release(), change) });

describe("policy cluster-platform-cilium-chart-source", () => {
    const policy = resourcePolicy(ciliumChartSource) as ResourceValidationPolicy;
    describeCommon(policy, {
        name: "cluster-platform-cilium-chart-source",
        enforcementLevel: "advisory",
        severity: "low",
        risks: ["CIL-TECH-006"],
    });
    it("#1 passes the official repository and OCI registry", async () => {
        assert.deepStrictEqual(await run(policy, () => undefined), []);
        assert.deepStrictEqual(
            await run(policy, (r) => {
                r.chart = "oci://quay.io/cilium/charts/cilium";
                delete r.repositoryOpts;
            }),
            [],
        );
    });
    it("#2 reports a mirror", async () => {
        assert.deepStrictEqual(
            await run(policy, (r) => (r.chart = "oci://ghcr.io/home-operations/charts-mirror/cilium")),
            [
                '[CIL-TECH-006 · score 3] the Cilium chart comes from "oci://ghcr.io/home-operations/charts-mirror/cilium", not an official source; set repositoryOpts.repo to https://helm.cilium.io.',
            ],
        );
    });
});

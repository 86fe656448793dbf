// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { ciliumChartSource } from "../../../../policies/rules/cilium/chartSource";
import { describeCommon, mutate, violationsOf } from "../../helpers";
import { fluxRelease, release } from "./release";

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
    it("#3 reads a Flux HelmRelease's source as Flux does: its HelmRepository's spec.url", async () => {
        const flux = async (url: string | null) =>
            await violationsOf(policy, { type: REL, props: fluxRelease(undefined, url) });
        assert.deepStrictEqual(await flux("https://helm.cilium.io/"), []);
        assert.deepStrictEqual(await flux("https://charts.example.com/mirror"), [
            '[CIL-TECH-006 · score 3] the Cilium chart comes from "https://charts.example.com/mirror" (spec.url of HelmRepository kube-system/cilium), not an official source; set that spec.url to https://helm.cilium.io.',
        ]);
        assert.deepStrictEqual(await flux(null), [
            "[CIL-TECH-006 · score 3] the Cilium chart comes from HelmRepository kube-system/cilium (spec.chart.spec.sourceRef), which is not in the input, so its source is unknown; judge the HelmRelease with that object, whose spec.url should be https://helm.cilium.io.",
        ]);
    });
});

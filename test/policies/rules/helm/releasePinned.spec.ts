// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { helmReleasePinned } from "../../../../policies/rules/helm/releasePinned";
import { ciliumRelease } from "../../fixtures";
import { fluxRelease } from "../cilium/release";
import { describeCommon, mutate, violationsOf } from "../../helpers";

const policy = resourcePolicy(helmReleasePinned) as ResourceValidationPolicy;
const REL = "kubernetes:helm.sh/v3:Release";
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const operator = () => ({
    name: "dragonfly-operator",
    chart: "oci://ghcr.io/dragonflydb/dragonfly-operator/helm/dragonfly-operator",
    version: "v1.6.1",
});

describe("policy cluster-platform-helm-release-pinned", () => {
    describeCommon(policy, {
        name: "cluster-platform-helm-release-pinned",
        enforcementLevel: "advisory",
        severity: "medium",
        risks: ["HYG-HELM-001", "DFLY-TECH-002", "DFLY-VR-03.3"],
    });

    it("#1 passes an exact version from a repository and an OCI chart with a v-prefixed version", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { type: REL, props: ciliumRelease() }), []);
        assert.deepStrictEqual(await violationsOf(policy, { type: REL, props: operator() }), []);
    });

    it("#2 reports a version range", async () => {
        const props = mutate(ciliumRelease() as Obj, (r) => (r.version = "~1.18.0"));
        assert.deepStrictEqual(await violationsOf(policy, { type: REL, props }), [
            '[HYG-HELM-001 · score 4] Helm release cilium (chart cilium) has version "~1.18.0"; set version to an exact chart version such as 1.2.3.',
        ]);
    });

    it("#3 reports a missing repository", async () => {
        const props = mutate(ciliumRelease() as Obj, (r) => delete r.repositoryOpts);
        assert.deepStrictEqual(await violationsOf(policy, { type: REL, props }), [
            "[HYG-HELM-001 · score 4] Helm release cilium (chart cilium) names no repository; set repositoryOpts.repo (or use an oci:// chart reference) so the chart's source is explicit.",
        ]);
    });

    it("#4 files an unpinned operator chart under DFLY-TECH-002 and the validation report item", async () => {
        const props = mutate(operator() as Obj, (r) => delete r.version);
        assert.deepStrictEqual(await violationsOf(policy, { type: REL, props }), [
            "[DFLY-TECH-002 · score 4] Helm release dragonfly-operator (chart oci://ghcr.io/dragonflydb/dragonfly-operator/helm/dragonfly-operator) has version null; set version to an exact chart version such as 1.2.3.",
            "[DFLY-VR-03.3 · score 4] Helm release dragonfly-operator (chart oci://ghcr.io/dragonflydb/dragonfly-operator/helm/dragonfly-operator) has version null; set version to an exact chart version such as 1.2.3.",
        ]);
    });

    it("#5 files an unpinned floe chart (Dagster, CloudNativePG) under FLOE-R-6", async () => {
        const props = mutate(ciliumRelease() as Obj, (r) => {
            r.chart = "dagster";
            r.name = "dagster";
            r.version = "1.x";
        });
        assert.deepStrictEqual(await violationsOf(policy, { type: REL, props }), [
            '[FLOE-R-6 · score 4] Helm release dagster (chart dagster) has version "1.x"; set version to an exact chart version such as 1.2.3.',
        ]);
    });
    it("#6 names the Flux fields of a HelmRelease: spec.chart.spec.version and its HelmRepository's spec.url", async () => {
        const flux = async (change: (hr: Obj) => void, url: string | null) =>
            await violationsOf(policy, { type: REL, props: fluxRelease(change, url) });
        assert.deepStrictEqual(await flux(() => undefined, "https://helm.cilium.io/"), []);
        assert.deepStrictEqual(await flux((hr) => (hr.spec.chart.spec.version = "1.18.x"), null), [
            '[HYG-HELM-001 · score 4] Helm release cilium (chart cilium) has version "1.18.x"; set spec.chart.spec.version to an exact chart version such as 1.2.3.',
            "[HYG-HELM-001 · score 4] Helm release cilium (chart cilium) comes from HelmRepository kube-system/cilium (spec.chart.spec.sourceRef), which is not in the input, so its repository is unknown; judge the HelmRelease with that object.",
        ]);
        assert.deepStrictEqual(await flux(() => undefined, ""), [
            "[HYG-HELM-001 · score 4] Helm release cilium (chart cilium) comes from HelmRepository kube-system/cilium, which has no spec.url; set it so the chart's source is explicit.",
        ]);
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { ciliumReleaseIdentity } from "../../../../policies/rules/cilium/releaseIdentity";
import { describeCommon, mutate, violationsOf } from "../../helpers";
import { fluxRelease, release } from "./release";

const REL = "kubernetes:helm.sh/v3:Release";
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const run = async (p: ResourceValidationPolicy, change: (r: Obj) => void) =>
    await violationsOf(p, { type: REL, props: mutate(release(), change) });

describe("policy cluster-platform-cilium-release-identity", () => {
    const policy = resourcePolicy(ciliumReleaseIdentity) as ResourceValidationPolicy;
    describeCommon(policy, {
        name: "cluster-platform-cilium-release-identity",
        enforcementLevel: "mandatory",
        severity: "high",
        risks: ["CIL-TECH-001"],
    });
    it("#1 passes kube-system/cilium", async () => assert.deepStrictEqual(await run(policy, () => undefined), []));
    it("#2 reports a second release under another name", async () => {
        assert.deepStrictEqual(await run(policy, (r) => (r.name = "cilium-gitops")), [
            "[CIL-TECH-001 · score 6] the Cilium release is kube-system/cilium-gitops, not the bootstrap release kube-system/cilium, so it would install a second CNI and restart every pod's networking; set name: cilium and namespace: kube-system and adopt it with import.",
        ]);
    });

    const DRIFT =
        "[CIL-TECH-001 · score 6] Cilium HelmRelease kube-system/cilium has spec.driftDetection.mode disabled, so Flux does not correct the adopted release's objects back to the chart (the Cilium profile's adoption step is drift detection enabled); set spec.driftDetection.mode: enabled.";
    /** [case, change to the HelmRelease, exact violations]: the release helm-controller makes and adopts. */
    const FLUX: [string, (hr: Obj) => void, string[]][] = [
        ["#3 Flux: kube-system/cilium with drift detection enabled", () => undefined, []],
        [
            "#4 Flux: in flux-system with targetNamespace, the release is named kube-system-cilium and stored in flux-system",
            (hr) => {
                hr.metadata.namespace = "flux-system";
                hr.spec.targetNamespace = "kube-system";
            },
            [
                "[CIL-TECH-001 · score 6] Cilium HelmRelease flux-system/cilium makes the Helm release kube-system/kube-system-cilium (spec.releaseName, else [spec.targetNamespace-]metadata.name), not the bootstrap release kube-system/cilium, so Flux would install a second CNI and restart every pod's networking; set spec.releaseName: cilium and spec.targetNamespace: kube-system.",
                "[CIL-TECH-001 · score 6] Cilium HelmRelease flux-system/cilium keeps its Helm history in flux-system (spec.storageNamespace, default the HelmRelease's namespace), where the bootstrap release's history is not, so Flux installs Cilium anew instead of adopting it; set spec.storageNamespace: kube-system.",
            ],
        ],
        [
            "#5 Flux: from flux-system with releaseName, targetNamespace and storageNamespace it adopts kube-system/cilium",
            (hr) => {
                hr.metadata.namespace = "flux-system";
                Object.assign(hr.spec, {
                    releaseName: "cilium",
                    targetNamespace: "kube-system",
                    storageNamespace: "kube-system",
                });
            },
            [],
        ],
        ["#6 Flux: drift detection unset", (hr) => delete hr.spec.driftDetection, [DRIFT]],
        [
            "#7 Flux: warn only detects; and the profile's annotation on the HelmRelease does not enable it",
            (hr) => {
                hr.spec.driftDetection.mode = "warn";
                hr.metadata.annotations = { "helm.toolkit.fluxcd.io/driftDetection": "enabled" };
            },
            [
                "[CIL-TECH-001 · score 6] Cilium HelmRelease kube-system/cilium has spec.driftDetection.mode warn, so Flux does not correct the adopted release's objects back to the chart (the Cilium profile's adoption step is drift detection enabled); set spec.driftDetection.mode: enabled. The annotation helm.toolkit.fluxcd.io/driftDetection: enabled on the HelmRelease does not enable it: Flux reads that annotation only on the objects the chart renders, to exclude them.",
            ],
        ],
    ];
    for (const [name, change, expected] of FLUX) {
        it(name, async () =>
            assert.deepStrictEqual(await violationsOf(policy, { type: REL, props: fluxRelease(change) }), expected),
        );
    }
});

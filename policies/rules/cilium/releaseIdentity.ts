// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { ResourceRule } from "../../lib/rule";
import { BOOTSTRAP_RELEASE, otherCiliumRelease } from "../../lib/cilium";
import { isReleaseOf } from "../../lib/kube";
import { FLUX_DRIFT_ANNOTATION, fluxOf, FluxSettings } from "../../lib/exposure/flux";

/** The findings for a Flux HelmRelease of Cilium: the release it adopts, and the profile's adoption setting. */
function fluxIdentityFindings(flux: FluxSettings, name: string, namespace: string): string[] {
    const out: string[] = [];
    if (name !== BOOTSTRAP_RELEASE.name || namespace !== BOOTSTRAP_RELEASE.namespace) {
        out.push(
            `Cilium ${flux.object} makes the Helm release ${namespace}/${name} (spec.releaseName, else [spec.targetNamespace-]metadata.name), not the bootstrap release kube-system/cilium, so Flux would install a second CNI and restart every pod's networking; set spec.releaseName: cilium and spec.targetNamespace: kube-system.`,
        );
    }
    if (flux.storageNamespace !== BOOTSTRAP_RELEASE.namespace) {
        out.push(
            `Cilium ${flux.object} keeps its Helm history in ${flux.storageNamespace} (spec.storageNamespace, default the HelmRelease's namespace), where the bootstrap release's history is not, so Flux installs Cilium anew instead of adopting it; set spec.storageNamespace: kube-system.`,
        );
    }
    if (flux.driftDetection !== "enabled") {
        const annotation =
            flux.driftAnnotation !== null
                ? ` The annotation ${FLUX_DRIFT_ANNOTATION}: ${flux.driftAnnotation} on the HelmRelease does not enable it: Flux reads that annotation only on the objects the chart renders, to exclude them.`
                : "";
        out.push(
            `Cilium ${flux.object} has spec.driftDetection.mode ${flux.driftDetection}, so Flux does not correct the adopted release's objects back to the chart (the Cilium profile's adoption step is drift detection enabled); set spec.driftDetection.mode: enabled.${annotation}`,
        );
    }
    return out;
}

/**
 * Checks that the Cilium release is the bootstrap release itself (kube-system/cilium), so adoption
 * never installs a second CNI; a Flux HelmRelease must also keep its Helm history in kube-system and
 * enable drift detection, the Cilium profile's adoption setting for Flux.
 */
export const ciliumReleaseIdentity: ResourceRule = {
    name: "cluster-platform-cilium-release-identity",
    kind: "resource",
    description: "The Cilium release is named cilium in kube-system, the bootstrap release it adopts.",
    risks: ["CIL-TECH-001"],
    remediationSteps:
        "Declare the release with name: cilium and namespace: kube-system and adopt it with the import option (kube-system/cilium); never install Cilium under another name. For a Flux HelmRelease set spec.releaseName: cilium, spec.targetNamespace and spec.storageNamespace: kube-system, and spec.driftDetection.mode: enabled.",
    url: "docs/runbooks/cilium-handover.md#adoption",
    check: (r, report) => {
        if (!isReleaseOf(r.type, r.props, "cilium")) {
            return;
        }
        const flux = fluxOf(r.props);
        if (flux) {
            for (const message of fluxIdentityFindings(flux, String(r.props.name), String(r.props.namespace))) {
                report("CIL-TECH-001", message);
            }
            return;
        }
        const other = otherCiliumRelease(r);
        if (other) {
            report(
                "CIL-TECH-001",
                `the Cilium release is ${other}, not the bootstrap release kube-system/cilium, so it would install a second CNI and restart every pod's networking; set name: cilium and namespace: kube-system and adopt it with import.`,
            );
        }
    },
};

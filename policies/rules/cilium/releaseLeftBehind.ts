// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { ResourceRule } from "../../lib/rule";
import { otherCiliumRelease } from "../../lib/cilium";

/**
 * Checks that the managed Cilium release is the bootstrap release, so the handover leaves no manual
 * Helm release behind (CIL-OPS-003); the same release under another name is also CIL-TECH-001's
 * blocking finding, reported by the release-identity rule.
 */
export const ciliumReleaseLeftBehind: ResourceRule = {
    name: "cluster-platform-cilium-release-left-behind",
    kind: "resource",
    description: "The managed Cilium release takes over the bootstrap release, so no manual Helm release stays behind.",
    risks: ["CIL-OPS-003"],
    remediationSteps:
        "Declare the release as kube-system/cilium and adopt it with import; if a release under another name was installed, uninstall the one Pulumi does not manage after the handover.",
    url: "docs/runbooks/cilium-handover.md#adoption",
    check: (r, report) => {
        const other = otherCiliumRelease(r);
        if (other) {
            report(
                "CIL-OPS-003",
                `the managed Cilium release is ${other}, so the bootstrap release kube-system/cilium stays behind unmanaged beside it after the handover; declare the release as kube-system/cilium and adopt it with import.`,
            );
        }
    },
};

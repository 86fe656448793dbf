// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { ResourceRule, ResourceView } from "../../lib/rule";
import { isReleaseOf } from "../../lib/kube";

/** `namespace/name` of a Cilium release that is not the bootstrap release kube-system/cilium; undefined otherwise. */
export function otherCiliumRelease(r: ResourceView): string | undefined {
    if (!isReleaseOf(r.type, r.props, "cilium")) {
        return undefined;
    }
    if (r.props.name === "cilium" && r.props.namespace === "kube-system") {
        return undefined;
    }
    return `${String(r.props.namespace ?? "default")}/${String(r.props.name ?? r.name)}`;
}

/** Checks that the Cilium release is the bootstrap release itself (kube-system/cilium), so adoption never installs a second CNI. */
export const ciliumReleaseIdentity: ResourceRule = {
    name: "cluster-platform-cilium-release-identity",
    kind: "resource",
    description: "The Cilium release is named cilium in kube-system, the bootstrap release it adopts.",
    risks: ["CIL-TECH-001"],
    remediationSteps:
        "Declare the release with name: cilium and namespace: kube-system and adopt it with the import option (kube-system/cilium); never install Cilium under another name.",
    url: "docs/runbooks/cilium-handover.md#adoption",
    check: (r, report) => {
        const other = otherCiliumRelease(r);
        if (other) {
            report(
                "CIL-TECH-001",
                `the Cilium release is ${other}, not the bootstrap release kube-system/cilium, so it would install a second CNI and restart every pod's networking; set name: cilium and namespace: kube-system and adopt it with import.`,
            );
        }
    },
};

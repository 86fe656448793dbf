// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { isReleaseOf } from "../../lib/kube";
import { ResourceRule } from "../../lib/rule";

/**
 * Checks the Cilium release is declared with Pulumi's `protect` option, so no stack change or destroy
 * uninstalls the CNI (CIL-OPS-001). A Pulumi graph fact: plain YAML cannot carry it, so
 * `npm run check -- --manifests` turns this rule off and says so.
 */
export const ciliumReleaseProtected: ResourceRule = {
    name: "cluster-platform-cilium-release-protected",
    kind: "resource",
    description: "The Cilium release is protected from deletion by a stack change.",
    risks: ["CIL-OPS-001"],
    remediationSteps: "Declare the Cilium release with the resource options protect: true and retainOnDelete: true.",
    url: "docs/runbooks/cilium-handover.md#rollback",
    check: (r, report) => {
        if (!isReleaseOf(r.type, r.props, "cilium") || !r.opts || r.opts.protect === true) {
            return;
        }
        report(
            "CIL-OPS-001",
            `Cilium release ${String(r.props.name ?? r.name)} is not protected, so a stack change or destroy could uninstall the CNI; declare it with the resource option protect: true.`,
        );
    },
};

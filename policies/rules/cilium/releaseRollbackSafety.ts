// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { isReleaseOf } from "../../lib/kube";
import { ResourceRule } from "../../lib/rule";

/**
 * Checks that the Cilium release rolls back on a failed upgrade (atomic or cleanupOnFail), keeps
 * the previous revision to roll back to, and is protected from deletion. `retainOnDelete` is not
 * visible to policies; the component sets it and its test asserts it.
 */
export const ciliumRollbackSafety: ResourceRule = {
    name: "cluster-platform-cilium-release-rollback-safety",
    kind: "resource",
    description:
        "The Cilium release rolls back on failure, keeps history to roll back to, and is protected from deletion.",
    risks: ["CIL-OPS-001"],
    remediationSteps:
        "Set atomic: true (or cleanupOnFail: true), leave maxHistory unset or at least 2, and declare the release with protect: true and retainOnDelete: true.",
    url: "docs/runbooks/cilium-handover.md#rollback",
    check: (r, report) => {
        if (!isReleaseOf(r.type, r.props, "cilium")) {
            return;
        }
        const release = String(r.props.name ?? r.name);
        if (r.props.atomic !== true && r.props.cleanupOnFail !== true) {
            report(
                "CIL-OPS-001",
                `Cilium release ${release} neither rolls back nor cleans up on a failed upgrade (atomic ${JSON.stringify(r.props.atomic ?? null)}, cleanupOnFail ${JSON.stringify(r.props.cleanupOnFail ?? null)}); set atomic: true.`,
            );
        }
        const maxHistory = r.props.maxHistory;
        if (typeof maxHistory === "number" && maxHistory > 0 && maxHistory < 2) {
            report(
                "CIL-OPS-001",
                `Cilium release ${release} keeps maxHistory ${maxHistory}, leaving no previous revision to roll back to; set maxHistory to at least 2 (or leave it unset).`,
            );
        }
        if (r.opts && r.opts.protect !== true) {
            report(
                "CIL-OPS-001",
                `Cilium release ${release} is not protected, so a stack change or destroy could uninstall the CNI; declare it with the resource option protect: true.`,
            );
        }
    },
};

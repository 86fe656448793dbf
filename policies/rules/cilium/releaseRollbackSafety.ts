// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { isReleaseOf } from "../../lib/kube";
import { ResourceRule } from "../../lib/rule";
import { fluxOf, FluxSettings } from "../../lib/exposure/flux";

/** The findings for a Flux HelmRelease of Cilium, in helm-controller's terms (api/v2 UpgradeRemediation). */
function fluxRollbackFindings(flux: FluxSettings): string[] {
    const out: string[] = [];
    const f = flux.upgradeFailure;
    if (f.strategy === "RemediateOnFailure" && f.remediation === "uninstall") {
        out.push(
            `Cilium ${flux.object} remediates a failed upgrade by uninstalling the release (spec.upgrade.remediation.strategy uninstall), which removes the CNI from every node; set spec.upgrade.remediation.strategy: rollback.`,
        );
    } else {
        const rollsBack =
            f.strategy === "RemediateOnFailure" &&
            f.remediation === "rollback" &&
            (f.retries !== 0 || f.remediateLastFailure);
        if (!rollsBack && !f.cleanupOnFail) {
            const why =
                f.strategy !== "RemediateOnFailure"
                    ? `spec.upgrade.strategy.name ${f.strategy} retries without remediating`
                    : `spec.upgrade.remediation retries ${f.retries} and remediateLastFailure ${String(f.remediateLastFailure)} leave a failed upgrade in place`;
            out.push(
                `Cilium ${flux.object} neither rolls back nor cleans up on a failed upgrade (${why}; spec.upgrade.cleanupOnFail false); set spec.upgrade.remediation {retries: 3, strategy: rollback} or spec.upgrade.cleanupOnFail: true.`,
            );
        }
    }
    if (flux.maxHistory > 0 && flux.maxHistory < 2) {
        out.push(
            `Cilium ${flux.object} keeps spec.maxHistory ${flux.maxHistory}, leaving no previous revision to roll back to; set spec.maxHistory to at least 2 (or leave it unset: Flux keeps 5).`,
        );
    }
    return out;
}

/**
 * Checks that the Cilium release rolls back on a failed upgrade (atomic or cleanupOnFail; for a Flux
 * HelmRelease an upgrade remediation that rolls back, or upgrade.cleanupOnFail, and never an
 * uninstall), keeps the previous revision to roll back to, and is protected from deletion.
 * `retainOnDelete` is not visible to policies; the component sets it and its test asserts it.
 */
export const ciliumRollbackSafety: ResourceRule = {
    name: "cluster-platform-cilium-release-rollback-safety",
    kind: "resource",
    description:
        "The Cilium release rolls back on failure, keeps history to roll back to, and is protected from deletion.",
    risks: ["CIL-OPS-001"],
    remediationSteps:
        "Set atomic: true (or cleanupOnFail: true), leave maxHistory unset or at least 2, and declare the release with protect: true and retainOnDelete: true; for a Flux HelmRelease set spec.upgrade.remediation {retries: 3, strategy: rollback} (or spec.upgrade.cleanupOnFail: true) and never strategy: uninstall.",
    url: "docs/runbooks/cilium-handover.md#rollback",
    check: (r, report) => {
        if (!isReleaseOf(r.type, r.props, "cilium")) {
            return;
        }
        const flux = fluxOf(r.props);
        if (flux) {
            for (const message of fluxRollbackFindings(flux)) {
                report("CIL-OPS-001", message);
            }
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
    },
};

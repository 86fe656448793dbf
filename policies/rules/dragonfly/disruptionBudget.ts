// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { isChart } from "../../lib/kube";
import { StackRule } from "../../lib/rule";
import { selectorMatches } from "../../lib/labelSelectors";
import { recordAt } from "../../lib/record";
import { buildStackView, specSelector } from "../../lib/stackView";

const PDB_TYPE = "kubernetes:policy/v1:PodDisruptionBudget";

/**
 * Checks that exactly one PDB covers the Dragonfly data pods (the operator's, from spec.pdb) and
 * keeps two of three available, and that the operator release has its own PDB on its real labels.
 */
export const dragonflyDisruptionBudget: StackRule = {
    name: "cluster-platform-dragonfly-disruption-budget",
    kind: "stack",
    description:
        "Exactly one PodDisruptionBudget keeps a Dragonfly quorum through drains, and the operator has its own.",
    risks: ["DFLY-OPS-001", "DFLY-CP-B2", "DFLY-CP-B5"],
    remediationSteps:
        "Set spec.pdb.minAvailable: 2 on the Dragonfly CR (3 replicas), delete any hand-made PDB selecting its pods, and add a PDB with minAvailable: 1 on app.kubernetes.io/name=dragonfly-operator.",
    check: (resources, report) => {
        const view = buildStackView(resources);
        for (const df of view.dragonflies) {
            const who = `Dragonfly ${df.namespace}/${df.name}`;
            const replicas = typeof df.spec.replicas === "number" ? df.spec.replicas : 1;
            const pdb = recordAt(df.spec, "pdb");
            const minAvailable = pdb.minAvailable;
            const maxUnavailable = pdb.maxUnavailable;
            if (replicas > 1) {
                if (typeof minAvailable === "number" && minAvailable >= replicas) {
                    report(
                        "DFLY-OPS-001",
                        `${who} sets spec.pdb.minAvailable ${minAvailable} with ${replicas} replicas, so no pod can ever be evicted and node drains hang; set spec.pdb.minAvailable to ${replicas - 1}.`,
                        df.urn,
                    );
                } else if (typeof minAvailable === "number" && replicas >= 3 && minAvailable < 2) {
                    report(
                        "DFLY-OPS-001",
                        `${who} sets spec.pdb.minAvailable ${minAvailable} with ${replicas} replicas, so a drain may take all but ${minAvailable} pod(s) at once; set spec.pdb.minAvailable to 2.`,
                        df.urn,
                    );
                } else if (typeof maxUnavailable === "number" && maxUnavailable > 1) {
                    report(
                        "DFLY-OPS-001",
                        `${who} sets spec.pdb.maxUnavailable ${maxUnavailable}, so a drain may take ${maxUnavailable} of ${replicas} pods at once; set spec.pdb.minAvailable to 2 instead.`,
                        df.urn,
                    );
                } else if (typeof minAvailable === "string" || typeof maxUnavailable === "string") {
                    report(
                        "DFLY-OPS-001",
                        `${who} sets spec.pdb as a percentage (${JSON.stringify(minAvailable ?? maxUnavailable)}), which cannot be checked against ${replicas} replicas; set spec.pdb.minAvailable to 2.`,
                        df.urn,
                    );
                }
            }
            for (const other of view.ofType(PDB_TYPE, df.namespace)) {
                if (df.pods.some((p) => selectorMatches(specSelector(other), p.labels))) {
                    report(
                        "DFLY-CP-B2",
                        `PodDisruptionBudget ${other.namespace}/${other.name} also selects the pods of ${who}; the operator already makes one from spec.pdb and eviction refuses pods covered by two PDBs, so delete it and set spec.pdb on the CR.`,
                        other.urn,
                    );
                }
            }
        }
        for (const release of view.helmReleases.filter((r) => isChart(r.props, "dragonfly-operator"))) {
            const podLabels = {
                "app.kubernetes.io/name": "dragonfly-operator",
                "app.kubernetes.io/instance": release.name,
                "control-plane": "controller-manager",
            };
            const pdbs = view
                .ofType(PDB_TYPE, release.namespace)
                .filter((p) => selectorMatches(specSelector(p), podLabels));
            if (pdbs.length === 0) {
                report(
                    "DFLY-CP-B5",
                    `the dragonfly-operator release ${release.namespace}/${release.name} has no PodDisruptionBudget (its chart has no template); add one in ${release.namespace} with minAvailable: 1 selecting app.kubernetes.io/name=dragonfly-operator.`,
                    release.urn,
                );
            }
            for (const p of pdbs) {
                const min = recordAt(p.props, "spec").minAvailable;
                if (typeof min !== "number" || min < 1) {
                    report(
                        "DFLY-CP-B5",
                        `PodDisruptionBudget ${p.namespace}/${p.name} of the dragonfly-operator has minAvailable ${JSON.stringify(min ?? null)}; set minAvailable: 1.`,
                        p.urn,
                    );
                }
            }
        }
    },
};

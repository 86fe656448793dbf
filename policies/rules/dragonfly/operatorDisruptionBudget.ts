// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { isChart } from "../../lib/kube";
import { StackRule } from "../../lib/rule";
import { selectorMatches } from "../../lib/labelSelectors";
import { recordAt } from "../../lib/propertyPaths";
import { buildStackView, specSelector } from "../../lib/stackView";

const PDB_TYPE = "kubernetes:policy/v1:PodDisruptionBudget";

/**
 * Checks that every dragonfly-operator release has a PodDisruptionBudget with minAvailable ≥ 1 on
 * the labels its manager pods carry (the chart has no PDB template), as change proposal B.5 confirms.
 */
export const dragonflyOperatorDisruptionBudget: StackRule = {
    name: "cluster-platform-dragonfly-operator-disruption-budget",
    kind: "stack",
    description: "The dragonfly-operator release has its own PodDisruptionBudget keeping one manager pod.",
    risks: ["DFLY-CP-B5"],
    remediationSteps:
        "Add a PodDisruptionBudget in the operator's namespace with minAvailable: 1 selecting app.kubernetes.io/name=dragonfly-operator.",
    check: (resources, report) => {
        const view = buildStackView(resources);
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

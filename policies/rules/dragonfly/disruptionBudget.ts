// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { StackRule } from "../../lib/rule";
import { selectorMatches } from "../../lib/labelSelectors";
import { recordAt } from "../../lib/propertyPaths";
import { buildStackView, specSelector } from "../../lib/stackView";
import { operatorObjects, ownedByCr } from "../../lib/exposure/dragonflyOperator";
import { BudgetSpec, describeBudget, judgeBudget } from "../../lib/exposure/pdb";

const PDB_TYPE = "kubernetes:policy/v1:PodDisruptionBudget";
/** Dragonfly pods that must stay available of three (the risk profile's quorum). */
const QUORUM = 2;

const intOrString = (v: unknown): number | string | undefined =>
    typeof v === "number" || typeof v === "string" ? v : undefined;

/**
 * Checks, with the disruption controller's arithmetic (docs/verdict-model.md), that the one PDB
 * covering the Dragonfly data pods (the operator's from spec.pdb, made only with replicas > 1, or a
 * hand-made one) neither forbids every eviction nor lets fewer than two of three stay available,
 * and that no two PDBs cover the same pods. A single data pod is a finding of its own: no budget
 * keeps a cache of one pod up while its node drains.
 */
export const dragonflyDisruptionBudget: StackRule = {
    name: "cluster-platform-dragonfly-disruption-budget",
    kind: "stack",
    description: "Exactly one PodDisruptionBudget keeps a Dragonfly quorum through drains.",
    risks: ["DFLY-OPS-001", "DFLY-CP-B2"],
    remediationSteps:
        "Run spec.replicas: 3 with spec.pdb.minAvailable: 2 on the Dragonfly CR, and delete any hand-made PDB selecting its pods.",
    check: (resources, report) => {
        const view = buildStackView(resources);
        for (const df of view.dragonflies) {
            const who = `Dragonfly ${df.namespace}/${df.name}`;
            const objects = operatorObjects(
                {
                    name: df.name,
                    namespace: df.namespace,
                    spec: df.spec,
                    annotations: recordAt(df.props, "metadata.annotations"),
                },
                undefined,
            );
            const replicas = objects.replicas;
            if (replicas <= 1) {
                // No budget keeps one pod available through its own eviction: never mitigated.
                report(
                    "DFLY-OPS-001",
                    `${who} runs ${replicas} data pod(s) (spec.replicas ${JSON.stringify(df.spec.replicas ?? null)}), so draining its node takes the cache down whatever a PodDisruptionBudget says; the risk profile keeps ${QUORUM} of 3 available, so set spec.replicas: 3 and spec.pdb.minAvailable: ${QUORUM}.`,
                    df.urn,
                );
            }
            const selecting = view
                .ofType(PDB_TYPE, df.namespace)
                .filter((p) => objects.pods.some((pod) => selectorMatches(specSelector(p), pod.labels)));
            // Read from a live cluster (npm run audit): the operator's real PDB is in the input, owned by the CR.
            const operatorMade = selecting.filter((p) => ownedByCr(p.props, df.name));
            const handMade = selecting.filter((p) => !operatorMade.includes(p));
            const budgets: { name: string; budget: BudgetSpec; where: string; urn: string }[] = [];
            // The operator's real PDB, where the input has it (`kubectl get` output, the audit), replaces the model's.
            if (objects.pdb && operatorMade.length === 0) {
                budgets.push({
                    name: `the operator's PodDisruptionBudget ${df.namespace}/${df.name}`,
                    budget: objects.pdb.budget,
                    where: "spec.pdb",
                    urn: df.urn,
                });
            }
            for (const p of operatorMade) {
                const spec = recordAt(p.props, "spec");
                budgets.push({
                    name: `the operator's PodDisruptionBudget ${p.namespace}/${p.name}`,
                    budget: {
                        minAvailable: intOrString(spec.minAvailable),
                        maxUnavailable: intOrString(spec.maxUnavailable),
                    },
                    where: "spec.pdb of the CR",
                    urn: p.urn,
                });
            }
            for (const p of handMade) {
                const spec = recordAt(p.props, "spec");
                budgets.push({
                    name: `PodDisruptionBudget ${p.namespace}/${p.name}`,
                    budget: {
                        minAvailable: intOrString(spec.minAvailable),
                        maxUnavailable: intOrString(spec.maxUnavailable),
                    },
                    where: `PodDisruptionBudget ${p.namespace}/${p.name}`,
                    urn: p.urn,
                });
            }
            if (budgets.length > 1) {
                for (const p of handMade) {
                    const others = budgets.filter((b) => b.urn !== p.urn).map((b) => b.name);
                    report(
                        "DFLY-CP-B2",
                        `PodDisruptionBudget ${p.namespace}/${p.name} selects the pods of ${who}, which ${others.join(" and ")} also cover${others.length === 1 ? "s" : ""}; the eviction API refuses pods covered by more than one PDB, so drains hang. Keep one: delete it and set spec.pdb on the CR${objects.pdb ? "" : " (the operator makes its PDB only with replicas > 1)"}.`,
                        p.urn,
                    );
                }
                continue;
            }
            for (const b of budgets) {
                let verdict;
                try {
                    verdict = judgeBudget(b.budget, replicas, QUORUM);
                } catch (err) {
                    report(
                        "DFLY-OPS-001",
                        `${b.name} of ${who} has ${describeBudget(b.budget)}, which the disruption controller rejects (${(err as Error).message}); set ${b.where} minAvailable to ${Math.min(QUORUM, replicas - 1)}.`,
                        b.urn,
                    );
                    continue;
                }
                const { desiredHealthy, disruptionsAllowed } = verdict.outcome;
                if (verdict.kind === "blocksEveryEviction") {
                    report(
                        "DFLY-OPS-001",
                        `${b.name} of ${who} has ${describeBudget(b.budget)} over ${replicas} replica(s): the disruption controller keeps ${desiredHealthy} healthy and allows ${disruptionsAllowed} eviction(s), so node drains hang; ${replicas > 1 ? `set ${b.where} minAvailable to ${Math.min(QUORUM, replicas - 1)}` : "run at least 3 replicas or remove the budget"}.`,
                        b.urn,
                    );
                } else if (verdict.kind === "belowFloor") {
                    report(
                        "DFLY-OPS-001",
                        `${b.name} of ${who} has ${describeBudget(b.budget)} over ${replicas} replicas: the disruption controller keeps only ${desiredHealthy} healthy${Object.values(b.budget).some((v) => typeof v === "string") ? " (percentages round up)" : ""}, so a drain may leave fewer than ${QUORUM} of ${replicas} available; set ${b.where} minAvailable to ${QUORUM}.`,
                        b.urn,
                    );
                }
            }
        }
    },
};

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { DRAGONFLY_OPERATOR_IMAGE_TAGS, DRAGONFLY_OPERATOR_VALUE_KEYS } from "../../lib/catalog";
import { isChart } from "../../lib/kube";
import { StackRule } from "../../lib/rule";
import { recordAt } from "../../lib/propertyPaths";
import { buildStackView } from "../../lib/stackView";
import { parseImage } from "../workloads/imagePinned";

/**
 * Checks that the Dragonfly image of every CR is the one tested with the operator chart version in
 * the stack, and that the operator release installs and keeps its CRDs, runs two replicas, hardens
 * its manager and sets only keys the chart has.
 */
export const dragonflyVersionAlignment: StackRule = {
    name: "cluster-platform-dragonfly-version-alignment",
    kind: "stack",
    description:
        "The Dragonfly image matches the operator version and the operator release uses only real, safe chart values.",
    risks: ["DFLY-TECH-002", "DFLY-VR-03.4", "DFLY-VR-03.6"],
    remediationSteps:
        "Pin the image tag tested with the operator chart (v1.6.1 → v1.39.0), set crds.install and crds.keep true, replicaCount 2, manager.securityContext with allowPrivilegeEscalation false and capabilities.drop [ALL], and remove keys the chart does not have.",
    check: (resources, report) => {
        const view = buildStackView(resources);
        const operators = view.helmReleases.filter((r) => isChart(r.props, "dragonfly-operator"));
        for (const op of operators) {
            const values = recordAt(op.props, "values");
            const who = `dragonfly-operator release ${op.namespace}/${op.name}`;
            const unknown = Object.keys(values).filter((k) => !DRAGONFLY_OPERATOR_VALUE_KEYS.includes(k));
            if (unknown.length > 0) {
                report(
                    "DFLY-TECH-002",
                    `${who} sets values the chart does not have (${unknown.join(", ")}), which silently do nothing; move them under the chart's real keys (manager.*, podSecurityContext, ...) or remove them.`,
                    op.urn,
                );
            }
            const crds = recordAt(values, "crds");
            if (crds.install === false || crds.keep === false) {
                report(
                    "DFLY-VR-03.4",
                    `${who} sets crds.install ${JSON.stringify(crds.install ?? true)} and crds.keep ${JSON.stringify(crds.keep ?? true)}; both must stay true so the CRDs exist and survive an uninstall.`,
                    op.urn,
                );
            }
            const replicas = values.replicaCount;
            if (typeof replicas !== "number" || replicas < 2) {
                report(
                    "DFLY-TECH-002",
                    `${who} runs replicaCount ${JSON.stringify(replicas ?? 1)}; set replicaCount: 2 (the manager is leader-elected) so an upgrade or a node loss leaves one running.`,
                    op.urn,
                );
            }
            const sc = recordAt(values, "manager.securityContext");
            const drop = Array.isArray(recordAt(sc, "capabilities").drop)
                ? (recordAt(sc, "capabilities").drop as unknown[]).map(String)
                : [];
            if (sc.allowPrivilegeEscalation !== false || !drop.includes("ALL")) {
                report(
                    "DFLY-VR-03.6",
                    `${who} does not harden manager.securityContext (allowPrivilegeEscalation ${JSON.stringify(sc.allowPrivilegeEscalation ?? null)}, drop ${JSON.stringify(drop)}); set allowPrivilegeEscalation: false and capabilities.drop: [ALL].`,
                    op.urn,
                );
            }
        }
        const versions = operators.map((o) => String(o.props.version ?? ""));
        for (const df of view.dragonflies) {
            const image = typeof df.spec.image === "string" ? df.spec.image : "";
            const tag = parseImage(image).tag;
            for (const version of versions) {
                const tested = DRAGONFLY_OPERATOR_IMAGE_TAGS[version];
                if (!tested) {
                    report(
                        "DFLY-TECH-002",
                        `the dragonfly-operator chart version ${JSON.stringify(version)} has no tested image pairing (tested: ${Object.keys(DRAGONFLY_OPERATOR_IMAGE_TAGS).join(", ")}); pin a tested operator version.`,
                        df.urn,
                    );
                } else if (tag !== tested) {
                    report(
                        "DFLY-TECH-002",
                        `Dragonfly ${df.namespace}/${df.name} runs image tag ${JSON.stringify(tag ?? null)} but operator ${version} is tested with ${tested}; set spec.image to docker.dragonflydb.io/dragonflydb/dragonfly:${tested}.`,
                        df.urn,
                    );
                }
            }
        }
    },
};

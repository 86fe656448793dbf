// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { allContainers, containerFieldPath, describeOwner, isReleaseOf, specTemplatesOf } from "../../lib/kube";
import { ResourceRule } from "../../lib/rule";
import { recordAt } from "../../lib/propertyPaths";

/**
 * Checks that floe's images keep running when the registry is down (floe R-3): platform pods and the
 * Dagster images use imagePullPolicy IfNotPresent, so nodes reuse what they already pulled.
 */
export const floeImagePullPolicy: ResourceRule = {
    name: "cluster-platform-floe-image-pull-policy",
    kind: "resource",
    description: "The floe images are pulled IfNotPresent so a registry outage does not stop the platform.",
    risks: ["FLOE-R-3"],
    remediationSteps:
        "Set imagePullPolicy: IfNotPresent on floe containers and on the Dagster chart's images and run launcher.",
    check: (r, report) => {
        if (isReleaseOf(r.type, r.props, "dagster")) {
            const values = recordAt(r.props, "values");
            const places: [string, unknown][] = [
                ["dagsterWebserver.image.pullPolicy", recordAt(values, "dagsterWebserver.image").pullPolicy],
                ["dagsterDaemon.image.pullPolicy", recordAt(values, "dagsterDaemon.image").pullPolicy],
                [
                    "runLauncher.config.k8sRunLauncher.imagePullPolicy",
                    recordAt(values, "runLauncher.config.k8sRunLauncher").imagePullPolicy,
                ],
            ];
            for (const [path, v] of places) {
                if (v !== "IfNotPresent") {
                    report(
                        "FLOE-R-3",
                        `Dagster release ${String(r.props.name ?? r.name)} sets ${path} ${JSON.stringify(v ?? "Always")}; set it to IfNotPresent.`,
                    );
                }
            }
            return;
        }
        for (const view of specTemplatesOf(r.type, r.props, r.name)) {
            if (view.labels["app.kubernetes.io/part-of"] !== "floe") {
                continue;
            }
            for (const { container, index, init } of allContainers(view)) {
                const policy = (container as { imagePullPolicy?: string }).imagePullPolicy;
                if (policy !== "IfNotPresent") {
                    report(
                        "FLOE-R-3",
                        `container "${container.name}" of ${describeOwner(view)} pulls with ${JSON.stringify(policy ?? "the default")}; set ${containerFieldPath(view, index, "image", init).replace(/\.image$/, ".imagePullPolicy")} to IfNotPresent.`,
                    );
                }
            }
        }
    },
};

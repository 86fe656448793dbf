// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { containerFieldPath, describeOwner, specTemplatesOf } from "../../lib/kube";
import { ResourceRule } from "../../lib/rule";

/**
 * Checks that every container of a long-running workload has a liveness and a readiness probe.
 * Run-to-completion pods (Job, CronJob) and operator-made pods (whose probes the operator sets) are skipped.
 */
export const probes: ResourceRule = {
    name: "cluster-platform-workload-probes",
    kind: "resource",
    description: "Every container of a long-running workload has a liveness probe and a readiness probe.",
    risks: ["HYG-PROBES-001"],
    remediationSteps:
        "Add livenessProbe and readinessProbe (HTTP, TCP or exec) to each container; the readiness probe gates traffic, the liveness probe restarts a hung process.",
    check: (r, report) => {
        for (const view of specTemplatesOf(r.type, r.props, r.name)) {
            if (view.runToCompletion || view.operatorManaged) {
                continue;
            }
            view.containers.forEach((container, index) => {
                for (const probe of ["livenessProbe", "readinessProbe"] as const) {
                    if (!container[probe]) {
                        report(
                            "HYG-PROBES-001",
                            `container "${container.name}" of ${describeOwner(view)} has no ${probe}; set ${containerFieldPath(view, index, probe)}.`,
                        );
                    }
                }
            });
        }
    },
};

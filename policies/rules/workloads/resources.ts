// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { allContainers, containerFieldPath, describeOwner, specTemplatesOf } from "../../lib/kube";
import { ResourceRule } from "../../lib/rule";

/** Checks that every container requests CPU and memory and has a memory limit. */
export const resources: ResourceRule = {
    name: "cluster-platform-workload-resources",
    kind: "resource",
    description: "Every container requests CPU and memory and sets a memory limit.",
    risks: ["HYG-RESOURCES-001"],
    remediationSteps:
        "Set resources.requests.cpu, resources.requests.memory and resources.limits.memory on each container.",
    check: (r, report) => {
        for (const view of specTemplatesOf(r.type, r.props, r.name)) {
            for (const { container, index, init } of allContainers(view)) {
                const path = containerFieldPath(view, index, "resources", init);
                const res = container.resources ?? {};
                const missing = [
                    res.requests?.cpu === undefined ? "requests.cpu" : undefined,
                    res.requests?.memory === undefined ? "requests.memory" : undefined,
                    res.limits?.memory === undefined ? "limits.memory" : undefined,
                ].filter((x): x is string => !!x);
                if (missing.length > 0) {
                    report(
                        "HYG-RESOURCES-001",
                        `container "${container.name}" of ${describeOwner(view)} has no ${missing.join(", ")}; set ${missing.map((m) => `${path}.${m}`).join(", ")}.`,
                    );
                }
            }
        }
    },
};

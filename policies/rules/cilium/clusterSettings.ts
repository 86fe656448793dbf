// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { ResourceRule } from "../../lib/rule";
import { isReleaseOf, walkLeaves } from "../../lib/kube";
import { recordAt, valueAt } from "../../lib/record";

/** Checks that the cluster-specific values are present and resolved: no `${...}`, a cluster name and id, the API server host and port. */
export const ciliumClusterSettings: ResourceRule = {
    name: "cluster-platform-cilium-cluster-settings",
    kind: "resource",
    description: "The Cilium values carry resolved cluster settings: identity, API server and no placeholder.",
    risks: ["CIL-TECH-003", "CIL-TECH-010"],
    remediationSteps:
        "Write every value literally (no ${...}); set cluster.name, cluster.id (1–255), k8sServiceHost and k8sServicePort.",
    check: (r, report) => {
        if (!isReleaseOf(r.type, r.props, "cilium")) {
            return;
        }
        const values = recordAt(r.props, "values");
        walkLeaves(values, (path, v) => {
            if (typeof v === "string" && /\$\{[^}]*\}/.test(v)) {
                const shown = path
                    .map((seg, i) => (typeof seg === "number" ? `[${seg}]` : i === 0 ? seg : `.${seg}`))
                    .join("");
                report(
                    "CIL-TECH-003",
                    `Cilium value ${shown} is ${JSON.stringify(v)}, an unresolved substitution; write the real value.`,
                );
            }
        });
        const id = valueAt(values, "cluster.id");
        const missing = [
            typeof valueAt(values, "cluster.name") !== "string" || valueAt(values, "cluster.name") === ""
                ? "cluster.name"
                : undefined,
            typeof id !== "number" || id < 1 || id > 255 ? "cluster.id (1–255)" : undefined,
            typeof values.k8sServiceHost !== "string" || values.k8sServiceHost === "" ? "k8sServiceHost" : undefined,
            values.k8sServicePort === undefined || values.k8sServicePort === "" ? "k8sServicePort" : undefined,
        ].filter((x): x is string => !!x);
        if (missing.length > 0) {
            report(
                "CIL-TECH-010",
                `Cilium values lack ${missing.join(", ")}; kube-proxy replacement and ClusterMesh need them, so set them from the stack's settings.`,
            );
        }
    },
};

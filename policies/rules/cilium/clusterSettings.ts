// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { ResourceRule } from "../../lib/rule";
import { isReleaseOf } from "../../lib/kube";
import { recordAt, valueAt } from "../../lib/propertyPaths";

/** True for a TCP port as Helm values write it: an integer 1–65535, or its decimal string. */
function isPort(v: unknown): boolean {
    const n = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v;
    return typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** Checks that the cluster-specific values are present: a cluster name and id, the API server host and port. */
export const ciliumClusterSettings: ResourceRule = {
    name: "cluster-platform-cilium-cluster-settings",
    kind: "resource",
    description: "The Cilium values carry the cluster settings: identity and API server.",
    risks: ["CIL-TECH-010"],
    remediationSteps: "Set cluster.name, cluster.id (1–255), k8sServiceHost and k8sServicePort.",
    check: (r, report) => {
        if (!isReleaseOf(r.type, r.props, "cilium")) {
            return;
        }
        const values = recordAt(r.props, "values");
        const id = valueAt(values, "cluster.id");
        const missing = [
            typeof valueAt(values, "cluster.name") !== "string" || valueAt(values, "cluster.name") === ""
                ? "cluster.name"
                : undefined,
            typeof id !== "number" || id < 1 || id > 255 ? "cluster.id (1–255)" : undefined,
            typeof values.k8sServiceHost !== "string" || values.k8sServiceHost === "" ? "k8sServiceHost" : undefined,
            isPort(values.k8sServicePort) ? undefined : "k8sServicePort (1–65535)",
        ].filter((x): x is string => !!x);
        if (missing.length > 0) {
            report(
                "CIL-TECH-010",
                `Cilium values lack ${missing.join(", ")}; kube-proxy replacement and ClusterMesh need them, so set them from the stack's settings.`,
            );
        }
    },
};

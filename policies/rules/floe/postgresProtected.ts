// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { CNPG_CLUSTER_TYPE } from "../../lib/kube";
import { recordAt } from "../../lib/propertyPaths";
import { ResourceRule } from "../../lib/rule";

/**
 * Checks every CloudNativePG cluster is declared with Pulumi's `protect` option (floe R-2). A Pulumi
 * graph fact: plain YAML cannot carry it, so `npm run check -- --manifests` turns this rule off and
 * says so.
 */
export const floePostgresProtected: ResourceRule = {
    name: "cluster-platform-floe-postgres-protected",
    kind: "resource",
    description: "Each PostgreSQL cluster is protected from deletion by a stack change.",
    risks: ["FLOE-R-2"],
    remediationSteps:
        "Declare the CloudNativePG Cluster with the resource options protect: true and retainOnDelete: true.",
    check: (r, report) => {
        if (r.type !== CNPG_CLUSTER_TYPE || !r.opts || r.opts.protect === true) {
            return;
        }
        const meta = recordAt(r.props, "metadata");
        report(
            "FLOE-R-2",
            `PostgreSQL cluster ${String(meta.namespace ?? "default")}/${String(meta.name ?? r.name)} is not protected, so a stack change or destroy could delete the databases; declare it with protect: true (and retainOnDelete: true).`,
        );
    },
};

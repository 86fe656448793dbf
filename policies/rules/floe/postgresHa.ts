// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { CNPG_CLUSTER_TYPE } from "../../lib/kube";
import { StackRule } from "../../lib/rule";
import { recordAt } from "../../lib/propertyPaths";

/**
 * Checks every CloudNativePG cluster survives a node loss without losing data (floe R-2): three or
 * more instances with synchronous replication, a backup destination and a scheduled backup
 * (deletion protection, a Pulumi option, is `cluster-platform-floe-postgres-protected`).
 */
export const floePostgresHa: StackRule = {
    name: "cluster-platform-floe-postgres-ha",
    kind: "stack",
    description: "Each PostgreSQL cluster has three synchronous instances and scheduled backups.",
    risks: ["FLOE-R-2"],
    remediationSteps:
        "Set spec.instances ≥ 3, spec.postgresql.synchronous {method: any, number: 1}, spec.backup to the object store and add a ScheduledBackup for the cluster.",
    check: (resources, report) => {
        const backups = resources.filter((r) => r.type === "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup");
        for (const r of resources.filter((x) => x.type === CNPG_CLUSTER_TYPE)) {
            const meta = recordAt(r.props, "metadata");
            const who = `PostgreSQL cluster ${String(meta.namespace ?? "default")}/${String(meta.name ?? r.name)}`;
            const spec = recordAt(r.props, "spec");
            const instances = typeof spec.instances === "number" ? spec.instances : 1;
            if (instances < 3) {
                report(
                    "FLOE-R-2",
                    `${who} runs ${instances} instance(s), so losing one node stops Dagster and Polaris; set spec.instances to 3.`,
                    r.urn,
                );
            }
            if (!recordAt(spec, "postgresql.synchronous").method) {
                report(
                    "FLOE-R-2",
                    `${who} replicates asynchronously, so a failover can lose committed runs and catalog commits; set spec.postgresql.synchronous {method: any, number: 1}.`,
                    r.urn,
                );
            }
            if (!recordAt(spec, "backup").barmanObjectStore && !Array.isArray(spec.plugins)) {
                report(
                    "FLOE-R-2",
                    `${who} has no backup destination (spec.backup.barmanObjectStore or a backup plugin); configure the object store.`,
                    r.urn,
                );
            }
            if (
                !backups.some(
                    (b) =>
                        recordAt(b.props, "spec.cluster").name === meta.name &&
                        recordAt(b.props, "metadata").namespace === meta.namespace,
                )
            ) {
                report(
                    "FLOE-R-2",
                    `${who} has no ScheduledBackup; add a daily ScheduledBackup with spec.cluster.name ${String(meta.name)}.`,
                    r.urn,
                );
            }
        }
    },
};

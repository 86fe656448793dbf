// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { CNPG_CLUSTER_TYPE } from "../../lib/kube";
import { StackRule } from "../../lib/rule";
import { recordAt } from "../../lib/propertyPaths";
import { scheduleVerdict } from "../../lib/cnpgSchedule";

/**
 * Whether a CloudNativePG cluster replicates synchronously: `spec.postgresql.synchronous` with a
 * method and a number of at least 1, or the deprecated (still honoured) `maxSyncReplicas` ≥ 1, which
 * CloudNativePG turns into quorum-based synchronous replication (`minSyncReplicas` is its floor).
 */
export function synchronous(spec: Record<string, unknown>): boolean {
    const sync = recordAt(spec, "postgresql.synchronous");
    if (sync.method !== undefined) {
        return (
            typeof sync.method === "string" &&
            sync.method !== "" &&
            (typeof sync.number !== "number" || sync.number >= 1)
        );
    }
    return typeof spec.maxSyncReplicas === "number" && spec.maxSyncReplicas >= 1;
}

/**
 * What keeps a ScheduledBackup from mitigating FLOE-R-2, as the rest of a sentence, or undefined when
 * it runs at least daily (the floe document: "Backup PostgreSQL daily") and is not suspended.
 */
export function backupProblem(props: Record<string, unknown>): string | undefined {
    const spec = recordAt(props, "spec");
    if (spec.suspend === true) {
        return "is suspended (spec.suspend: true), so no backup runs; set spec.suspend: false.";
    }
    const verdict = scheduleVerdict(spec.schedule);
    if (verdict.kind === "invalid") {
        return `has spec.schedule ${JSON.stringify(spec.schedule ?? null)}, which CloudNativePG rejects (${verdict.reason}); set a six-field schedule with seconds first, such as "0 0 3 * * *".`;
    }
    if (verdict.kind === "notDaily") {
        return `runs on spec.schedule ${JSON.stringify(spec.schedule)}, which skips days, and the floe document asks for a daily backup; set a schedule that runs every day, such as "0 0 3 * * *".`;
    }
    return undefined;
}

/**
 * Checks every CloudNativePG cluster survives a node loss without losing data (floe R-2): three or
 * more instances with synchronous replication (spec.postgresql.synchronous, or the deprecated
 * min/maxSyncReplicas), a backup destination and a ScheduledBackup that runs at least daily and is not
 * suspended (deletion protection, a Pulumi option, is `cluster-platform-floe-postgres-protected`).
 */
export const floePostgresHa: StackRule = {
    name: "cluster-platform-floe-postgres-ha",
    kind: "stack",
    description: "Each PostgreSQL cluster has three synchronous instances and scheduled backups.",
    risks: ["FLOE-R-2"],
    remediationSteps:
        "Set spec.instances ≥ 3, spec.postgresql.synchronous {method: any, number: 1}, spec.backup to the object store and add a ScheduledBackup for the cluster that runs every day and is not suspended.",
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
            if (!synchronous(spec)) {
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
            const own = backups.filter(
                (b) =>
                    recordAt(b.props, "spec.cluster").name === meta.name &&
                    recordAt(b.props, "metadata").namespace === meta.namespace,
            );
            if (own.length === 0) {
                report(
                    "FLOE-R-2",
                    `${who} has no ScheduledBackup; add a daily ScheduledBackup with spec.cluster.name ${String(meta.name)}.`,
                    r.urn,
                );
            } else if (!own.some((b) => backupProblem(b.props) === undefined)) {
                for (const b of own) {
                    const bm = recordAt(b.props, "metadata");
                    report(
                        "FLOE-R-2",
                        `ScheduledBackup ${String(bm.namespace ?? "default")}/${String(bm.name ?? b.name)} of ${who} ${String(backupProblem(b.props))}`,
                        b.urn,
                    );
                }
            }
        }
    },
};

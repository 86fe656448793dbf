// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { DRAGONFLY_TYPE, namespaceOf, objectNameOf } from "../../lib/kube";
import { ResourceRule } from "../../lib/rule";
import { asRecord, recordAt } from "../../lib/propertyPaths";

/**
 * Checks that configured Dragonfly snapshots can run: a cron needs somewhere to write (a PVC spec,
 * an existing claim, or a dir), storage without a cron never snapshots, and an S3 dir needs AWS
 * credentials in env (validation report §4, S3 snapshots).
 */
export const dragonflySnapshots: ResourceRule = {
    name: "cluster-platform-dragonfly-snapshots",
    kind: "resource",
    description: "Configured Dragonfly snapshots have a schedule, a destination and, for S3, credentials.",
    risks: ["DFLY-VR-04.9"],
    remediationSteps:
        "Set spec.snapshot.cron with persistentVolumeClaimSpec (or existingPersistentVolumeClaimName, or dir); for an s3:// dir add AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from a Secret in spec.env.",
    check: (r, report) => {
        if (r.type !== DRAGONFLY_TYPE) {
            return;
        }
        const spec = recordAt(r.props, "spec");
        if (spec.snapshot === undefined) {
            return;
        }
        const snap = recordAt(spec, "snapshot");
        const who = `Dragonfly ${namespaceOf(r.props)}/${objectNameOf(r.props, r.name)}`;
        const destination =
            asRecord(snap.persistentVolumeClaimSpec) !== undefined ||
            typeof snap.existingPersistentVolumeClaimName === "string" ||
            typeof snap.dir === "string";
        if (typeof snap.cron === "string" && !destination) {
            report(
                "DFLY-VR-04.9",
                `${who} schedules snapshots (cron ${JSON.stringify(snap.cron)}) with nowhere to write them, which the operator rejects; add spec.snapshot.persistentVolumeClaimSpec or a dir.`,
            );
        }
        if (typeof snap.cron !== "string" && destination) {
            report(
                "DFLY-VR-04.9",
                `${who} has snapshot storage but no spec.snapshot.cron, so no snapshot is ever taken; set a cron such as "0 */6 * * *".`,
            );
        }
        if (typeof snap.dir === "string" && snap.dir.startsWith("s3://")) {
            const env = Array.isArray(spec.env) ? (spec.env as { name?: string }[]).map((e) => e.name) : [];
            const missing = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"].filter((k) => !env.includes(k));
            if (missing.length > 0) {
                report(
                    "DFLY-VR-04.9",
                    `${who} snapshots to ${snap.dir} without ${missing.join(" and ")} in spec.env; add them from a Secret (valueFrom.secretKeyRef).`,
                );
            }
        }
    },
};

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { stackPolicy } from "../../../../policies/lib/rule";
import { floePostgresHa } from "../../../../policies/rules/floe/postgresHa";
import { describeCommon, stackViolationsOf } from "../../helpers";
import { changedFloe, floeStack } from "./stack";

const withProtect = (list: ReturnType<typeof floeStack>) =>
    list.map((r) => (r.type.endsWith(":Cluster") ? { ...r, opts: { protect: true } } : r));

describe("policy cluster-platform-floe-postgres-ha", () => {
    const policy = stackPolicy(floePostgresHa) as StackValidationPolicy;
    describeCommon(policy, {
        name: "cluster-platform-floe-postgres-ha",
        enforcementLevel: "advisory",
        severity: "low",
        risks: ["FLOE-R-2"],
    });
    it("#1 passes the component's cluster (protected)", () =>
        assert.deepStrictEqual(stackViolationsOf(policy, withProtect(floeStack())), []));
    it("#2 reports one instance, async replication, no backup and no protection", () => {
        const list = changedFloe((n) => {
            const spec = n("apps-floe-postgres").props.spec;
            spec.instances = 1;
            delete spec.postgresql.synchronous;
            delete spec.backup;
        }).filter((r) => !r.type.endsWith(":ScheduledBackup"));
        assert.deepStrictEqual(stackViolationsOf(policy, list), [
            "[apps-floe-postgres] [FLOE-R-2 · score 3] PostgreSQL cluster floe-platform/floe-postgres runs 1 instance(s), so losing one node stops Dagster and Polaris; set spec.instances to 3.",
            "[apps-floe-postgres] [FLOE-R-2 · score 3] PostgreSQL cluster floe-platform/floe-postgres replicates asynchronously, so a failover can lose committed runs and catalog commits; set spec.postgresql.synchronous {method: any, number: 1}.",
            "[apps-floe-postgres] [FLOE-R-2 · score 3] PostgreSQL cluster floe-platform/floe-postgres has no backup destination (spec.backup.barmanObjectStore or a backup plugin); configure the object store.",
            "[apps-floe-postgres] [FLOE-R-2 · score 3] PostgreSQL cluster floe-platform/floe-postgres has no ScheduledBackup; add a daily ScheduledBackup with spec.cluster.name floe-postgres.",
            "[apps-floe-postgres] [FLOE-R-2 · score 3] PostgreSQL cluster floe-platform/floe-postgres is not protected, so a stack change or destroy could delete the databases; declare it with protect: true (and retainOnDelete: true).",
        ]);
    });
});

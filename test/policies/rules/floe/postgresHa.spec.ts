// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { stackPolicy } from "../../../../policies/lib/rule";
import { floePostgresHa } from "../../../../policies/rules/floe/postgresHa";
import { describeCommon, stackViolationsOf } from "../../helpers";
import { changedFloe, floeStack } from "./stack";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
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
    it("#1 passes the component's cluster (protected)", async () =>
        assert.deepStrictEqual(await stackViolationsOf(policy, withProtect(floeStack())), []));
    it("#2 reports one instance, async replication and no backup (protection is its own graph-only rule)", async () => {
        const list = changedFloe((n) => {
            const spec = n("apps-floe-postgres").props.spec;
            spec.instances = 1;
            delete spec.postgresql.synchronous;
            delete spec.backup;
        }).filter((r) => !r.type.endsWith(":ScheduledBackup"));
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            "[apps-floe-postgres] [FLOE-R-2 · score 3] PostgreSQL cluster floe-platform/floe-postgres runs 1 instance(s), so losing one node stops Dagster and Polaris; set spec.instances to 3.",
            "[apps-floe-postgres] [FLOE-R-2 · score 3] PostgreSQL cluster floe-platform/floe-postgres replicates asynchronously, so a failover can lose committed runs and catalog commits; set spec.postgresql.synchronous {method: any, number: 1}.",
            "[apps-floe-postgres] [FLOE-R-2 · score 3] PostgreSQL cluster floe-platform/floe-postgres has no backup destination (spec.backup.barmanObjectStore or a backup plugin); configure the object store.",
            "[apps-floe-postgres] [FLOE-R-2 · score 3] PostgreSQL cluster floe-platform/floe-postgres has no ScheduledBackup; add a daily ScheduledBackup with spec.cluster.name floe-postgres.",
        ]);
    });

    const cluster = "[apps-floe-postgres] [FLOE-R-2 · score 3] PostgreSQL cluster floe-platform/floe-postgres";
    const backup =
        "[apps-floe-postgresBackup] [FLOE-R-2 · score 3] ScheduledBackup floe-platform/floe-postgres-daily of PostgreSQL cluster floe-platform/floe-postgres";
    /** [case, change to the Cluster spec and the ScheduledBackup spec, exact violations]. */
    const TABLE: [string, (c: Obj, b: Obj) => void, string[]][] = [
        [
            "#3 the deprecated maxSyncReplicas 1 is synchronous replication (CloudNativePG docs): compliant",
            (c) => {
                delete c.postgresql.synchronous;
                c.minSyncReplicas = 1;
                c.maxSyncReplicas = 1;
            },
            [],
        ],
        [
            "#4 maxSyncReplicas 0 is asynchronous",
            (c) => {
                delete c.postgresql.synchronous;
                c.maxSyncReplicas = 0;
            },
            [
                `${cluster} replicates asynchronously, so a failover can lose committed runs and catalog commits; set spec.postgresql.synchronous {method: any, number: 1}.`,
            ],
        ],
        [
            "#5 a weekly schedule does not back up daily",
            (_c, b) => (b.schedule = "0 0 3 * * 0"),
            [
                `${backup} runs on spec.schedule "0 0 3 * * 0", which skips days, and the floe document asks for a daily backup; set a schedule that runs every day, such as "0 0 3 * * *".`,
            ],
        ],
        [
            "#6 weekdays only (names) skip the weekend",
            (_c, b) => (b.schedule = "0 30 2 * * MON-FRI"),
            [
                `${backup} runs on spec.schedule "0 30 2 * * MON-FRI", which skips days, and the floe document asks for a daily backup; set a schedule that runs every day, such as "0 0 3 * * *".`,
            ],
        ],
        [
            "#7 a suspended daily backup never runs",
            (_c, b) => (b.suspend = true),
            [`${backup} is suspended (spec.suspend: true), so no backup runs; set spec.suspend: false.`],
        ],
        [
            "#8 Quartz's L is not robfig/cron syntax, so CloudNativePG rejects the object",
            (_c, b) => (b.schedule = "0 0 0 L * *"),
            [
                `${backup} has spec.schedule "0 0 0 L * *", which CloudNativePG rejects (field 4 "L" is not robfig/cron syntax); set a six-field schedule with seconds first, such as "0 0 3 * * *".`,
            ],
        ],
        [
            "#9 robfig's optional day-of-week: five fields with seconds first run daily",
            (_c, b) => (b.schedule = "0 0 3 * *"),
            [],
        ],
        ["#10 every six hours runs daily", (_c, b) => (b.schedule = "0 0 */6 * * *"), []],
        ["#11 @every 12h", (_c, b) => (b.schedule = "@every 12h"), []],
        ["#12 suspend: false is running", (_c, b) => (b.suspend = false), []],
    ];
    for (const [name, change, expected] of TABLE) {
        it(name, async () => {
            const list = changedFloe((n) => {
                change(n("apps-floe-postgres").props.spec, n("apps-floe-postgresBackup").props.spec);
            });
            assert.deepStrictEqual(await stackViolationsOf(policy, withProtect(list)), expected);
        });
    }

    it("#13 a daily backup next to a weekly one mitigates; only non-mitigating ones are each named", async () => {
        const base = withProtect(
            changedFloe((n) => (n("apps-floe-postgresBackup").props.spec.schedule = "0 0 3 * * 0")),
        );
        const daily = {
            type: "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup",
            name: "second",
            props: {
                metadata: { name: "second", namespace: "floe-platform" },
                spec: { schedule: "@daily", cluster: { name: "floe-postgres" } },
            },
        };
        assert.deepStrictEqual(await stackViolationsOf(policy, [...base, daily]), []);
        daily.props.spec.schedule = "@weekly";
        assert.deepStrictEqual(await stackViolationsOf(policy, [...base, daily]), [
            `${backup} runs on spec.schedule "0 0 3 * * 0", which skips days, and the floe document asks for a daily backup; set a schedule that runs every day, such as "0 0 3 * * *".`,
            '[second] [FLOE-R-2 · score 3] ScheduledBackup floe-platform/second of PostgreSQL cluster floe-platform/floe-postgres runs on spec.schedule "@weekly", which skips days, and the floe document asks for a daily backup; set a schedule that runs every day, such as "0 0 3 * * *".',
        ]);
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { resourcePolicy, stackPolicy } from "../../../../policies/lib/rule";
import {
    floeCatalogPersistence,
    floeDagsterDaemon,
    floeImagePullPolicy,
    floeNetworkFlows,
    floePostgresHa,
} from "../../../../policies/rules";
import { describeCommon, stackViolationsOf, violationsOf } from "../../helpers";
import { changedFloe, floeStack } from "./stack";

const find = (n: string) => floeStack().find((r) => r.name === n)!;
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const withProtect = (list: ReturnType<typeof floeStack>) =>
    list.map((r) => (r.type.endsWith(":Cluster") ? { ...r, opts: { protect: true } } : r));

describe("policy cluster-platform-floe-dagster-daemon", () => {
    const policy = resourcePolicy(floeDagsterDaemon) as ResourceValidationPolicy;
    const dagster = (change: (v: Obj) => void) => {
        const r = find("apps-floe-dagster");
        change(r.props.values);
        return violationsOf(policy, r);
    };
    describeCommon(policy, {
        name: "cluster-platform-floe-dagster-daemon",
        enforcementLevel: "mandatory",
        severity: "high",
        risks: ["FLOE-R-1"],
    });
    it("#1 passes the component's values", () =>
        assert.deepStrictEqual(
            dagster(() => undefined),
            [],
        ));
    it("#2 reports the daemon disabled", () => {
        assert.deepStrictEqual(
            dagster((v) => (v.dagsterDaemon.enabled = false)),
            [
                "[FLOE-R-1 · score 6] Dagster release dagster sets dagsterDaemon.enabled false, so schedules, sensors and run queues stop; set dagsterDaemon.enabled: true.",
            ],
        );
    });
    it("#3 reports two daemons", () => {
        assert.deepStrictEqual(
            dagster((v) => (v.dagsterDaemon.replicaCount = 2)),
            [
                "[FLOE-R-1 · score 6] Dagster release dagster asks for 2 daemons; two daemons fire every schedule twice, so leave exactly one.",
            ],
        );
    });
    it("#4 reports the 09-risks httpGet /health:8080 sample", () => {
        assert.deepStrictEqual(
            dagster((v) => (v.dagsterDaemon.livenessProbe = { httpGet: { path: "/health", port: 8080 } })),
            [
                '[FLOE-R-1 · score 6] Dagster release dagster probes the daemon with httpGet {"path":"/health","port":8080}, an endpoint the daemon does not serve; use exec [dagster-daemon, liveness-check] in dagsterDaemon.livenessProbe.',
            ],
        );
    });
    it("#5 reports no liveness check and a wrong readiness path", () => {
        assert.deepStrictEqual(
            dagster((v) => {
                delete v.dagsterDaemon.livenessProbe;
                v.dagsterWebserver.readinessProbe.httpGet.path = "/";
            }),
            [
                "[FLOE-R-1 · score 6] Dagster release dagster has no daemon liveness check (dagsterDaemon.livenessProbe null), so a hung daemon is never restarted; set exec [dagster-daemon, liveness-check].",
                '[FLOE-R-1 · score 6] Dagster release dagster checks webserver readiness on "/"; set dagsterWebserver.readinessProbe.httpGet.path to /server_info.',
            ],
        );
    });
});

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

describe("policy cluster-platform-floe-image-pull-policy", () => {
    const policy = resourcePolicy(floeImagePullPolicy) as ResourceValidationPolicy;
    describeCommon(policy, {
        name: "cluster-platform-floe-image-pull-policy",
        enforcementLevel: "advisory",
        severity: "low",
        risks: ["FLOE-R-3"],
    });
    it("#1 passes Polaris and the Dagster values", () => {
        assert.deepStrictEqual(violationsOf(policy, find("apps-floe-polaris")), []);
        assert.deepStrictEqual(violationsOf(policy, find("apps-floe-dagster")), []);
    });
    it("#2 reports Always on Polaris and the run launcher", () => {
        const polaris = find("apps-floe-polaris");
        polaris.props.spec.template.spec.containers[0].imagePullPolicy = "Always";
        assert.deepStrictEqual(violationsOf(policy, polaris), [
            '[FLOE-R-3 · score 2] container "polaris" of Deployment floe-platform/floe-polaris pulls with "Always"; set spec.template.spec.containers[0].imagePullPolicy to IfNotPresent.',
        ]);
        const dagster = find("apps-floe-dagster");
        delete dagster.props.values.runLauncher.config.k8sRunLauncher.imagePullPolicy;
        assert.deepStrictEqual(violationsOf(policy, dagster), [
            '[FLOE-R-3 · score 2] Dagster release dagster sets runLauncher.config.k8sRunLauncher.imagePullPolicy "Always"; set it to IfNotPresent.',
        ]);
    });
});

describe("policy cluster-platform-floe-catalog-persistence", () => {
    const policy = resourcePolicy(floeCatalogPersistence) as ResourceValidationPolicy;
    const cm = (text: string, env?: string) => ({
        type: "kubernetes:core/v1:ConfigMap",
        props: {
            metadata: {
                name: "floe-polaris-config",
                namespace: "floe-platform",
                ...(env ? { annotations: { "floe.dev/environment": env } } : {}),
            },
            data: { "application.properties": text },
        },
    });
    describeCommon(policy, {
        name: "cluster-platform-floe-catalog-persistence",
        enforcementLevel: "advisory",
        severity: "low",
        risks: ["FLOE-R-4"],
    });
    it("#1 passes relational-jdbc, and in-memory on a dev stack", () => {
        assert.deepStrictEqual(violationsOf(policy, find("apps-floe-polarisConfig")), []);
        assert.deepStrictEqual(
            violationsOf(
                policy,
                cm(
                    'polaris.persistence.type=in-memory\npolaris.features."ALLOW_TABLE_LOCATION_OVERLAP"=false\n',
                    "dev",
                ),
            ),
            [],
        );
    });
    it("#2 reports in-memory outside dev", () => {
        assert.deepStrictEqual(
            violationsOf(
                policy,
                cm('polaris.persistence.type=in-memory\npolaris.features."ALLOW_TABLE_LOCATION_OVERLAP"=false\n'),
            ),
            [
                "[FLOE-R-4 · score 3] Polaris configuration floe-platform/floe-polaris-config keeps the catalog in-memory, which loses every table pointer on restart; set polaris.persistence.type=relational-jdbc (in-memory only on a dev stack).",
            ],
        );
    });
    it("#3 reports location overlap allowed and jdbc without URL", () => {
        assert.deepStrictEqual(violationsOf(policy, cm("polaris.persistence.type=relational-jdbc\n")), [
            "[FLOE-R-4 · score 3] Polaris configuration floe-platform/floe-polaris-config uses relational-jdbc without quarkus.datasource.jdbc.url; point it at the backed-up PostgreSQL.",
            '[FLOE-R-4 · score 3] Polaris configuration floe-platform/floe-polaris-config does not set polaris.features."ALLOW_TABLE_LOCATION_OVERLAP"=false, so two tables can share files; set it.',
        ]);
    });
});

describe("policy cluster-platform-floe-network-flows", () => {
    const policy = stackPolicy(floeNetworkFlows) as StackValidationPolicy;
    describeCommon(policy, {
        name: "cluster-platform-floe-network-flows",
        enforcementLevel: "advisory",
        severity: "medium",
        risks: ["FLOE-R-5"],
    });
    it("#1 passes the policies generated from the flow matrix", () =>
        assert.deepStrictEqual(stackViolationsOf(policy, floeStack()), []));
    it("#2 reports a missing flow (jobs → Polaris)", () => {
        const list = changedFloe((n) => n("np-floe-platform-polaris-ingress").props.spec.ingress.shift());
        assert.deepStrictEqual(stackViolationsOf(policy, list), [
            "[FLOE-R-5 · score 4] the flow jobs → polaris on TCP 8181 (jobs read and commit Iceberg tables through the catalog) is blocked by ingress at floe-platform; allow it in the policies of the flow matrix.",
        ]);
    });
    it("#3 reports a port that differs from the container port (the chart's Dagster 3000 vs 80)", () => {
        const list = changedFloe(
            (n) =>
                (n("np-floe-platform-dagster-webserver-ingress").props.spec.ingress[0].ports = [
                    { port: 3000, protocol: "TCP" },
                ]),
        );
        assert.deepStrictEqual(stackViolationsOf(policy, list), [
            "[FLOE-R-5 · score 4] the flow ingress → dagster-webserver on TCP 80 (the Dagster UI) is blocked by ingress at floe-platform; allow it in the policies of the flow matrix.",
            "[FLOE-R-5 · score 4] NetworkPolicy floe-platform/dagster-webserver-ingress allows ingress on TCP 3000, but the pods it selects listen on 80; allow the container port instead.",
        ]);
    });
    it("#4 reports a cross-namespace peer without namespaceSelector (the chart's Polaris rule)", () => {
        const list = changedFloe(
            (n) =>
                (n("np-floe-platform-polaris-ingress").props.spec.ingress[0].from = [
                    { podSelector: { matchLabels: { "floe.dev/job-type": "data-pipeline" } } },
                ]),
        );
        const v = stackViolationsOf(policy, list);
        assert.ok(
            v.includes(
                '[FLOE-R-5 · score 4] NetworkPolicy floe-platform/polaris-ingress has a peer {"matchLabels":{"floe.dev/job-type":"data-pipeline"}} without namespaceSelector, so it only matches pods in floe-platform, but those pods run in floe-jobs; add namespaceSelector kubernetes.io/metadata.name: floe-jobs.',
            ),
            v.join("\n"),
        );
    });
    it("#5 reports floe-jobs without default-deny egress", () => {
        const list = changedFloe((n) => (n("np-floe-jobs-default-deny").props.spec.policyTypes = ["Ingress"]));
        assert.deepStrictEqual(stackViolationsOf(policy, list), [
            "[FLOE-R-5 · score 4] namespace floe-jobs has no default-deny Egress policy (podSelector {} with policyTypes [Egress]); ADR-0022 requires jobs to be denied by default both ways.",
        ]);
    });
});

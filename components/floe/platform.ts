// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { FloeConfig, StackConfig } from "../../config/schema";
import { KEEP_DATA, rootChildOptions } from "../shared/options";
import { floeNetworkPolicies } from "./flows";
import { chartSource } from "../shared/charts";
import {
    dagsterValues,
    floeAlerts,
    floeDatabaseSecrets,
    floeRoles,
    namespaceLabels,
    POSTGRES_CLUSTER,
    polarisDeploymentSpec,
    polarisProperties,
    postgresClusterSpec,
    scheduledBackupSpec,
} from "./specs";

/** Arguments of {@link FloePlatform}. */
export interface FloePlatformArgs {
    /** The validated stack config. */
    config: StackConfig;
    /** The floe settings (enabled). */
    floe: FloeConfig;
}

/**
 * The floe data platform: namespaces (ADR-0022), the CloudNativePG operator and a protected
 * 3-instance PostgreSQL cluster with daily backups, Dagster (official chart), the Polaris catalog,
 * RBAC, network policies generated from the flow matrix, and alerts.
 */
export class FloePlatform extends pulumi.ComponentResource {
    /** In-cluster URL of the Polaris REST catalog. */
    public readonly catalogUrl: pulumi.Output<string>;

    constructor(name: string, args: FloePlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cluster-platform:floe:Platform", name, {}, opts);
        const { config, floe } = args;
        const p = floe.platformNamespace;
        const labels = namespaceLabels(floe);
        // Holds the CNPG cluster and its volumes: a rename must stop at protection, not delete them.
        const platformNs = new k8s.core.v1.Namespace(
            `${name}-platformNamespace`,
            { metadata: { name: p, labels: labels[p] } },
            { ...rootChildOptions(this, opts), ...KEEP_DATA },
        );
        const jobsNs = new k8s.core.v1.Namespace(
            `${name}-jobsNamespace`,
            { metadata: { name: floe.jobsNamespace, labels: labels[floe.jobsNamespace] } },
            rootChildOptions(this, opts),
        );
        const cnpgNs = new k8s.core.v1.Namespace(
            `${name}-cnpgNamespace`,
            { metadata: { name: "cnpg-system", labels: { "pod-security.kubernetes.io/enforce": "restricted" } } },
            rootChildOptions(this, opts),
        );
        const inPlatform = { parent: this, dependsOn: [platformNs] };
        const inJobs = { parent: this, dependsOn: [jobsNs] };

        const cnpg = new k8s.helm.v3.Release(
            `${name}-cnpgOperator`,
            {
                name: "cnpg",
                namespace: "cnpg-system",
                ...chartSource(
                    {
                        name: "cloudnative-pg",
                        version: floe.cnpgChartVersion,
                        repo: "https://cloudnative-pg.github.io/charts",
                    },
                    config.chartMirror,
                ),
                atomic: true,
                cleanupOnFail: true,
                timeout: 600,
                values: { replicaCount: 2, crds: { create: true } },
            },
            { parent: this, dependsOn: [cnpgNs] },
        );
        const secrets = floeDatabaseSecrets(floe).map(
            (x) =>
                new k8s.apiextensions.CustomResource(
                    `${name}-secret-${x.name}`,
                    {
                        apiVersion: "external-secrets.io/v1beta1",
                        kind: "ExternalSecret",
                        metadata: { name: x.name, namespace: p },
                        spec: x.spec,
                    },
                    inPlatform,
                ),
        );
        // The cluster holds Dagster's run history and the Polaris catalog: no stack change may drop it.
        const postgres = new k8s.apiextensions.CustomResource(
            `${name}-postgres`,
            {
                apiVersion: "postgresql.cnpg.io/v1",
                kind: "Cluster",
                metadata: { name: POSTGRES_CLUSTER, namespace: p },
                spec: postgresClusterSpec(floe),
            },
            { parent: this, dependsOn: [platformNs, cnpg, ...secrets], ...KEEP_DATA },
        );
        new k8s.apiextensions.CustomResource(
            `${name}-postgresBackup`,
            {
                apiVersion: "postgresql.cnpg.io/v1",
                kind: "ScheduledBackup",
                metadata: { name: `${POSTGRES_CLUSTER}-daily`, namespace: p },
                spec: scheduledBackupSpec(),
            },
            { parent: this, dependsOn: [postgres] },
        );

        const sa = (role: string, ns: string, dep: pulumi.Resource) =>
            new k8s.core.v1.ServiceAccount(
                `${name}-${role}ServiceAccount`,
                { metadata: { name: `floe-${role === "jobRunner" ? "job-runner" : role}`, namespace: ns } },
                { parent: this, dependsOn: [dep] },
            );
        sa("dagster", p, platformNs);
        sa("polaris", p, platformNs);
        sa("jobRunner", floe.jobsNamespace, jobsNs);
        const roles = floeRoles();
        const dagsterRole = new k8s.rbac.v1.Role(
            `${name}-dagsterRole`,
            { metadata: { name: "floe-dagster-jobs", namespace: floe.jobsNamespace }, rules: roles.dagster },
            inJobs,
        );
        new k8s.rbac.v1.RoleBinding(
            `${name}-dagsterRoleBinding`,
            {
                metadata: { name: "floe-dagster-jobs", namespace: floe.jobsNamespace },
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "floe-dagster-jobs" },
                subjects: [{ kind: "ServiceAccount", name: "floe-dagster", namespace: p }],
            },
            { parent: this, dependsOn: [dagsterRole] },
        );
        const runnerRole = new k8s.rbac.v1.Role(
            `${name}-jobRunnerRole`,
            { metadata: { name: "floe-job-runner", namespace: floe.jobsNamespace }, rules: roles.jobRunner },
            inJobs,
        );
        new k8s.rbac.v1.RoleBinding(
            `${name}-jobRunnerRoleBinding`,
            {
                metadata: { name: "floe-job-runner", namespace: floe.jobsNamespace },
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "floe-job-runner" },
                subjects: [{ kind: "ServiceAccount", name: "floe-job-runner", namespace: floe.jobsNamespace }],
            },
            { parent: this, dependsOn: [runnerRole] },
        );

        new k8s.helm.v3.Release(
            `${name}-dagster`,
            {
                name: "dagster",
                namespace: p,
                ...chartSource(
                    { name: "dagster", version: floe.dagsterChartVersion, repo: "https://dagster-io.github.io/helm" },
                    config.chartMirror,
                ),
                atomic: true,
                cleanupOnFail: true,
                timeout: 600,
                values: dagsterValues(floe),
            },
            { parent: this, dependsOn: [postgres] },
        );

        new k8s.core.v1.ConfigMap(
            `${name}-polarisConfig`,
            {
                metadata: { name: "floe-polaris-config", namespace: p },
                data: { "application.properties": polarisProperties(floe) },
            },
            inPlatform,
        );
        new k8s.apps.v1.Deployment(
            `${name}-polaris`,
            { metadata: { name: "floe-polaris", namespace: p }, spec: polarisDeploymentSpec(floe) },
            { parent: this, dependsOn: [postgres] },
        );
        new k8s.core.v1.Service(
            `${name}-polarisService`,
            {
                metadata: { name: "floe-platform-polaris", namespace: p },
                spec: {
                    selector: { "app.kubernetes.io/name": "polaris", "app.kubernetes.io/component": "polaris" },
                    ports: [
                        { name: "http", port: 8181, targetPort: "http" },
                        { name: "management", port: 8182, targetPort: "management" },
                    ],
                },
            },
            inPlatform,
        );

        const policies = floeNetworkPolicies(config, floe);
        for (const np of policies.networkPolicies) {
            new k8s.networking.v1.NetworkPolicy(
                `${name}-netpol-${np.namespace}-${np.name}`,
                { metadata: { name: np.name, namespace: np.namespace }, spec: np.spec },
                { parent: this, dependsOn: [platformNs, jobsNs] },
            );
        }
        for (const cnp of policies.ciliumPolicies) {
            new k8s.apiextensions.CustomResource(
                `${name}-cnp-${cnp.name}`,
                {
                    apiVersion: "cilium.io/v2",
                    kind: "CiliumNetworkPolicy",
                    metadata: { name: cnp.name, namespace: cnp.namespace },
                    spec: cnp.spec,
                },
                { parent: this, dependsOn: [platformNs] },
            );
        }
        if (config.monitoring.enabled) {
            new k8s.apiextensions.CustomResource(
                `${name}-alerts`,
                {
                    apiVersion: "monitoring.coreos.com/v1",
                    kind: "PrometheusRule",
                    metadata: { name: "floe-alerts", namespace: p },
                    spec: floeAlerts(floe),
                },
                inPlatform,
            );
        }
        this.catalogUrl = pulumi.output(`http://floe-platform-polaris.${p}.svc.cluster.local:8181/api/catalog`);
        this.registerOutputs({ catalogUrl: this.catalogUrl });
    }
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { FloeSettings } from "../../config/slices";
import { KEEP_DATA, rootChildOptions } from "../shared/options";
import { floeAlertsArgs } from "./alerts";
import { dagsterReleaseArgs } from "./dagster";
import { floeNetworkPolicies } from "./flows";
import { floeNamespaces } from "./namespaces";
import { polarisCatalogUrl, polarisConfigArgs, polarisDeploymentArgs, polarisServiceArgs } from "./polaris";
import {
    cnpgReleaseArgs,
    databaseSecretArgs,
    postgresClusterArgs,
    postgresPodMonitorArgs,
    scheduledBackupArgs,
} from "./postgres";
import { floeJobsRoles, floeServiceAccounts } from "./rbac";

/** Arguments of {@link FloePlatform}: the stack settings the platform reads. */
export interface FloePlatformArgs {
    /** floe's settings (enabled), monitoring and the chart mirror. */
    settings: FloeSettings;
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
        const { settings } = args;
        const { floe } = settings;
        const ns = Object.fromEntries(
            floeNamespaces(floe).map((n) => [
                n.role,
                new k8s.core.v1.Namespace(`${name}-${n.role}`, n.args, {
                    ...rootChildOptions(this, opts),
                    ...(n.holdsData ? KEEP_DATA : {}),
                }),
            ]),
        );
        const after = (...dependsOn: pulumi.Resource[]) => ({ parent: this, dependsOn });

        const cnpg = new k8s.helm.v3.Release(
            `${name}-cnpgOperator`,
            cnpgReleaseArgs(settings),
            after(ns.cnpgNamespace),
        );
        const secrets = databaseSecretArgs(floe).map(
            (x) =>
                new k8s.apiextensions.CustomResource(
                    `${name}-secret-${x.metadata.name}`,
                    x,
                    after(ns.platformNamespace),
                ),
        );
        // The cluster holds Dagster's run history and the Polaris catalog: no stack change may drop it.
        const postgres = new k8s.apiextensions.CustomResource(`${name}-postgres`, postgresClusterArgs(floe), {
            ...after(ns.platformNamespace, cnpg, ...secrets),
            ...KEEP_DATA,
        });
        new k8s.apiextensions.CustomResource(`${name}-postgresBackup`, scheduledBackupArgs(floe), after(postgres));

        for (const sa of floeServiceAccounts(floe)) {
            new k8s.core.v1.ServiceAccount(`${name}-${sa.role}ServiceAccount`, sa.args, after(ns[sa.namespaceRole]));
        }
        for (const r of floeJobsRoles(floe)) {
            const role = new k8s.rbac.v1.Role(`${name}-${r.role}Role`, r.roleArgs, after(ns.jobsNamespace));
            new k8s.rbac.v1.RoleBinding(`${name}-${r.role}RoleBinding`, r.bindingArgs, after(role));
        }

        new k8s.helm.v3.Release(`${name}-dagster`, dagsterReleaseArgs(settings), after(postgres));
        new k8s.core.v1.ConfigMap(`${name}-polarisConfig`, polarisConfigArgs(floe), after(ns.platformNamespace));
        new k8s.apps.v1.Deployment(`${name}-polaris`, polarisDeploymentArgs(floe), after(postgres));
        new k8s.core.v1.Service(`${name}-polarisService`, polarisServiceArgs(floe), after(ns.platformNamespace));

        const policies = floeNetworkPolicies(settings, floe);
        for (const np of policies.networkPolicies) {
            new k8s.networking.v1.NetworkPolicy(
                `${name}-netpol-${np.namespace}-${np.name}`,
                { metadata: { name: np.name, namespace: np.namespace }, spec: np.spec },
                after(ns.platformNamespace, ns.jobsNamespace),
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
                after(ns.platformNamespace),
            );
        }
        if (settings.monitoring.enabled) {
            new k8s.apiextensions.CustomResource(`${name}-alerts`, floeAlertsArgs(floe), after(ns.platformNamespace));
            new k8s.apiextensions.CustomResource(
                `${name}-postgresMonitor`,
                postgresPodMonitorArgs(floe),
                after(postgres),
            );
        }
        this.catalogUrl = pulumi.output(polarisCatalogUrl(floe));
        this.registerOutputs({ catalogUrl: this.catalogUrl });
    }
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DragonflyDerived } from "../../config/derived";
import { StackConfig } from "../../config/schema";
import { KEEP_DATA, rootChildOptions } from "../shared/options";
import {
    AUTH_PASSWORD_KEY,
    AUTH_SECRET_NAME,
    authExternalSecret,
    dashboardJson,
    dataPodLabels,
    dragonflySpec,
    globalServiceSpec,
    networkPolicySpec,
    podMonitorSpec,
    prometheusRuleSpec,
    RESTRICTED_PSA,
} from "./specs";

/** Arguments of {@link DragonflyCluster}. */
export interface DragonflyClusterArgs {
    /** The validated stack config (Dragonfly must be enabled). */
    config: StackConfig;
    /** Settings derived once in the config layer. */
    derived: DragonflyDerived;
    /** The password, as a Pulumi secret; required when `auth.source` is `pulumiSecret`. */
    password?: pulumi.Input<string>;
    /** The operator release the CR waits for (its CRDs). */
    operatorRelease: pulumi.Input<pulumi.Resource>;
}

/**
 * The shared cache: namespace, auth Secret (from a Pulumi secret or an ExternalSecret), the
 * Dragonfly CR, its NetworkPolicy, monitoring (PodMonitor, PrometheusRule, dashboard) and the
 * ClusterMesh global Service.
 */
export class DragonflyCluster extends pulumi.ComponentResource {
    /** In-cluster address of the cache (the Service the operator creates, master only). */
    public readonly endpoint: pulumi.Output<string>;

    constructor(name: string, args: DragonflyClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cluster-platform:dragonfly:Cluster", name, {}, opts);
        const { config, derived } = args;
        const df = config.components.dragonfly;
        const ns = new k8s.core.v1.Namespace(
            `${name}-namespace`,
            {
                metadata: {
                    name: df.namespace,
                    labels: { ...RESTRICTED_PSA, "app.kubernetes.io/part-of": "dragonfly" },
                },
            },
            // Holds the cache's snapshot volumes and auth Secret: a rename must stop at protection.
            { ...rootChildOptions(this, opts), ...KEEP_DATA },
        );
        const inNs = { parent: this, dependsOn: [ns] };
        const external = authExternalSecret(config);
        let auth: pulumi.Resource;
        if (external) {
            auth = new k8s.apiextensions.CustomResource(
                `${name}-authExternalSecret`,
                external as k8s.apiextensions.CustomResourceArgs,
                inNs,
            );
        } else {
            if (args.password === undefined) {
                throw new pulumi.ResourceError(
                    "components.dragonfly.auth.source is pulumiSecret but no password was given; set cluster-platform:dragonflyPassword with --secret",
                    this,
                );
            }
            auth = new k8s.core.v1.Secret(
                `${name}-authSecret`,
                {
                    metadata: { name: AUTH_SECRET_NAME, namespace: df.namespace },
                    type: "Opaque",
                    stringData: { [AUTH_PASSWORD_KEY]: pulumi.secret(args.password) },
                },
                inNs,
            );
        }
        new k8s.apiextensions.CustomResource(
            `${name}-dragonfly`,
            {
                apiVersion: "dragonflydb.io/v1alpha1",
                kind: "Dragonfly",
                metadata: { name: df.name, namespace: df.namespace },
                spec: dragonflySpec(config, derived),
            },
            { parent: this, dependsOn: [ns, auth, args.operatorRelease] },
        );
        new k8s.networking.v1.NetworkPolicy(
            `${name}-networkPolicy`,
            {
                metadata: { name: `${df.name}-clients`, namespace: df.namespace },
                spec: networkPolicySpec(config, derived),
            },
            inNs,
        );
        if (derived.monitoringEnabled) {
            new k8s.apiextensions.CustomResource(
                `${name}-podMonitor`,
                {
                    apiVersion: "monitoring.coreos.com/v1",
                    kind: "PodMonitor",
                    metadata: { name: df.name, namespace: df.namespace, labels: dataPodLabels(df.name) },
                    spec: podMonitorSpec(config),
                },
                inNs,
            );
            new k8s.apiextensions.CustomResource(
                `${name}-alerts`,
                {
                    apiVersion: "monitoring.coreos.com/v1",
                    kind: "PrometheusRule",
                    metadata: { name: `${df.name}-alerts`, namespace: df.namespace },
                    spec: prometheusRuleSpec(config),
                },
                inNs,
            );
            new k8s.core.v1.ConfigMap(
                `${name}-dashboard`,
                {
                    metadata: {
                        name: `${df.name}-dashboard`,
                        namespace: df.namespace,
                        labels: { grafana_dashboard: "1" },
                    },
                    data: { "dragonfly.json": dashboardJson(config) },
                },
                inNs,
            );
        }
        const global = globalServiceSpec(config);
        if (global) {
            new k8s.core.v1.Service(`${name}-globalService`, global, inNs);
        }
        this.endpoint = pulumi.output(`${df.name}.${df.namespace}.svc.cluster.local:6379`);
        this.registerOutputs({ endpoint: this.endpoint });
    }
}

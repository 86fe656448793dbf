// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DragonflyDerived } from "../../config/derived";
import { DragonflySettings } from "../../config/slices";
import { KEEP_DATA, rootChildOptions } from "../shared/options";
import { authExternalSecret, authSecretArgs } from "./auth";
import { dragonflyResource } from "./cacheSpecs";
import { monitoringObjects } from "./monitoring";
import { dragonflyNamespaceArgs } from "./naming";
import { globalServiceSpec, networkPolicyArgs } from "./network";

/** Arguments of {@link DragonflyCluster}. */
export interface DragonflyClusterArgs {
    /** The stack settings the cache reads (Dragonfly must be enabled). */
    config: DragonflySettings;
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
        // Holds the cache's snapshot volumes and auth Secret: a rename must stop at protection.
        const ns = new k8s.core.v1.Namespace(`${name}-namespace`, dragonflyNamespaceArgs(df.namespace), {
            ...rootChildOptions(this, opts),
            ...KEEP_DATA,
        });
        const inNs = { parent: this, dependsOn: [ns] };
        const auth = this.authSecret(name, config, args.password, inNs);
        new k8s.apiextensions.CustomResource(`${name}-dragonfly`, dragonflyResource(config, derived), {
            parent: this,
            dependsOn: [ns, auth, args.operatorRelease],
        });
        new k8s.networking.v1.NetworkPolicy(`${name}-networkPolicy`, networkPolicyArgs(config, derived), inNs);
        if (derived.monitoringEnabled) {
            const monitoring = monitoringObjects(config);
            new k8s.apiextensions.CustomResource(`${name}-podMonitor`, monitoring.podMonitor, inNs);
            new k8s.apiextensions.CustomResource(`${name}-alerts`, monitoring.alerts, inNs);
            new k8s.core.v1.ConfigMap(`${name}-dashboard`, monitoring.dashboard, inNs);
        }
        const global = globalServiceSpec(config);
        if (global) {
            new k8s.core.v1.Service(`${name}-globalService`, global, inNs);
        }
        this.endpoint = pulumi.output(`${df.name}.${df.namespace}.svc.cluster.local:6379`);
        this.registerOutputs({ endpoint: this.endpoint });
    }

    /** The auth Secret: synced by an ExternalSecret, or made from the Pulumi secret. */
    private authSecret(
        name: string,
        config: DragonflySettings,
        password: pulumi.Input<string> | undefined,
        opts: pulumi.CustomResourceOptions,
    ): pulumi.Resource {
        const external = authExternalSecret(config);
        if (external) {
            return new k8s.apiextensions.CustomResource(
                `${name}-authExternalSecret`,
                external as k8s.apiextensions.CustomResourceArgs,
                opts,
            );
        }
        if (password === undefined) {
            throw new pulumi.ResourceError(
                "components.dragonfly.auth.source is pulumiSecret but no password was given; set cluster-platform:dragonflyPassword with --secret",
                this,
            );
        }
        return new k8s.core.v1.Secret(`${name}-authSecret`, authSecretArgs(config, password), opts);
    }
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../config/schema";

/** The provider arguments that pin a stack to its own cluster (risk CIL-TECH-002). Pure; exported for tests. */
export function clusterProviderArgs(config: StackConfig): k8s.ProviderArgs {
    return {
        context: config.kubernetes.context,
        // A changed identifier replaces the provider (and so every resource) instead of silently
        // pointing the existing state at another cluster.
        clusterIdentifier: config.kubernetes.clusterIdentifier ?? config.cluster.name,
        enableServerSideApply: true,
        deleteUnreachable: false,
    };
}

/** The one explicit Kubernetes provider of a stack, built from its kube context. */
export function createClusterProvider(config: StackConfig, opts?: pulumi.CustomResourceOptions): k8s.Provider {
    return new k8s.Provider(`${config.cluster.name}-k8s`, clusterProviderArgs(config), opts);
}

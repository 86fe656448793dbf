// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The program: validate this stack's Pulumi config, pin the provider to this stack's cluster, declare the platform.
import * as pulumi from "@pulumi/pulumi";
import { buildPlatform, createClusterProvider } from "./components";
import { ConfigError } from "./config/issues";
import { loadRuntimeStackConfig } from "./config/load";
import { readPulumiConfig } from "./config/pulumiConfig";

function load(): ReturnType<typeof loadRuntimeStackConfig> {
    try {
        return loadRuntimeStackConfig(pulumi.getStack(), readPulumiConfig());
    } catch (err) {
        // A RunError prints the message without a stack trace; nothing has been registered yet.
        throw err instanceof ConfigError ? new pulumi.RunError(err.message) : err;
    }
}

const config = load();
const provider = createClusterProvider(config);
const platform = buildPlatform(config, provider, {
    dragonflyPassword: new pulumi.Config().getSecret("dragonflyPassword"),
});

/** The cluster this stack manages. */
export const cluster = { name: config.cluster.name, id: config.cluster.id, context: config.kubernetes.context };
/** The Cilium chart version deployed. */
export const ciliumChartVersion = platform.cilium.chartVersion;
/** In-cluster address of the shared cache, when the stack runs one. */
export const cacheEndpoint = platform.dragonfly?.cluster.endpoint;

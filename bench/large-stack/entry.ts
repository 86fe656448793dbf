// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Program entry of the bench's large stack (`pulumi preview` on a project copy, bench/preview.ts): the
// program of index.ts, then CP_BENCH_TENANTS cache tenants (default LARGE_STACK_TENANTS).
import * as pulumi from "@pulumi/pulumi";
import { buildPlatform, createClusterProvider } from "../../components";
import { loadRuntimeStackConfig } from "../../config/load";
import { readPulumiConfig } from "../../config/pulumiConfig";
import { addCacheTenants, LARGE_STACK_TENANTS } from "./tenants";

const config = loadRuntimeStackConfig(pulumi.getStack(), readPulumiConfig());
const provider = createClusterProvider(config);
const platform = buildPlatform(config, provider, {
    dragonflyPassword: new pulumi.Config().getSecret("dragonflyPassword"),
});
addCacheTenants(config, platform, provider, Number(process.env.CP_BENCH_TENANTS ?? LARGE_STACK_TENANTS));

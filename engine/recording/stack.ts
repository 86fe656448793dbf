// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { buildPlatform, createClusterProvider, offlineSecrets } from "../../components";
import { StackConfig } from "../../config/schema";
import { MockRuntimeOptions, RecordedResource, recordProgram } from "./program";

/**
 * Records the resource graph of one stack's platform, built by the same pure function `index.ts`
 * calls, with stand-ins (as Pulumi secrets) for the secrets only the Pulumi CLI can decrypt.
 */
export function recordStack(config: StackConfig, options: MockRuntimeOptions = {}): Promise<RecordedResource[]> {
    return recordProgram(
        config.cluster.name,
        () => buildPlatform(config, createClusterProvider(config), offlineSecrets(config)),
        options,
    );
}

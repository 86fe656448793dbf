// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Reads the running stack's configuration through Pulumi's config system (pulumi.Config), so every
// source Pulumi merges (stack file, ESC environments, --path values, Automation API, CI) counts.
import * as pulumi from "@pulumi/pulumi";
import { RuntimeConfig } from "./load";

/** Every config key of the run with its value: structured values through `getObject`, others as strings. */
export function readPulumiConfig(): RuntimeConfig {
    const values: Record<string, unknown> = {};
    const secretKeys = new Set<string>();
    // The SDK marks which keys are secret; the helper is not in its typings, so it is looked up defensively.
    const isSecret = (pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean }).isConfigSecret;
    for (const key of Object.keys(pulumi.runtime.allConfig()).sort()) {
        const i = key.indexOf(":");
        const config = new pulumi.Config(key.slice(0, i));
        const name = key.slice(i + 1);
        let value: unknown;
        try {
            value = config.getObject<unknown>(name);
        } catch {
            // Not JSON: a plain string setting; the schema says whether a string is allowed there.
            value = config.get(name);
        }
        values[key] = value;
        if (isSecret?.(key)) {
            secretKeys.add(key);
        }
    }
    return { values, secretKeys };
}

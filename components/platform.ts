// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as k8s from "@pulumi/kubernetes";
import { StackConfig } from "../config/schema";
import { CiliumCore } from "./cilium";

/** What one stack's platform exposes. */
export interface Platform {
    cilium: CiliumCore;
}

/**
 * Declares the platform of one cluster stack on the given provider. Pure apart from resource
 * registration: it reads no Pulumi config, so tests can build several stacks in one process.
 */
export function buildPlatform(config: StackConfig, provider: k8s.Provider): Platform {
    const cilium = new CiliumCore(`${config.cluster.name}-cilium`, { config }, { providers: [provider] });
    return { cilium };
}

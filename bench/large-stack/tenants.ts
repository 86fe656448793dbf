// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The bench's large stack: the apps platform plus many cache tenants, each a Dragonfly cluster of its
// own (namespace, auth, CR, NetworkPolicy, monitoring, global Service) behind the same operator.
import * as k8s from "@pulumi/kubernetes";
import { DragonflyCluster, Platform } from "../../components";
import { StackConfig } from "../../config/schema";
import { dragonflySettings } from "../../config/slices";
import { deriveDragonfly } from "../../config/derived";

/** Tenants that bring the apps stack (56 resources) to 1,001: nine resources each. */
export const LARGE_STACK_TENANTS = 105;

/** Declares `count` cache tenants, `cache-tenant-<i>` in namespaces of the same name, on a platform that runs Dragonfly. */
export function addCacheTenants(
    config: StackConfig,
    platform: Platform,
    provider: k8s.Provider,
    count: number,
): DragonflyCluster[] {
    const derived = deriveDragonfly(config);
    if (!derived || !platform.dragonfly) {
        throw new Error(`stack ${config.cluster.name} runs no Dragonfly: cache tenants need its operator`);
    }
    const settings = dragonflySettings(config);
    const df = settings.components.dragonfly;
    return Array.from({ length: count }, (_, i) => {
        const tenant = `cache-tenant-${i + 1}`;
        return new DragonflyCluster(
            `${config.cluster.name}-${tenant}`,
            {
                config: { ...settings, components: { dragonfly: { ...df, name: tenant, namespace: tenant } } },
                derived,
                operatorRelease: platform.dragonfly!.operator.release,
            },
            { providers: [provider], dependsOn: [platform.cilium.release] },
        );
    });
}

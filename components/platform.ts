// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { deriveDragonfly } from "../config/derived";
import { StackConfig } from "../config/schema";
import { ciliumSettings, dragonflySettings, floeSettings } from "../config/slices";
import { CiliumCore } from "./cilium";
import { DragonflyCluster, DragonflyOperator } from "./dragonfly";
import { FloePlatform } from "./floe";
import { ClusterMonitors } from "./shared/monitors";

/** Secret config values, read by `index.ts` with `getSecret` and passed in as Outputs. */
export interface PlatformSecrets {
    dragonflyPassword?: pulumi.Input<string>;
}

/**
 * What the offline engine (check, render) passes for the secrets a stack reads: a stand-in wrapped
 * as a Pulumi secret, so the Secret is declared as in a real preview, rules see that a value is
 * set, and every output redacts it. The real value needs the Pulumi CLI to decrypt.
 */
export function offlineSecrets(config: StackConfig): PlatformSecrets {
    const df = config.components.dragonfly;
    return df.enabled && df.auth.source === "pulumiSecret"
        ? { dragonflyPassword: pulumi.secret("offline-stand-in-for-cluster-platform:dragonflyPassword") }
        : {};
}

/** What one stack's platform exposes. */
export interface Platform {
    cilium: CiliumCore;
    dragonfly?: { operator: DragonflyOperator; cluster: DragonflyCluster };
    floe?: FloePlatform;
    /** PodMonitors of the cluster-wide exporters the alerts read, when the stack runs monitoring. */
    monitors?: ClusterMonitors;
}

/**
 * Declares the platform of one cluster stack on the given provider. Pure apart from resource
 * registration: it reads no Pulumi config, so tests can build several stacks in one process.
 * Every component waits for the Cilium release (risk CIL-TECH-004: nothing schedules without the CNI).
 */
export function buildPlatform(config: StackConfig, provider: k8s.Provider, secrets: PlatformSecrets = {}): Platform {
    const name = config.cluster.name;
    const cilium = new CiliumCore(
        `${name}-cilium`,
        { config: ciliumSettings(config), monitoring: config.monitoring },
        { providers: [provider] },
    );
    const afterCni = { providers: [provider], dependsOn: [cilium.release] };
    const platform: Platform = { cilium };
    if (config.monitoring.enabled) {
        platform.monitors = new ClusterMonitors(`${name}-monitors`, {}, afterCni);
    }
    const dragonfly = deriveDragonfly(config);
    if (dragonfly) {
        const settings = dragonflySettings(config);
        const operator = new DragonflyOperator(
            `${name}-dragonflyOperator`,
            { config: settings, derived: dragonfly },
            afterCni,
        );
        const cluster = new DragonflyCluster(
            `${name}-dragonfly`,
            {
                config: settings,
                derived: dragonfly,
                password: secrets.dragonflyPassword,
                operatorRelease: operator.release,
            },
            afterCni,
        );
        platform.dragonfly = { operator, cluster };
    }
    const floe = floeSettings(config);
    if (floe) {
        platform.floe = new FloePlatform(`${name}-floe`, { settings: floe }, afterCni);
    }
    return platform;
}

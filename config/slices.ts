// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The slice of the stack config each component reads. Types are picked from the zod schema's type,
// so the schema stays their single source; a full StackConfig satisfies each slice, and the
// selectors below hand a component exactly its slice and nothing else.
import { FloeConfig, StackConfig } from "./schema";

/** What `CiliumCore` reads: the cluster's identity, network, Cilium and BGP settings, the chart mirror. */
export type CiliumSettings = Pick<StackConfig, "cluster" | "kubernetes" | "network" | "cilium" | "bgp" | "chartMirror">;

/** What the Dragonfly components read: Dragonfly's settings and the stack facts its objects name. */
export type DragonflySettings = Pick<StackConfig, "cluster" | "clientNamespaces" | "monitoring" | "chartMirror"> & {
    components: Pick<StackConfig["components"], "dragonfly">;
};

/** What `FloePlatform` reads: floe's settings (enabled) and the stack facts its objects name. */
export type FloeSettings = Pick<StackConfig, "monitoring" | "chartMirror"> & { floe: FloeConfig };

/** The Cilium slice of a stack config. */
export function ciliumSettings(config: StackConfig): CiliumSettings {
    const { cluster, kubernetes, network, cilium, bgp, chartMirror } = config;
    return { cluster, kubernetes, network, cilium, bgp, chartMirror };
}

/** The Dragonfly slice of a stack config. */
export function dragonflySettings(config: StackConfig): DragonflySettings {
    const { cluster, clientNamespaces, monitoring, chartMirror } = config;
    return {
        cluster,
        clientNamespaces,
        monitoring,
        chartMirror,
        components: { dragonfly: config.components.dragonfly },
    };
}

/** The floe settings of a stack, when floe is enabled on it. */
export function floeEnabled(config: StackConfig): FloeConfig | undefined {
    return config.components.floe.enabled ? (config.components.floe as FloeConfig) : undefined;
}

/** The floe slice of a stack config; undefined when floe is off on the stack. */
export function floeSettings(config: StackConfig): FloeSettings | undefined {
    const floe = floeEnabled(config);
    return floe && { floe, monitoring: config.monitoring, chartMirror: config.chartMirror };
}

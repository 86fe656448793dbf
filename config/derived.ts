// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Settings derived from the stack config, computed once here (as the validation report's plugin
// derives them) instead of being re-decided in each component.
import { StackConfig } from "./schema";

const UNITS: Record<string, number> = { "": 1, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, m: 0.001 };

/** Bytes of a Kubernetes memory quantity such as 2Gi. */
export function quantityBytes(q: string): number {
    const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|m)?$/.exec(q);
    if (!m) {
        throw new Error(`not a quantity: ${q}`);
    }
    return Math.floor(Number(m[1]) * UNITS[m[2] ?? ""]);
}

/** What the Dragonfly component builds, decided from the config. */
export interface DragonflyDerived {
    /** `--maxmemory` in bytes: the configured percentage of the memory limit. */
    maxMemoryBytes: number;
    /** Snapshots are taken: a PVC, or S3 with credentials configured. */
    backupsEnabled: boolean;
    /** PodMonitor, PrometheusRule and dashboard are declared: the stack runs monitoring. */
    monitoringEnabled: boolean;
}

/** Derives the Dragonfly settings; undefined when Dragonfly is off on the stack. */
export function deriveDragonfly(config: StackConfig): DragonflyDerived | undefined {
    const df = config.components.dragonfly;
    if (!df.enabled) {
        return undefined;
    }
    const snap = df.snapshot;
    return {
        maxMemoryBytes: Math.floor((quantityBytes(df.memoryLimit) * df.maxMemoryPercent) / 100),
        backupsEnabled: snap.mode === "pvc" || (snap.mode === "s3" && snap.credentialsSecret !== undefined),
        monitoringEnabled: config.monitoring.enabled,
    };
}

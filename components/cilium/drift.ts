// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { StackConfig } from "../../config/schema";
import { CLUSTER_SPECIFIC_VALUE_PATHS, ciliumValues } from "./values";

/** One value that differs between stacks although it is not cluster-specific (risk CIL-TECH-007). */
export interface ValueDrift {
    path: string;
    /** The value per stack name (undefined where a stack does not set it). */
    values: Record<string, unknown>;
}

function flatten(value: unknown, path: string, out: Map<string, unknown>): void {
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
        for (const [k, v] of Object.entries(value)) {
            flatten(v, path ? (k.includes(".") || k.includes("/") ? `${path}["${k}"]` : `${path}.${k}`) : k, out);
        }
    } else {
        out.set(path, value);
    }
}

/**
 * Diffs the Cilium values of every stack (as the one values function builds them) and returns each
 * value that differs although it is not in {@link CLUSTER_SPECIFIC_VALUE_PATHS}. Pure; `values` lets
 * tests and the check command pass values that did not come from the function.
 */
export function ciliumDrift(
    stacks: readonly StackConfig[],
    values: (c: StackConfig) => Record<string, unknown> = ciliumValues,
): ValueDrift[] {
    const flat = stacks.map((s) => {
        const m = new Map<string, unknown>();
        flatten(values(s), "", m);
        return { stack: s.cluster.name, m };
    });
    const paths = new Set(flat.flatMap((f) => [...f.m.keys()]));
    const drift: ValueDrift[] = [];
    for (const path of [...paths].sort()) {
        if (CLUSTER_SPECIFIC_VALUE_PATHS.includes(path)) {
            continue;
        }
        const seen = flat.map((f) => JSON.stringify(f.m.get(path)));
        if (new Set(seen).size > 1) {
            drift.push({ path, values: Object.fromEntries(flat.map((f) => [f.stack, f.m.get(path)])) });
        }
    }
    return drift;
}

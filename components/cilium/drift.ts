// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { StackConfig } from "../../config/schema";
import { riskById } from "../../policies/register";
import { enforcementForScore } from "../../policies/lib/scoring";
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

/** The register risk of Cilium value drift. */
export const DRIFT_RISK = "CIL-TECH-007";

/** A drift finding across stacks, as both `check` and `config:check` report it. */
export interface DriftFinding {
    risk: string;
    score: number;
    /** Whether it blocks, from the register's score alone (CIL-TECH-007 scores 4: advisory). */
    blocking: boolean;
    /** The stack files involved, comma-separated. */
    file: string;
    message: string;
    /** The drifting value: its path and its value per stack name. */
    drift: ValueDrift;
}

/**
 * The one source of drift findings for every command: each drifting value as a finding of
 * {@link DRIFT_RISK} with the register's score and enforcement, and one message.
 */
export function ciliumDriftFindings(stacks: readonly { file: string; config: StackConfig }[]): DriftFinding[] {
    const score = riskById(DRIFT_RISK).score ?? 0;
    return ciliumDrift(stacks.map((s) => s.config)).map((d) => ({
        risk: DRIFT_RISK,
        score,
        blocking: enforcementForScore(score) === "mandatory",
        file: stacks.map((s) => s.file).join(", "),
        message: `Cilium value ${d.path} differs between stacks (${Object.entries(d.values)
            .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
            .join(", ")}) but is not cluster-specific; make it the same everywhere.`,
        drift: d,
    }));
}

/** The one line both commands print for a drift finding. */
export function formatDriftFinding(f: DriftFinding): string {
    return `cross-stack: ${f.blocking ? "BLOCK" : "warn"} ${f.risk} (score ${f.score}, ${f.blocking ? "mandatory" : "advisory"}) ${f.message}`;
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// PodDisruptionBudget arithmetic exactly as the Kubernetes disruption controller does it
// (pkg/controller/disruption/disruption.go getExpectedPodCount, intstr.GetScaledValueFromIntOrPercent);
// see docs/verdict-model.md.

/** A budget's two fields as written (an integer or a percentage string). */
export interface BudgetSpec {
    minAvailable?: number | string;
    maxUnavailable?: number | string;
}

/** Raised for a value the API server's controller cannot scale; the message is the controller's own. */
export class BudgetValueError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "BudgetValueError";
    }
}

/**
 * `intstr.GetScaledValueFromIntOrPercent`: an integer is returned as is; a string must end in `%`
 * and becomes `ceil(p * total / 100)` (roundUp) or `floor(...)`.
 */
export function scaledValue(value: number | string, total: number, roundUp: boolean): number {
    if (typeof value === "number") {
        return value;
    }
    if (!value.endsWith("%")) {
        throw new BudgetValueError(`invalid value for IntOrString: invalid type: string is not a percentage`);
    }
    const body = value.slice(0, -1);
    if (!/^[+-]?\d+$/.test(body)) {
        throw new BudgetValueError(`invalid value for IntOrString: invalid value ${JSON.stringify(value)}`);
    }
    const scaled = (Number(body) * total) / 100;
    return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** What the disruption controller computes for a budget over a workload at full health. */
export interface BudgetOutcome {
    /** Pods the controller counts (the owners' scale, or the pod count for an integer minAvailable). */
    expected: number;
    /** Pods that must stay healthy. */
    desiredHealthy: number;
    /** Evictions allowed when every pod is healthy (`currentHealthy - desiredHealthy`, never below 0). */
    disruptionsAllowed: number;
}

/**
 * The controller's `desiredHealthy` and `disruptionsAllowed` for a budget over `replicas` pods, all
 * healthy: maxUnavailable wins when both are set (as the API validation forbids both, the controller
 * reads maxUnavailable first); neither set gives desiredHealthy 0.
 */
export function budgetOutcome(spec: BudgetSpec, replicas: number): BudgetOutcome {
    let desiredHealthy = 0;
    if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
        desiredHealthy = Math.max(0, replicas - scaledValue(spec.maxUnavailable, replicas, true));
    } else if (spec.minAvailable !== undefined && spec.minAvailable !== null) {
        desiredHealthy = scaledValue(spec.minAvailable, replicas, true);
    }
    const allowed = replicas - desiredHealthy;
    return { expected: replicas, desiredHealthy, disruptionsAllowed: replicas <= 0 || allowed <= 0 ? 0 : allowed };
}

/** The budget's field as written, for messages: `maxUnavailable: 1` or `minAvailable: "50%"`. */
export function describeBudget(spec: BudgetSpec): string {
    if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
        return `maxUnavailable: ${JSON.stringify(spec.maxUnavailable)}`;
    }
    if (spec.minAvailable !== undefined && spec.minAvailable !== null) {
        return `minAvailable: ${JSON.stringify(spec.minAvailable)}`;
    }
    return "neither minAvailable nor maxUnavailable";
}

/** The judgement of one budget over a workload: no finding, drains hang, or quorum below the floor. */
export type BudgetVerdict =
    | { kind: "ok"; outcome: BudgetOutcome }
    | { kind: "blocksEveryEviction"; outcome: BudgetOutcome }
    | { kind: "belowFloor"; outcome: BudgetOutcome; floor: number };

/**
 * Judges a budget: `disruptionsAllowed` 0 at full health forbids every eviction (node drains hang);
 * with more than `floor` replicas, a budget that lets the healthy count fall below `floor` (2 of 3 for
 * the cache's quorum) risks it; with `floor` replicas or fewer there is no quorum to keep.
 */
export function judgeBudget(spec: BudgetSpec, replicas: number, floor: number): BudgetVerdict {
    const outcome = budgetOutcome(spec, replicas);
    if (replicas > 0 && outcome.disruptionsAllowed === 0) {
        return { kind: "blocksEveryEviction", outcome };
    }
    if (replicas > floor && outcome.desiredHealthy < floor) {
        return { kind: "belowFloor", outcome, floor };
    }
    return { kind: "ok", outcome };
}

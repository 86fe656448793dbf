// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { HELM_RELEASE_TYPE } from "../../lib/kube";
import { isCiliumChart } from "./releaseRollbackSafety";

/** True for the Cilium Helm release. */
export function isCiliumRelease(type: string, props: Record<string, unknown>): boolean {
    return type === HELM_RELEASE_TYPE && isCiliumChart(props.chart);
}

/** The release's values as a record. */
export function valuesOf(props: Record<string, unknown>): Record<string, unknown> {
    const v = props.values;
    return typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {};
}

/** Reads a dotted path from an object. */
export function at(obj: unknown, path: string): unknown {
    return path.split(".").reduce<unknown>((o, k) => (typeof o === "object" && o !== null ? (o as Record<string, unknown>)[k] : undefined), obj);
}

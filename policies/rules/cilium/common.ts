// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
/** The release's values as a record. */
export function valuesOf(props: Record<string, unknown>): Record<string, unknown> {
    const v = props.values;
    return typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {};
}

/** Reads a dotted path from an object. */
export function at(obj: unknown, path: string): unknown {
    return path
        .split(".")
        .reduce<unknown>(
            (o, k) => (typeof o === "object" && o !== null ? (o as Record<string, unknown>)[k] : undefined),
            obj,
        );
}

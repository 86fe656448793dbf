// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Reading untyped resource properties: the one `asRecord`, and path getters that never throw on a
// missing, null or wrongly typed step, so a rule reads `recordAt(props, "spec.backup")` instead of a
// chain of guards.

/** A key path: dotted text (`spec.template.metadata`) or explicit segments when a key holds a dot. */
export type Path = string | readonly (string | number)[];

/** The value as a record, or undefined when it is not a non-array object. */
export function asRecord(v: unknown): Record<string, unknown> | undefined {
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function segments(path: Path): readonly (string | number)[] {
    if (typeof path !== "string") {
        return path;
    }
    return path === "" ? [] : path.split(".");
}

/** The value at a path; undefined as soon as a step is missing or not an object (arrays take numeric steps). */
export function valueAt(obj: unknown, path: Path = []): unknown {
    let cur: unknown = obj;
    for (const seg of segments(path)) {
        if (typeof cur !== "object" || cur === null) {
            return undefined;
        }
        cur = (cur as Record<string | number, unknown>)[seg];
    }
    return cur;
}

/** The record at a path; `{}` when absent or not a record, so lookups chain without checks. */
export function recordAt(obj: unknown, path: Path = []): Record<string, unknown> {
    return asRecord(valueAt(obj, path)) ?? {};
}

/** The string at a path; undefined when absent or not a string. */
export function stringAt(obj: unknown, path: Path = []): string | undefined {
    const v = valueAt(obj, path);
    return typeof v === "string" ? v : undefined;
}

/** The array at a path; `[]` when absent or not an array. */
export function arrayAt(obj: unknown, path: Path = []): unknown[] {
    const v = valueAt(obj, path);
    return Array.isArray(v) ? v : [];
}

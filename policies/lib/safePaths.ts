// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Writing user data into objects without letting it reach a prototype: keys are read only as own
// keys and written as own properties (so `__proto__` stays a key), a path segment naming a prototype
// slot is refused, and a path is no deeper than a YAML document may be (a 20,000-segment targetPath
// overflowed the stack).

type Rec = Record<string, unknown>;

/** Keys that reach an object's prototype or its constructor when assigned on an ordinary object. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** The most segments a path may have: the nesting limit of every YAML input (config/yaml.ts). */
export const MAX_PATH_SEGMENTS = 64;

/** Raised for a path that would reach a prototype or nests too deep; the message names where. */
export class UnsafePathError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UnsafePathError";
    }
}

/** The own value of a key; never one inherited from a prototype. */
function ownValue(r: Rec, k: string): unknown {
    return Object.prototype.hasOwnProperty.call(r, k) ? r[k] : undefined;
}

/** Sets an own key; for `__proto__` too, which plain assignment would take as the prototype slot. */
function defineKey(r: Rec, k: string, v: unknown): void {
    Object.defineProperty(r, k, { value: v, writable: true, enumerable: true, configurable: true });
}

function isPlainRecord(v: unknown): v is Rec {
    return typeof v === "object" && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

/**
 * The segments of a dotted path (Flux `targetPath`, `a.b.c`), checked: none empty, none a
 * prototype key, at most {@link MAX_PATH_SEGMENTS}. `where` names the path in the error.
 */
export function safeSegments(
    path: string,
    where: string,
    split: (path: string) => string[] = (p) => p.split("."),
): string[] {
    // Counted before splitting: a megabyte of dots is refused without building the array.
    let dots = 0;
    for (let i = 0; i < path.length && dots < MAX_PATH_SEGMENTS; i++) {
        if (path.charCodeAt(i) === 46) {
            dots++;
        }
    }
    if (dots >= MAX_PATH_SEGMENTS) {
        throw new UnsafePathError(
            `${where}: has more than ${MAX_PATH_SEGMENTS} segments; a path may nest no deeper than a YAML document (${MAX_PATH_SEGMENTS} levels)`,
        );
    }
    const segments = split(path);
    segments.forEach((s, i) => {
        if (s === "") {
            throw new UnsafePathError(`${where}: segment ${i + 1} of ${JSON.stringify(path)} is empty`);
        }
        if (PROTOTYPE_KEYS.has(s)) {
            throw new UnsafePathError(
                `${where}: segment ${i + 1} of ${JSON.stringify(path)} is ${JSON.stringify(s)}, which names an object prototype; no chart value has that name, so the path is refused`,
            );
        }
    });
    return segments;
}

/**
 * A new record holding `value` at the dotted `path`; throws an {@link UnsafePathError} for a path {@link safeSegments} refuses.
 */
export function recordWithPath(path: string, value: unknown, where: string): Rec {
    const segments = safeSegments(path, where);
    const root: Rec = {};
    let cur = root;
    for (const key of segments.slice(0, -1)) {
        const next: Rec = {};
        cur[key] = next;
        cur = next;
    }
    cur[segments[segments.length - 1]] = value;
    return root;
}

/**
 * Deep merge as Helm merges values: records merge key by key, anything else replaces. Keys are read
 * and written as own keys, so a `__proto__` or `constructor` key of the input stays a key of the
 * result and never reaches a prototype. Iterative: the depth of the input never reaches the call stack.
 */
export function mergeValues(base: Rec, over: Rec): Rec {
    const out = copyRecord(base);
    const work: { into: Rec; from: Rec }[] = [{ into: out, from: over }];
    while (work.length > 0) {
        const { into, from } = work.pop()!;
        for (const k of Object.keys(from)) {
            const v = from[k];
            const b = ownValue(into, k);
            if (isPlainRecord(v) && isPlainRecord(b)) {
                const merged = copyRecord(b);
                defineKey(into, k, merged);
                work.push({ into: merged, from: v });
            } else {
                defineKey(into, k, v);
            }
        }
    }
    return out;
}

/** True when lists and maps nest deeper than `max` levels (the top value is level 1). Iterative. */
export function nestsDeeperThan(value: unknown, max: number = MAX_PATH_SEGMENTS): boolean {
    const work: { v: unknown; depth: number }[] = [{ v: value, depth: 1 }];
    while (work.length > 0) {
        const { v, depth } = work.pop()!;
        if (typeof v !== "object" || v === null || ArrayBuffer.isView(v)) {
            continue;
        }
        if (depth > max) {
            return true;
        }
        for (const child of Array.isArray(v) ? v : Object.values(v)) {
            work.push({ v: child, depth: depth + 1 });
        }
    }
    return false;
}

/** A shallow copy of the own keys. */
function copyRecord(r: Rec): Rec {
    const out: Rec = {};
    for (const k of Object.keys(r)) {
        defineKey(out, k, r[k]);
    }
    return out;
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
/**
 * Values whose Struct bytes, written or read, must match google-protobuf's: unicode, -0, NaN,
 * infinities, empty, deep and long values, key order.
 */
export const STRUCT_EDGE_CASES: Record<string, unknown> = {
    unicode: "ü€😀",
    "clé-é": { ключ: "値" },
    numbers: [0, -0, 1.5, -3, 2 ** 40, 2 ** 53 + 2, Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity],
    empty: { object: {}, list: [], string: "" },
    nested: [[[[]]], [{ a: [null, true, false] }]],
    long: "x".repeat(70000),
    many: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i])),
    "10": "integer-like keys sort as strings",
    "9": "so 10 comes before 9",
};

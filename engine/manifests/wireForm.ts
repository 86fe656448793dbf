// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Manifest values in the form the Analyzer protocol carries, so both engines judge the same data:
// YAML and the Flux normaliser can give values a google.protobuf.Struct has no place for.

/** The deepest nesting accepted: a YAML document's limit (64) twice, for what the Flux merge adds. */
export const MAX_WIRE_DEPTH = 128;

/**
 * Puts a resource's properties into wire form, in place, and returns them:
 * - a key whose value is `undefined` is dropped (JSON and the protocol drop it);
 * - an `undefined` list item becomes null (as JSON writes it);
 * - bytes (`!!binary`) become their base64 text (how the Kubernetes API writes bytes);
 * - a `__proto__` key is refused: the protocol's reader takes it as a prototype, so no engine could
 *   judge it as the other does, and no Kubernetes, Helm or Flux field has that name.
 * Throws an Error naming the key path for a refused key or nesting deeper than {@link MAX_WIRE_DEPTH}.
 */
export function toWireForm(props: Record<string, unknown>): Record<string, unknown> {
    const seen = new Set<object>();
    const work: { node: object; path: string; depth: number }[] = [{ node: props, path: "", depth: 1 }];
    while (work.length > 0) {
        const { node, path, depth } = work.pop()!;
        if (seen.has(node)) {
            continue;
        }
        seen.add(node);
        if (depth > MAX_WIRE_DEPTH) {
            throw new Error(`${path || "the document"} nests deeper than ${MAX_WIRE_DEPTH} levels`);
        }
        const at = (k: string | number): string =>
            typeof k === "number" ? `${path}[${k}]` : path === "" ? k : `${path}.${k}`;
        const visit = (v: unknown, k: string | number): unknown => {
            if (v instanceof Uint8Array) {
                return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64");
            }
            if (typeof v === "object" && v !== null) {
                work.push({ node: v, path: at(k), depth: depth + 1 });
            } else if (typeof v === "function" || typeof v === "symbol" || typeof v === "bigint") {
                throw new Error(`${at(k)} holds a ${typeof v}, which no manifest can`);
            }
            return v;
        };
        if (Array.isArray(node)) {
            for (let i = 0; i < node.length; i++) {
                node[i] = node[i] === undefined ? null : visit(node[i], i);
            }
            continue;
        }
        const rec = node as Record<string, unknown>;
        for (const k of Object.keys(rec)) {
            if (k === "__proto__") {
                throw new Error(
                    `${at(k)}: a "__proto__" key is refused: no Kubernetes, Helm or Flux field has that name, and it would reach an object prototype; remove it`,
                );
            }
            const v = rec[k];
            if (v === undefined) {
                delete rec[k];
            } else {
                const w = visit(v, k);
                if (w !== v) {
                    rec[k] = w;
                }
            }
        }
    }
    return props;
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Hostile-input guard for every YAML file the project reads (stack files, manifests): size, alias
// and depth limits, unknown tags, and maps without a prototype so a `__proto__` key stays a key.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";

/** The limits applied to every YAML input. */
export const YAML_LIMITS = {
    /** Largest file accepted, in bytes; a stack file is a few KiB, a rendered stack under 1 MiB. */
    maxBytes: 8 * 1024 * 1024,
    /** Alias expansions per document; stops "billion laughs" before it allocates. */
    maxAliasCount: 100,
    /** Deepest nesting of mappings and lists. */
    maxDepth: 64,
} as const;

/** One problem of a YAML input, with the 1-based line when known. */
export interface YamlProblem {
    line?: number;
    message: string;
}

/** A parsed YAML document: the syntax tree (for line numbers), its plain value and any problem. */
export interface ParsedYaml {
    doc: Document;
    /** The value with every mapping as a null-prototype object; undefined when there were problems. */
    value: unknown;
    problems: YamlProblem[];
    lineOfOffset(offset: number): number;
}

/** A null-prototype record: keys such as `__proto__` and `constructor` are plain keys. */
export type KeyMap = Record<string, unknown>;

/** A new empty null-prototype record. */
export function keyMap(): KeyMap {
    return Object.create(null) as KeyMap;
}

/** Parses the text of one YAML document under {@link YAML_LIMITS}; never throws. */
export function parseYaml(text: string): ParsedYaml {
    const lineCounter = new LineCounter();
    const lineOfOffset = (offset: number): number => lineCounter.linePos(offset).line;
    const size = Buffer.byteLength(text, "utf8");
    if (size > YAML_LIMITS.maxBytes) {
        return {
            doc: parseDocument(""),
            value: undefined,
            lineOfOffset,
            problems: [{ message: `is ${size} bytes; the limit is ${YAML_LIMITS.maxBytes} bytes` }],
        };
    }
    const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    return { doc, lineOfOffset, ...documentValue(doc, lineOfOffset) };
}

/** The plain value of an already parsed document under {@link YAML_LIMITS}, or its problems; never throws. */
export function documentValue(
    doc: Document,
    lineOfOffset: (offset: number) => number,
): { value: unknown; problems: YamlProblem[] } {
    const problems: YamlProblem[] = doc.errors.map((e) => ({
        line: lineOfOffset(e.pos[0]),
        message: `malformed YAML: ${e.message.split("\n")[0]}`,
    }));
    for (const w of doc.warnings) {
        // The yaml library warns (and keeps the raw string) for tags it does not know, e.g. `!Ref`.
        problems.push({ line: lineOfOffset(w.pos[0]), message: `unsupported YAML: ${w.message.split("\n")[0]}` });
    }
    if (problems.length > 0) {
        return { value: undefined, problems };
    }
    const tooDeep = depthProblem(doc.contents, lineOfOffset);
    if (tooDeep) {
        return { value: undefined, problems: [tooDeep] };
    }
    let js: unknown;
    try {
        js = doc.toJS({ mapAsMap: true, maxAliasCount: YAML_LIMITS.maxAliasCount });
    } catch (err) {
        const message = (err as Error).message;
        return {
            value: undefined,
            problems: [
                /alias/i.test(message)
                    ? {
                          message: `expands more than ${YAML_LIMITS.maxAliasCount} aliases (a YAML alias bomb?); write the values out`,
                      }
                    : { message: `cannot be read: ${message.split("\n")[0]}` },
            ],
        };
    }
    try {
        return { value: toKeyMaps(js, 0), problems: [] };
    } catch (err) {
        return { value: undefined, problems: [{ message: (err as Error).message }] };
    }
}

function depthProblem(root: unknown, lineOfOffset: (offset: number) => number): YamlProblem | undefined {
    // Iterative: a hostile document must not overflow the stack of the guard itself.
    const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 1 }];
    while (stack.length > 0) {
        const { node, depth } = stack.pop()!;
        if (!isMap(node) && !isSeq(node)) {
            continue;
        }
        if (depth > YAML_LIMITS.maxDepth) {
            const range = (node as Node).range;
            return {
                ...(range ? { line: lineOfOffset(range[0]) } : {}),
                message: `nests deeper than ${YAML_LIMITS.maxDepth} levels`,
            };
        }
        for (const item of node.items as unknown[]) {
            if (isMap(node)) {
                const pair = item as { key: unknown; value: unknown };
                stack.push({ node: pair.key, depth: depth + 1 }, { node: pair.value, depth: depth + 1 });
            } else {
                stack.push({ node: item, depth: depth + 1 });
            }
        }
    }
    return undefined;
}

function toKeyMaps(value: unknown, depth: number): unknown {
    if (depth > YAML_LIMITS.maxDepth) {
        throw new Error(`nests deeper than ${YAML_LIMITS.maxDepth} levels (through aliases)`);
    }
    if (value instanceof Map) {
        const out = keyMap();
        for (const [k, v] of value) {
            if (k !== null && typeof k === "object") {
                throw new Error("has a mapping or list as a key; keys must be plain strings");
            }
            out[String(k)] = toKeyMaps(v, depth + 1);
        }
        return out;
    }
    if (Array.isArray(value)) {
        return value.map((v) => toKeyMaps(v, depth + 1));
    }
    return value;
}

/** 1-based line of a key path in a document (or of its nearest existing parent). */
export function lineOfPath(
    doc: Document,
    keyPath: readonly PropertyKey[],
    lineOfOffset: (n: number) => number,
): number | undefined {
    let node: unknown = doc.contents;
    let line: number | undefined;
    for (const seg of keyPath) {
        if (isMap(node)) {
            const pair = node.items.find((p) => isScalar(p.key) && p.key.value === seg);
            if (!pair) {
                break;
            }
            const keyRange = isScalar(pair.key) ? pair.key.range : undefined;
            if (keyRange) {
                line = lineOfOffset(keyRange[0]);
            }
            node = pair.value;
        } else if (isSeq(node) && typeof seg === "number" && seg < node.items.length) {
            node = node.items[seg];
            const range = (node as Node | null)?.range;
            if (range) {
                line = lineOfOffset(range[0]);
            }
        } else {
            break;
        }
    }
    return line;
}

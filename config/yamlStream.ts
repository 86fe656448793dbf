// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// A multi-document YAML stream (manifests) under the limits of config/yaml.ts. The fast path: js-yaml's loader is several times faster than building `yaml`
// Documents, which a 10,000-object file pays for in parsing and garbage collection. It is taken only
// for the plain subset — no tag, anchor, alias, directive or collection key anywhere, every document
// an object, depth within YAML_LIMITS — and types plain scalars with the `yaml` package's own YAML
// 1.2 core-schema rules, so its values equal the guarded path's. Anything else, and every error,
// goes to the guarded path (config/yaml.ts), which gives the exact problems.
import { LineCounter, parseAllDocuments } from "yaml";
import { documentValue, KeyMap, keyMap, YAML_LIMITS } from "./yaml";

interface JsYamlState {
    line: number;
    depth: number;
    anchorMap: Record<string, unknown>;
}
interface JsYaml {
    loadAll(
        text: string,
        iterator: undefined,
        options: { schema: unknown; maxDepth: number; listener(event: string, state: JsYamlState): void },
    ): unknown[];
    Type: new (
        tag: string,
        o: { kind: "scalar"; resolve(s: string): boolean; construct(s: string): unknown },
    ) => unknown;
    FAILSAFE_SCHEMA: { extend(d: { implicit: unknown[] }): unknown };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const jsyaml = require("js-yaml") as JsYaml;

/** One scalar type of yaml's core schema (node_modules/yaml/dist/schema/core): its tests, in its order. */
function coreType(tag: string, rules: [RegExp, (s: string) => unknown][]): unknown {
    let hit: (s: string) => unknown = () => undefined;
    return new jsyaml.Type(`tag:yaml.org,2002:${tag}`, {
        kind: "scalar",
        resolve: (s) => {
            const rule = rules.find(([test]) => test.test(s));
            hit = rule ? rule[1] : hit;
            return rule !== undefined;
        },
        construct: (s) => hit(s),
    });
}

/** yaml 2.x's YAML 1.2 core schema: null, bool, int (octal, decimal, hex), float (.inf/.nan, exponent, decimal). */
const CORE = jsyaml.FAILSAFE_SCHEMA.extend({
    implicit: [
        coreType("null", [[/^(?:~|[Nn]ull|NULL)?$/, () => null]]),
        coreType("bool", [[/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (s) => s[0] === "t" || s[0] === "T"]]),
        coreType("int", [
            [/^0o[0-7]+$/, (s) => parseInt(s.substring(2), 8)],
            [/^[-+]?[0-9]+$/, (s) => parseInt(s, 10)],
            [/^0x[0-9a-fA-F]+$/, (s) => parseInt(s.substring(2), 16)],
        ]),
        coreType("float", [
            [
                /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
                (s) =>
                    s.slice(-3).toLowerCase() === "nan"
                        ? NaN
                        : s[0] === "-"
                          ? Number.NEGATIVE_INFINITY
                          : Number.POSITIVE_INFINITY,
            ],
            [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, (s) => parseFloat(s)],
            [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, (s) => parseFloat(s)],
        ]),
    ],
});

/**
 * Text the fast path leaves to the guarded one, wherever it occurs (a quoted string that only looks
 * like it costs speed, never correctness): a directive; a tag, anchor or alias at the start of a node;
 * an explicit key `? `; a flow collection followed by `:` (a collection as a key).
 */
const NOT_PLAIN = [/^%/m, /(?:^|[:\-?,[{])[ \t]*[!&*]/m, /(?:^|[\s[{,])\?(?:\s|$)/m, /[\]}][ \t]*:/];

/** One document of the fast path: its value (null-prototype maps) and the 1-based line its content starts on. */
export interface FastDocument {
    value: KeyMap;
    line: number;
}

/** The documents of a YAML stream through the fast path, or undefined when the guarded path must read it. */
export function fastYamlDocuments(text: string): FastDocument[] | undefined {
    if (NOT_PLAIN.some((re) => re.test(text))) {
        return undefined;
    }
    const lines: number[] = [];
    let anchors = false;
    let values: unknown[];
    try {
        values = jsyaml.loadAll(text, undefined, {
            schema: CORE,
            // A stack guard for js-yaml's recursion (it counts scalars too); the exact limit is checked below.
            maxDepth: 2 * YAML_LIMITS.maxDepth + 2,
            listener: (event, state) => {
                if (event === "open" && state.depth === 1) {
                    lines.push(state.line + 1);
                } else if (event === "close" && state.depth === 1) {
                    anchors ||= Object.keys(state.anchorMap).length > 0;
                }
            },
        });
    } catch {
        return undefined;
    }
    if (anchors || lines.length !== values.length) {
        return undefined;
    }
    const out: FastDocument[] = [];
    for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (typeof v !== "object" || v === null || Array.isArray(v)) {
            return undefined;
        }
        const value = toKeyMap(v, 1);
        if (value === undefined) {
            return undefined;
        }
        out.push({ value: value as KeyMap, line: lines[i] });
    }
    return out;
}

/** The value with null-prototype maps; undefined when a collection nests deeper than the limit. */
function toKeyMap(value: unknown, depth: number): unknown {
    if (typeof value !== "object" || value === null) {
        return value;
    }
    if (depth > YAML_LIMITS.maxDepth) {
        return undefined;
    }
    if (Array.isArray(value)) {
        const out = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) {
            const v = toKeyMap(value[i], depth + 1);
            if (v === undefined) {
                return undefined;
            }
            out[i] = v;
        }
        return out;
    }
    const out = keyMap();
    for (const k of Object.keys(value)) {
        const v = toKeyMap((value as Record<string, unknown>)[k], depth + 1);
        if (v === undefined) {
            return undefined;
        }
        out[k] = v;
    }
    return out;
}

/** One document of a stream: its problems (empty when it reads cleanly), its value, its 1-based line. */
export interface StreamDocument {
    problems: string[];
    /** The value with null-prototype maps; null when there were problems or the document is empty. */
    value: unknown;
    line: number;
}

/**
 * The documents of a multi-document YAML text under {@link YAML_LIMITS} (alias expansions, depth,
 * unknown tags, null-prototype maps): the fast path when the text is plain, else `yaml` Documents
 * through {@link documentValue}. The caller checks the size limit, naming its file.
 */
export function yamlDocuments(text: string): StreamDocument[] {
    const fast = fastYamlDocuments(text);
    return fast ? fast.map((d) => ({ problems: [], value: d.value, line: d.line })) : guardedYamlDocuments(text);
}

/** The documents of a stream through `yaml` Documents and {@link documentValue} only (the reference path). */
export function guardedYamlDocuments(text: string): StreamDocument[] {
    const lineCounter = new LineCounter();
    return parseAllDocuments(text, { lineCounter }).map((doc) => {
        const line = lineCounter.linePos((doc.contents?.range ?? doc.range)[0]).line;
        const { value, problems } = documentValue(doc, (o) => lineCounter.linePos(o).line);
        return { problems: problems.map((p) => p.message), value: problems.length > 0 ? null : value, line };
    });
}

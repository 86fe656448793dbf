// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The fast YAML path of manifest mode: js-yaml's loader (YAML 1.2 core schema, as the `yaml`
// package's default) is about ten times faster than building `yaml` Documents, which manifest mode
// only needs for error messages and positions. Used only when the stream parses without any error
// and its document boundaries are unambiguous; otherwise the caller takes the `yaml` path.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jsyaml = require("js-yaml") as {
    loadAll(text: string, iterator: undefined, options: { schema: unknown; json?: boolean }): unknown[];
    CORE_SCHEMA: unknown;
};

/** One document in the shape manifest mode reads from a `yaml` Document: errors, value, source offsets. */
export interface FastDocument {
    errors: never[];
    toJS(): unknown;
    /** [start, value end, node end] offsets of the document, as `yaml` gives them. */
    range: [number, number, number];
    /** The document's content node; its range starts at the first line of content. */
    contents: { range: [number, number, number] } | null;
}

const MARKER = /^---(?:[ \t]|$)/;
const END_MARKER = /^\.\.\.(?:[ \t]|$)/;
const NOT_CONTENT = /^(?:[ \t]*(?:#.*)?|%.*)$/;

/**
 * The documents of a YAML stream through js-yaml, or undefined when js-yaml rejects it, when it
 * uses `...` end markers, or when the documents it found do not match the `---` boundaries (the
 * `yaml` path then reports errors and positions exactly).
 */
export function fastDocuments(text: string): FastDocument[] | undefined {
    let values: unknown[];
    try {
        values = jsyaml.loadAll(text, undefined, { schema: jsyaml.CORE_SCHEMA });
    } catch {
        return undefined;
    }
    const segments: { start: number; content: number | undefined; end: number }[] = [];
    let current = { start: 0, content: undefined as number | undefined, end: text.length };
    let offset = 0;
    for (const line of text.split("\n")) {
        if (END_MARKER.test(line)) {
            return undefined;
        }
        if (MARKER.test(line)) {
            current.end = offset;
            segments.push(current);
            current = { start: offset, content: line.slice(3).trim() ? offset : undefined, end: text.length };
        } else if (current.content === undefined && !NOT_CONTENT.test(line)) {
            current.content = offset;
        }
        offset += line.length + 1;
    }
    segments.push(current);
    // Text before the first marker is a document only if it has content.
    if (segments.length > 1 && segments[0].content === undefined) {
        segments.shift();
    }
    // A trailing `---` with nothing after it opens no document in js-yaml's reading.
    if (segments.length === values.length + 1 && segments[segments.length - 1].content === undefined) {
        segments.pop();
    }
    if (segments.length !== values.length) {
        return undefined;
    }
    return segments.map((s, i) => ({
        errors: [],
        toJS: () => values[i],
        range: [s.start, s.end, s.end],
        contents: values[i] === null ? null : { range: [s.content ?? s.start, s.end, s.end] },
    }));
}

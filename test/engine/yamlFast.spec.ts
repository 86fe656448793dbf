// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { LineCounter, parseAllDocuments } from "yaml";
import { fastDocuments } from "../../engine/yamlFast";

/** What the `yaml` path gives: each document's value and the line its content starts on. */
function slow(text: string): { value: unknown; line: number }[] {
    const lc = new LineCounter();
    return parseAllDocuments(text, { lineCounter: lc }).map((d) => ({
        value: d.toJS(),
        line: lc.linePos((d.contents?.range ?? d.range)[0]).line,
    }));
}

function fast(text: string): { value: unknown; line: number }[] | undefined {
    const lc = new LineCounter();
    parseAllDocuments(text, { lineCounter: lc }); // only to map offsets to lines the same way
    return fastDocuments(text)?.map((d) => ({
        value: d.toJS(),
        line: lc.linePos((d.contents?.range ?? d.range)[0]).line,
    }));
}

const SAME = {
    "plain documents": "a: 1\n---\nb: [x, y]\n",
    "leading marker and comments": "# header\n---\n# about b\nb: {c: d}\n---\nc: 3\n",
    "trailing marker": "a: 1\n---\n",
    "empty document between markers": "a: 1\n---\n---\nb: 2\n",
    "core schema scalars": "n: ~\nt: true\ny: yes\nd: 2026-01-01\no: 0o17\nf: 1e3\nh: 0x1F\ns: '010'\n",
    "block scalars and anchors": "a: &x\n  k: v\nb: *x\nc: |\n  line one\n  --- not a marker\nd: >-\n  folded\n",
    "marker with content": "--- {a: 1}\n--- [1, 2]\n",
    "a Kubernetes object": 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: n\ndata:\n  x: "1"\n',
};

describe("engine: fast YAML path", () => {
    for (const [name, text] of Object.entries(SAME)) {
        it(`gives the yaml package's values and content lines: ${name}`, () => {
            assert.deepStrictEqual(fast(text), slow(text));
        });
    }

    for (const [name, text] of Object.entries({
        "malformed YAML": "a: [1, 2\n",
        "duplicate keys": "a: 1\na: 2\n",
        "document end markers": "a: 1\n...\n---\nb: 2\n",
    })) {
        it(`leaves ${name} to the yaml path (undefined)`, () => {
            assert.strictEqual(fastDocuments(text), undefined);
        });
    }
});

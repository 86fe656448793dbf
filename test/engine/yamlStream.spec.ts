// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The fast YAML path gives exactly the guarded path's values and lines, or leaves the text to it.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { stringify } from "yaml";
import { YAML_LIMITS } from "../../config/yaml";
import { fastYamlDocuments, guardedYamlDocuments, yamlDocuments } from "../../config/yamlStream";

const ROOT = path.join(__dirname, "..", "..");

function yamlFiles(dir: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) =>
            e.isDirectory()
                ? yamlFiles(path.join(dir, e.name))
                : /\.ya?ml$/.test(e.name)
                  ? [path.join(dir, e.name)]
                  : [],
        );
}

/** Values and lines of both paths (deepStrictEqual also compares prototypes: both give null-prototype maps). */
function same(text: string): "fast" | "guarded" {
    const fast = fastYamlDocuments(text);
    if (!fast) {
        return "guarded";
    }
    const guarded = guardedYamlDocuments(text);
    assert.deepStrictEqual(
        fast.map((d) => ({ problems: [], value: d.value, line: d.line })),
        guarded,
    );
    return "fast";
}

describe("YAML stream: the fast path equals the guarded path", () => {
    it("on every YAML file under test/fixtures and vendor (values, null-prototype maps, lines)", () => {
        const files = [...yamlFiles(path.join(ROOT, "test", "fixtures")), ...yamlFiles(path.join(ROOT, "vendor"))];
        const paths = files.map((f) => same(fs.readFileSync(f, "utf8")));
        assert.ok(files.length >= 40, `${files.length} files`);
        // Most upstream files are plain; the rest (tags, anchors, scalars, empty documents) are read by the guarded path.
        assert.ok(paths.filter((p) => p === "fast").length >= files.length / 2, paths.join(","));
    });

    it("types plain scalars by yaml's core schema and leaves quoted and block scalars strings", () => {
        const scalars = [
            "12",
            "+12",
            "-0",
            "012",
            "0o17",
            "0x1F",
            "0b101",
            "1_000",
            "1.5",
            "1.",
            ".5",
            "1e3",
            "1.5E-2",
            "-.inf",
            ".Inf",
            ".NaN",
            ".nan",
            "nan",
            "true",
            "True",
            "TRUE",
            "tRue",
            "yes",
            "no",
            "on",
            "off",
            "y",
            "null",
            "Null",
            "NULL",
            "~",
            "",
            "2001-12-14",
            "12:30:45",
            "0.1.2",
            "1,000",
            "'12'",
            '"true"',
            "|\n  12\n",
            ">-\n  folded\n  text\n\n  more\n",
            '"a\\tb\\u00e9\\x41"',
            "'it''s'",
            "plain\n  multi line",
        ];
        const text = scalars.map((s, i) => `k${i}: ${s}`).join("\n") + "\n12: a\ntrue: b\nnull: c\n1.50: d\n0x10: e\n";
        assert.strictEqual(same(text), "fast");
        const value = fastYamlDocuments(text)![0].value;
        assert.deepStrictEqual(
            [value.k0, value.k4, value.k6, value.k15, value.k22, value.k27, value["16"]],
            [12, 15, "0b101", NaN, "yes", null, "e"],
        );
    });

    it("reads the bench's generated corpus and the rendered shape the same way", () => {
        const docs = [
            {
                apiVersion: "v1",
                kind: "ConfigMap",
                metadata: { name: "c", namespace: "n" },
                data: { a: "1", b: "true" },
            },
            {
                apiVersion: "apps/v1",
                kind: "Deployment",
                metadata: { name: "d" },
                spec: { replicas: 3, x: [1, "2", null] },
            },
        ];
        const text = `# Source: chart/templates/a.yaml\n${docs.map((d) => stringify(d)).join("---\n")}`;
        assert.strictEqual(same(text), "fast");
        assert.deepStrictEqual(
            fastYamlDocuments(text)!.map((d) => d.line),
            [2, 11],
        );
    });

    for (const [name, text] of [
        ["a tag", "a: !vault secret/data\n"],
        ["an anchor and alias", "a: &x [1]\nb: *x\n"],
        ["a directive", "%YAML 1.1\n---\na: yes\n"],
        ["an explicit key", "? [a, b]\n: c\n"],
        ["a flow collection as a key", "[a, b]: c\n"],
        ["a duplicate key", "a: 1\na: 2\n"],
        ["a scalar document", "just text\n"],
        ["an empty document", "a: 1\n---\n# nothing\n---\nb: 2\n"],
        ["malformed YAML", "a: [1, 2\n"],
        ["nesting beyond the limit", `a: ${"[".repeat(YAML_LIMITS.maxDepth)}${"]".repeat(YAML_LIMITS.maxDepth)}\n`],
    ] as const) {
        it(`leaves ${name} to the guarded path`, () => {
            assert.strictEqual(fastYamlDocuments(text), undefined);
            assert.deepStrictEqual(yamlDocuments(text), guardedYamlDocuments(text));
        });
    }

    it("takes nesting up to the limit on the fast path, as the guarded path accepts it", () => {
        const text = `a: ${"[".repeat(YAML_LIMITS.maxDepth - 1)}${"]".repeat(YAML_LIMITS.maxDepth - 1)}\n`;
        assert.strictEqual(same(text), "fast");
    });

    it("keeps a __proto__ key a plain key of a null-prototype map", () => {
        const text = "metadata:\n  __proto__:\n    polluted: true\n";
        assert.strictEqual(same(text), "fast");
        const value = fastYamlDocuments(text)![0].value as { metadata: Record<string, unknown> };
        assert.deepStrictEqual(Object.keys(value.metadata), ["__proto__"]);
        assert.strictEqual(({} as Record<string, unknown>).polluted, undefined);
    });
});

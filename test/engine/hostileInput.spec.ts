// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Issue 23, hostile input round 2: prototype keys, render headers, wire form, paths named on the
// command line. Each class with table cases and the exact message.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { stringify } from "yaml";
import { parseHeader } from "../../engine/manifests/header";
import { readManifests } from "../../engine/manifests/read";
import { toWireForm } from "../../engine/manifests/wireForm";
import { fluxHelmReleaseView } from "../../policies/lib/exposure/normalize";
import { MAX_PATH_SEGMENTS, mergeValues, recordWithPath, safeSegments } from "../../policies/lib/safePaths";
import { runCheck } from "../../scripts/check";
import { checkOutputDir } from "../../scripts/cli";
import { scratchDir } from "../support/scratch";

const PROJECT_DIR = path.resolve(__dirname, "..", "..");
const prototypeNames = (): string[] =>
    [Object.prototype, Array.prototype].map((p) => Object.getOwnPropertyNames(p).sort().join(","));

const DEPLOYMENT = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default" },
    spec: { template: { spec: { containers: [{ name: "c", image: "nginx:1.27.0" }] } } },
};
const GOOD_HEADER = {
    type: "kubernetes:apps/v1:Deployment",
    name: "infra-web",
    urn: "urn:pulumi:infra::cluster-platform::cluster-platform:floe:Platform$kubernetes:apps/v1:Deployment::infra-web",
    parent: "urn:pulumi:infra::cluster-platform::cluster-platform:floe:Platform::infra",
    provider: "",
    custom: true,
    dependencies: [],
    options: { import: "", deleteBeforeReplace: false, ignoreChanges: [], aliases: [] },
};

/** Writes files into a new folder; returns the folder. */
function files(entries: Record<string, string>): string {
    const dir = scratchDir("cp-hostile2-");
    for (const [name, text] of Object.entries(entries)) {
        fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
}

function readError(text: string, name = "m.yaml"): string {
    const dir = files({ [name]: text });
    try {
        readManifests([dir], "manifests");
    } catch (err) {
        return (err as Error).message.replace(dir, "<dir>");
    }
    throw new Error("read without an error");
}

describe("hostile input round 2 (issue 23)", () => {
    describe("nothing from the input reaches a prototype", () => {
        const release = (targetPath: string) => ({
            apiVersion: "helm.toolkit.fluxcd.io/v2",
            kind: "HelmRelease",
            metadata: { name: "cilium", namespace: "kube-system" },
            spec: {
                chart: { spec: { chart: "cilium", version: "1.18.3", sourceRef: { name: "cilium" } } },
                valuesFrom: [{ kind: "ConfigMap", name: "cv", valuesKey: "v", targetPath }],
            },
        });
        const cm = {
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: { name: "cv", namespace: "kube-system" },
            data: { v: "x" },
        };
        for (const [targetPath, message] of [
            [
                "__proto__.waived",
                'HelmRelease kube-system/cilium: spec.valuesFrom[0].targetPath: segment 1 of "__proto__.waived" is "__proto__", which names an object prototype; no chart value has that name, so the path is refused',
            ],
            [
                "image.constructor.prototype.tag",
                'HelmRelease kube-system/cilium: spec.valuesFrom[0].targetPath: segment 2 of "image.constructor.prototype.tag" is "constructor", which names an object prototype; no chart value has that name, so the path is refused',
            ],
            ["a..b", 'HelmRelease kube-system/cilium: spec.valuesFrom[0].targetPath: segment 2 of "a..b" is empty'],
            [
                Array.from({ length: 20000 }, (_, i) => `s${i}`).join("."),
                `HelmRelease kube-system/cilium: spec.valuesFrom[0].targetPath: has more than ${MAX_PATH_SEGMENTS} segments; a path may nest no deeper than a YAML document (${MAX_PATH_SEGMENTS} levels)`,
            ],
        ]) {
            it(`a Flux targetPath ${targetPath.slice(0, 40)} is refused, naming it`, () => {
                const before = prototypeNames();
                assert.throws(() => fluxHelmReleaseView(release(targetPath), [cm]), { message });
                assert.deepStrictEqual(prototypeNames(), before);
            });
        }

        it("a targetPath of 64 segments is taken", () => {
            const p = Array.from({ length: MAX_PATH_SEGMENTS }, () => "a").join(".");
            assert.strictEqual(safeSegments(p, "x").length, MAX_PATH_SEGMENTS);
            let v: unknown = fluxHelmReleaseView(release(p), [cm]).props.values;
            for (let i = 0; i < MAX_PATH_SEGMENTS; i++) {
                v = (v as Record<string, unknown>).a;
            }
            assert.strictEqual(v, "x");
        });

        it("values merges keep __proto__ and constructor as own keys and write no prototype", () => {
            const over = JSON.parse(
                '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"x": 1}}, "a": {"b": 2}}',
            ) as Record<string, unknown>;
            const merged = mergeValues({ a: { c: 1 } }, over);
            assert.deepStrictEqual(Object.keys(merged), ["a", "__proto__", "constructor"]);
            assert.strictEqual(Object.getPrototypeOf(merged), Object.prototype);
            assert.deepStrictEqual(Object.getOwnPropertyDescriptor(merged, "__proto__")?.value, { polluted: "yes" });
            assert.deepStrictEqual(merged.a, { c: 1, b: 2 });
            assert.strictEqual(({} as Record<string, unknown>).polluted, undefined);
            assert.deepStrictEqual(recordWithPath("a.b", 1, "w"), { a: { b: 1 } });
        });

        it("a __proto__ key anywhere in a manifest is an input error naming file, document, object and key path", () => {
            const text = `${stringify(DEPLOYMENT)}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, labels: {__proto__: {polluted: yes}}}\n`;
            assert.strictEqual(
                readError(text),
                '<dir>/m.yaml: document 1: ConfigMap default/x: metadata.labels.__proto__: a "__proto__" key is refused: no Kubernetes, Helm or Flux field has that name, and it would reach an object prototype; remove it',
            );
        });

        it("constructor and prototype keys stay plain keys of the manifest", () => {
            const dir = files({
                "m.yaml":
                    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, labels: {constructor: a, prototype: b}}\n",
            });
            const [r] = readManifests([dir], "manifests");
            assert.deepStrictEqual(
                { ...(r.inputs.metadata as { labels: object }).labels },
                { constructor: "a", prototype: "b" },
            );
        });

        for (const [config, at] of [
            ['{"__proto__": {"enforcementLevel": "disabled"}}', "__proto__"],
            ['{"all": {"constructor": {}}}', "all.constructor"],
            [
                '{"cluster-platform-dragonfly-network-isolation": {"waivers": [{"prototype": 1}]}}',
                "cluster-platform-dragonfly-network-isolation.waivers[0].prototype",
            ],
        ]) {
            it(`a pack config key ${at} is an input error (exit 3)`, async () => {
                const dir = files({ "config.json": config });
                const errors: string[] = [];
                const code = await runCheck(
                    ["--policy-pack-config", path.join(dir, "config.json"), "--out", path.join(dir, "out")],
                    PROJECT_DIR,
                    () => undefined,
                    (s) => errors.push(s),
                );
                assert.deepStrictEqual(
                    [code, errors],
                    [
                        3,
                        [
                            `check: --policy-pack-config ${path.join(dir, "config.json")}: ${at}: a key named like an object prototype slot (__proto__, constructor, prototype) is refused; no policy, setting, waiver or approver field has that name`,
                        ],
                    ],
                );
            });
        }
    });

    describe("render headers are hints, never authority", () => {
        const withHeader = (json: string, body: object = DEPLOYMENT): string =>
            `# cluster-platform: ${json}\n${stringify(body)}`;
        for (const [what, json, message] of [
            [
                "a number",
                "42",
                "is not the header render writes: must be an object of the graph facts render writes (got 42)",
            ],
            [
                "an array",
                "[]",
                "is not the header render writes: must be an object of the graph facts render writes (got an array)",
            ],
            [
                "a string",
                '"kubernetes:core/v1:ConfigMap"',
                'is not the header render writes: must be an object of the graph facts render writes (got "kubernetes:core/v1:ConfigMap")',
            ],
            [
                "null",
                "null",
                "is not the header render writes: must be an object of the graph facts render writes (got null)",
            ],
            [
                "{}",
                "{}",
                "is not the header render writes: field type: Invalid input: expected string, received undefined",
            ],
            ["not JSON", "{type:", "is not JSON: Expected property name or '}' in JSON at position 1"],
            [
                "custom a string",
                JSON.stringify({ ...GOOD_HEADER, custom: "yes" }),
                "is not the header render writes: field custom: Invalid input: expected boolean, received string",
            ],
            [
                "dependencies a string",
                JSON.stringify({ ...GOOD_HEADER, dependencies: "none" }),
                "is not the header render writes: field dependencies: Invalid input: expected array, received string",
            ],
            [
                "protect a string",
                JSON.stringify({ ...GOOD_HEADER, options: { ...GOOD_HEADER.options, protect: "no" } }),
                "is not the header render writes: field options.protect: Invalid input: expected boolean, received string",
            ],
            [
                "an unknown field",
                JSON.stringify({ ...GOOD_HEADER, waived: true }),
                "is not the header render writes: unknown field(s) waived",
            ],
            [
                "a __proto__ field",
                JSON.stringify(GOOD_HEADER).replace("{", '{"__proto__":{"custom":false},'),
                "is not the header render writes: unknown field(s) __proto__",
            ],
            [
                "a urn of another name",
                JSON.stringify({ ...GOOD_HEADER, name: "other" }),
                `is not the header render writes: its urn ${GOOD_HEADER.urn} is not of type kubernetes:apps/v1:Deployment and name other`,
            ],
        ] as const) {
            it(`a header that is ${what} is an input error naming file and document`, () => {
                assert.strictEqual(
                    readError(withHeader(json)),
                    `<dir>/m.yaml: document 0: the # cluster-platform: header ${message}`,
                );
            });
        }

        for (const [what, header, body, message] of [
            [
                "a ConfigMap header on a Dragonfly CR",
                {
                    ...GOOD_HEADER,
                    type: "kubernetes:core/v1:ConfigMap",
                    urn: GOOD_HEADER.urn.replace("apps/v1:Deployment", "core/v1:ConfigMap"),
                },
                { apiVersion: "dragonflydb.io/v1alpha1", kind: "Dragonfly", metadata: { name: "cache" } },
                "the header says kubernetes:core/v1:ConfigMap, but the document is kubernetes:dragonflydb.io/v1alpha1:Dragonfly (apiVersion dragonflydb.io/v1alpha1, kind Dragonfly); the document decides what it is",
            ],
            [
                "a component header on a Kubernetes object",
                {
                    ...GOOD_HEADER,
                    type: "cluster-platform:dragonfly:Cluster",
                    custom: false,
                    urn: "urn:pulumi:infra::cluster-platform::cluster-platform:dragonfly:Cluster::infra-web",
                },
                DEPLOYMENT,
                "the header says cluster-platform:dragonfly:Cluster, but the document is a Kubernetes object (kubernetes:apps/v1:Deployment); the document decides what it is",
            ],
            [
                "a Kubernetes header on a non-object",
                GOOD_HEADER,
                { spec: {} },
                "the header says kubernetes:apps/v1:Deployment, but the document is not a Kubernetes object (apiVersion and kind are required)",
            ],
            [
                "a Kubernetes object said not to be custom",
                { ...GOOD_HEADER, custom: false },
                DEPLOYMENT,
                "the header says kubernetes:apps/v1:Deployment is not a custom resource; every Kubernetes object is one",
            ],
        ] as const) {
            it(`${what} is an input error naming file and document`, () => {
                assert.strictEqual(
                    readError(withHeader(JSON.stringify(header), body)),
                    `<dir>/m.yaml: document 0: ${message}`,
                );
            });
        }

        it("a header over more than one object is an input error", () => {
            assert.strictEqual(
                readError(`${withHeader(JSON.stringify(GOOD_HEADER))}---\n${stringify(DEPLOYMENT)}`),
                "<dir>/m.yaml: the # cluster-platform: header describes one resource, but the file holds 2 objects; render writes one object per file",
            );
        });

        it("an agreeing header gives its graph facts; the type is the document's own", () => {
            const dir = files({ "m.yaml": withHeader(JSON.stringify(GOOD_HEADER)) });
            const [r] = readManifests([dir], "manifests");
            assert.deepStrictEqual(
                [r.type, r.name, r.urn, r.parent],
                [GOOD_HEADER.type, GOOD_HEADER.name, GOOD_HEADER.urn, GOOD_HEADER.parent],
            );
            assert.deepStrictEqual(parseHeader(JSON.stringify(GOOD_HEADER)).options.aliases, []);
        });
    });

    describe("manifests in wire form: both engines judge the same data", () => {
        it("undefined is dropped (a list item becomes null), bytes become base64, depth is bounded", () => {
            const props: Record<string, unknown> = {
                a: undefined,
                b: [1, undefined],
                c: { d: Buffer.from("hello") },
                e: Uint8Array.from([0, 255]),
            };
            assert.deepStrictEqual(toWireForm(props), { b: [1, null], c: { d: "aGVsbG8=" }, e: "AP8=" });
            let deep: unknown = 1;
            for (let i = 0; i < 200; i++) {
                deep = { d: deep };
            }
            assert.throws(() => toWireForm({ deep }), /^Error: deep(\.d)+ nests deeper than 128 levels$/);
        });

        it("a !!binary value is read as its base64 text", () => {
            const dir = files({
                "m.yaml":
                    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\nbinaryData:\n  blob: !!binary aGVsbG8=\n",
            });
            const [r] = readManifests([dir], "manifests");
            assert.deepStrictEqual({ ...(r.inputs.binaryData as object) }, { blob: "aGVsbG8=" });
        });

        it("a Flux chart given as a string leaves no undefined value in the Release view", () => {
            const dir = files({
                "m.yaml":
                    "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: cilium, namespace: kube-system}\nspec:\n  chart: cilium\n",
            });
            const [r] = readManifests([dir], "manifests");
            assert.deepStrictEqual(Object.keys(r.inputs).sort(), [
                "chart",
                "fluxHelmRelease",
                "name",
                "namespace",
                "values",
            ]);
            const undefinedAt = (v: unknown, at: string): string[] =>
                v === undefined
                    ? [at]
                    : typeof v === "object" && v !== null
                      ? Object.entries(v).flatMap(([k, x]) => undefinedAt(x, `${at}.${k}`))
                      : [];
            assert.deepStrictEqual(undefinedAt(r.inputs, "inputs"), []);
        });
    });

    describe("files and paths named on the command line", () => {
        const run = async (args: string[]): Promise<[number, string[]]> => {
            const errors: string[] = [];
            const code = await runCheck(
                args,
                PROJECT_DIR,
                () => undefined,
                (s) => errors.push(s),
            );
            return [code, errors];
        };

        it("--out that is an existing file, under a file, or under /proc, /sys, /dev is exit 2 at once", async () => {
            const dir = files({ "file.yaml": "x: 1\n" });
            const file = path.join(dir, "file.yaml");
            assert.deepStrictEqual(await run(["--out", file]), [
                2,
                [`check: --out ${file}: exists and is not a directory`],
            ]);
            assert.deepStrictEqual(await run(["--out", `${file}/sub`]), [
                2,
                [`check: --out ${file}/sub: ${file}/sub: a part of the path is not a directory`],
            ]);
            const [code, [message]] = await run(["--out", "/proc/self/reports"]);
            assert.deepStrictEqual(
                [code, message],
                [
                    2,
                    `check: --out /proc/self/reports: /proc/${process.pid}/reports is under /proc, a kernel file system; reports need an ordinary directory`,
                ],
            );
            assert.deepStrictEqual(await run(["--out", "/sys/x"]), [
                2,
                ["check: --out /sys/x: /sys/x is under /sys, a kernel file system; reports need an ordinary directory"],
            ]);
            assert.deepStrictEqual(await run(["--out", "/dev/null"]), [
                2,
                [
                    "check: --out /dev/null: /dev/null is under /dev, a kernel file system; reports need an ordinary directory",
                ],
            ]);
            assert.strictEqual(checkOutputDir("out", path.join(dir, "new", "deeper")), path.join(dir, "new", "deeper"));
            assert.ok(!fs.existsSync(path.join(dir, "new")), "checking creates nothing");
        });

        it("--out in a folder this user cannot write is exit 2", () => {
            const dir = scratchDir("cp-ro-");
            fs.chmodSync(dir, 0o555);
            // As root every folder is writable: run the check as nobody then.
            const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
            const cli = path.join(PROJECT_DIR, "scripts", "cli.ts");
            const probe = `try { require(${JSON.stringify(cli)}).checkOutputDir("out", ${JSON.stringify(path.join(dir, "r"))}); console.log("accepted") } catch (e) { console.log(e.message) }`;
            const r = spawnSync(
                process.execPath,
                ["-r", require.resolve("ts-node/register/transpile-only"), "-e", probe],
                {
                    encoding: "utf8",
                    cwd: PROJECT_DIR,
                    ...asUser,
                },
            );
            assert.strictEqual(r.stdout.trim(), `--out ${path.join(dir, "r")}: ${dir} is not writable (EACCES)`);
        });

        it("a missing --manifests path is exit 2; a FIFO is refused without being opened", async () => {
            const dir = scratchDir("cp-fifo-");
            const missing = path.join(dir, "nope.yaml");
            assert.deepStrictEqual(await run(["--manifests", missing, "--out", path.join(dir, "o")]), [
                2,
                [`check: --manifests ${missing}: no such file or directory`],
            ]);
            const fifo = path.join(dir, "Pulumi.fifo.yaml");
            assert.strictEqual(spawnSync("mkfifo", [fifo]).status, 0);
            assert.deepStrictEqual(await run(["--manifests", fifo, "--out", path.join(dir, "o")]), [
                2,
                [
                    `check: --manifests ${fifo}: not a regular file (a FIFO, device or socket); refused without reading it`,
                ],
            ]);
            assert.deepStrictEqual(await run(["--manifests", dir, "--out", path.join(dir, "o")]), [
                3,
                [`check: ${fifo}: not a regular file (a FIFO, device or socket); refused without reading it`],
            ]);
            assert.deepStrictEqual(await run(["--policy-pack-config", fifo, "--out", path.join(dir, "o")]), [
                2,
                [
                    `check: --policy-pack-config ${fifo}: cannot read it (not a regular file (a directory, FIFO, device or socket); refused without reading it)`,
                ],
            ]);
        });
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Seeded fuzzing of every policy over malformed but plausible shapes of every kind the rules read.
// Each shape changes one property of one resource of a compliant fixture stack: removed, null, a
// wrong type, a value unknown at preview, or a huge array. The pack must never throw, a blocking
// rule must never pass on an unknown it depends on, and a malformed value must never be more
// permissive than the same stack with the property removed. FUZZ_SEED and FUZZ_SHAPES override the run.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { stringify } from "yaml";
import { evaluateResources } from "../../engine/evaluate";
import { GRAPH_ONLY_POLICIES } from "../../engine/judge";
import { ManifestError, readManifests } from "../../engine/manifests/read";
import type { PackClient } from "../../engine/protocol/client";
import { RecordedResource } from "../../engine/recording/program";
import { sharedPackClient } from "../support/hooks";
import { scratchDir } from "../support/scratch";
import { policies } from "../../policies/policies";
import { cronJob, deployment } from "./fixtures";
import { messageOf, resourceArgsOf, StackCase, stackArgsOf, UNKNOWN } from "./helpers";
import { ciliumStack } from "./rules/cilium/release";
import { dragonflyStack } from "./rules/dragonfly/stack";
import { floeStack } from "./rules/floe/stack";

const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const SHAPES = Number(process.env.FUZZ_SHAPES ?? 5000);
const HUGE = 1000;

/** mulberry32: a small seeded PRNG, so a failing run is replayed with its seed. */
function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

type Path = (string | number)[];
type Json = unknown;

/** Every property path of a value (objects' keys, arrays' indices), depth-first, capped per resource. */
function pathsOf(v: Json, prefix: Path = [], out: Path[] = []): Path[] {
    if (out.length > 400) {
        return out;
    }
    if (Array.isArray(v)) {
        v.forEach((x, i) => {
            out.push([...prefix, i]);
            pathsOf(x, [...prefix, i], out);
        });
    } else if (typeof v === "object" && v !== null) {
        for (const [k, x] of Object.entries(v)) {
            out.push([...prefix, k]);
            pathsOf(x, [...prefix, k], out);
        }
    }
    return out;
}

const REMOVE = Symbol("remove");

/** A deep copy of props with the value at a path replaced (or removed: the key deleted, the element spliced out). */
function withValue(props: Json, path: Path, value: Json | typeof REMOVE): Record<string, unknown> {
    const copy = JSON.parse(JSON.stringify(props)) as Record<string, unknown>;
    let parent: Record<string | number, unknown> = copy;
    for (const seg of path.slice(0, -1)) {
        parent = parent[seg] as Record<string | number, unknown>;
    }
    const last = path[path.length - 1];
    if (value !== REMOVE) {
        parent[last] = value;
    } else if (Array.isArray(parent)) {
        parent.splice(last as number, 1);
    } else {
        delete parent[last];
    }
    return copy;
}

/**
 * The malformed values a shape can take, given the current value. A scalar of the current value's
 * own type is left out: `true` for a flag that must be true, or "x" for a name, is a valid value, not
 * a malformed one (a rule may rightly pass it where removal blocks).
 */
function malformedValues(current: Json): { kind: string; value: Json }[] {
    const sameScalar = (v: Json): boolean => v !== null && typeof v !== "object" && typeof v === typeof current;
    return (
        [
            { kind: "null", value: null },
            { kind: "number", value: 42 },
            { kind: "string", value: "x" },
            { kind: "boolean", value: true },
            { kind: "empty-object", value: {} },
            { kind: "empty-array", value: [] },
            { kind: "array-of-null", value: [null] },
            { kind: "unknown", value: UNKNOWN },
            {
                kind: "huge-array",
                value: Array.from({ length: HUGE }, () => (typeof current === "object" ? {} : current)),
            },
            { kind: "huge-array-of-scalars", value: Array.from({ length: HUGE }, (_, i) => i) },
        ] as { kind: string; value: Json }[]
    ).filter((shape) => !sameScalar(shape.value));
}

interface Verdict {
    /** Names of the blocking (mandatory) policies with at least one finding. */
    blocking: Set<string>;
    /** Exceptions that escaped a policy (policy name: message). */
    escaped: string[];
    /** Rule failures the framework caught ("policy <name> failed on ..."). */
    caught: number;
}

const RESOURCE_POLICIES = policies.filter((p): p is ResourceValidationPolicy => "validateResource" in p);
const STACK_POLICIES = policies.filter((p): p is StackValidationPolicy => "validateStack" in p);

type Named = { name: string; enforcementLevel?: string };

/** Runs one validation; the pack's validations are synchronous, so a returned promise is itself a finding. */
function runOne(verdict: Verdict, p: Named, call: (report: (m: string) => void) => unknown): void {
    const messages: string[] = [];
    try {
        const result = call(((m: unknown) => messages.push(messageOf(m))) as never);
        if (result instanceof Promise) {
            verdict.escaped.push(`${p.name}: returned a promise`);
        }
    } catch (err) {
        // The SDK reports an unknown value read by an advisory rule as "can't run" (advisory).
        if ((err as Error).constructor.name !== "UnknownValueError" || p.enforcementLevel === "mandatory") {
            verdict.escaped.push(`${p.name}: ${(err as Error).message}`);
        }
        return;
    }
    verdict.caught += messages.filter((m) => m.includes(`policy ${p.name} failed on `)).length;
    if (messages.length > 0 && p.enforcementLevel === "mandatory") {
        verdict.blocking.add(p.name);
    }
}

/** Runs every policy: resource policies on the changed resource (the others as in the baseline), stack policies on all. */
function judge(stack: StackCase[], changed: number, baseline: Map<number, Set<string>>): Verdict {
    const verdict: Verdict = { blocking: new Set(), escaped: [], caught: 0 };
    baseline.forEach((names, i) => i !== changed && names.forEach((n) => verdict.blocking.add(n)));
    const r = stack[changed];
    const args = resourceArgsOf({ type: r.type, name: r.name, props: r.props });
    for (const p of RESOURCE_POLICIES) {
        runOne(verdict, p, (report) => (p.validateResource as (a: unknown, r: unknown) => unknown)(args, report));
    }
    const stackArgs = stackArgsOf(stack);
    for (const p of STACK_POLICIES) {
        runOne(verdict, p, (report) => p.validateStack(stackArgs, report));
    }
    return verdict;
}

/** Blocking resource-policy names per resource of a baseline stack. */
function resourceBaseline(stack: StackCase[]): Map<number, Set<string>> {
    const out = new Map<number, Set<string>>();
    stack.forEach((r, i) => {
        const v: Verdict = { blocking: new Set(), escaped: [], caught: 0 };
        const args = resourceArgsOf({ type: r.type, name: r.name, props: r.props });
        for (const p of RESOURCE_POLICIES) {
            runOne(v, p, (report) => (p.validateResource as (a: unknown, r: unknown) => unknown)(args, report));
        }
        out.set(i, v.blocking);
    });
    return out;
}

describe("fuzzing every policy with malformed shapes", function () {
    this.timeout(300000);

    it(`${SHAPES} seeded shapes (seed ${SEED}): no crash, no blocking pass on an unknown, never more permissive than removal`, async () => {
        const random = prng(SEED);
        const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
        const workloads: StackCase[] = [
            { type: "kubernetes:apps/v1:Deployment", name: "web", props: deployment() },
            { type: "kubernetes:batch/v1:CronJob", name: "nightly", props: cronJob() },
        ];
        const stacks: StackCase[][] = [dragonflyStack(), floeStack(), ciliumStack(), workloads];
        const baselines = stacks.map(resourceBaseline);
        const targets = stacks.flatMap((s, si) =>
            s.map((r, ri) => ({ si, ri, paths: pathsOf(r.props) })).filter((t) => t.paths.length > 0),
        );
        const removedCache = new Map<string, Verdict>();
        const problems: string[] = [];
        const kinds = new Set<string>();
        const shapesByKind = new Map<string, number>();
        let escaped = 0;
        let caught = 0;
        for (let n = 0; n < SHAPES; n++) {
            const t = targets[n % targets.length];
            const base = stacks[t.si];
            const resource = base[t.ri];
            const path = pick(t.paths);
            let current: Json = resource.props;
            for (const seg of path) {
                current = (current as Record<string | number, Json>)[seg];
            }
            const shape = pick(malformedValues(current));
            const where = `${resource.type} ${resource.name} .${path.join(".")} = ${shape.kind}`;
            kinds.add(resource.type);
            shapesByKind.set(shape.kind, (shapesByKind.get(shape.kind) ?? 0) + 1);
            const mutated = base.map((r, i) =>
                i === t.ri ? { ...r, props: withValue(r.props, path, shape.value) } : r,
            );
            const key = `${t.si}/${t.ri}/${path.join(".")}`;
            let removed = removedCache.get(key);
            if (!removed) {
                const stackRemoved = base.map((r, i) =>
                    i === t.ri ? { ...r, props: withValue(r.props, path, REMOVE) } : r,
                );
                removed = judge(stackRemoved, t.ri, baselines[t.si]);
                removedCache.set(key, removed);
            }
            const v = judge(mutated, t.ri, baselines[t.si]);
            escaped += v.escaped.length + removed.escaped.length;
            caught += v.caught;
            v.escaped.forEach((e) => problems.push(`crash: ${where}: ${e}`));
            for (const p of removed.blocking) {
                if (!v.blocking.has(p)) {
                    problems.push(
                        `${shape.kind === "unknown" ? "fail-open on unknown" : "more permissive than removal"}: ${where}: ${p} blocks without the property but passes with it`,
                    );
                }
            }
        }
        console.log(
            `      fuzz: ${SHAPES} shapes over ${kinds.size} kinds, ${targets.length} resources; ${escaped} crashes, ${caught} rule failures reported as findings, ${problems.length} problems; ${JSON.stringify(Object.fromEntries(shapesByKind))}`,
        );
        assert.deepStrictEqual(problems.slice(0, 20), []);
        assert.deepStrictEqual(
            [...kinds].sort(),
            [...new Set(targets.map((t) => stacks[t.si][t.ri].type))].sort(),
            "every kind of the fixture stacks is fuzzed",
        );
        assert.ok(SHAPES < 5000 || kinds.size > 15, `only ${kinds.size} kinds fuzzed`);
    });
});

// ---------------------------------------------------------------------------------------------------
// Issue 23: hostile manifests through both engines. Each shape is a manifest set (the canary, a
// Dragonfly CR that always blocks, in a file of its own, plus one mutated file) read as `check
// --manifests` reads it and judged in-process and over the Analyzer protocol. Nothing may crash or
// hang, the engines must agree (the same findings, or the same input error), nothing may reach a
// prototype, and the canary must block in every judged run (a polluted prototype once waived it).

const ENGINE_SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const ENGINE_SHAPES = Number(process.env.FUZZ_ENGINE_SHAPES ?? 240);
const PROTO_KEYS = ["__proto__", "constructor", "prototype"];
const CANARY = `apiVersion: dragonflydb.io/v1alpha1
kind: Dragonfly
metadata: {name: canary, namespace: cache}
spec: {replicas: 2, networkPolicyEnabled: false, image: "docker.dragonflydb.io/dragonflydb/dragonfly:v1.34.1"}
`;

type Doc = Record<string, unknown>;

/** Documents of the mutated file: a Flux Cilium release with its sources, a Deployment, a ConfigMap. */
function baseDocs(): Doc[] {
    return [
        {
            apiVersion: "source.toolkit.fluxcd.io/v1",
            kind: "HelmRepository",
            metadata: { name: "cilium", namespace: "flux-system" },
            spec: { url: "https://helm.cilium.io" },
        },
        {
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: { name: "cv", namespace: "kube-system" },
            data: { "values.yaml": "hubble:\n  enabled: true\n", tag: "v1.18.3" },
        },
        {
            apiVersion: "helm.toolkit.fluxcd.io/v2",
            kind: "HelmRelease",
            metadata: { name: "cilium", namespace: "kube-system" },
            spec: {
                chart: {
                    spec: {
                        chart: "cilium",
                        version: "1.18.3",
                        sourceRef: { kind: "HelmRepository", name: "cilium", namespace: "flux-system" },
                    },
                },
                valuesFrom: [
                    { kind: "ConfigMap", name: "cv" },
                    { kind: "ConfigMap", name: "cv", valuesKey: "tag", targetPath: "image.tag" },
                ],
                values: { kubeProxyReplacement: true, ipam: { mode: "kubernetes" } },
            },
        },
        { ...deployment(), apiVersion: "apps/v1", kind: "Deployment" } as Doc,
    ];
}

/** The objects (not arrays) of a value with their paths, for inserting keys at every depth. */
function objectsOf(v: unknown, at: string, out: { at: string; obj: Doc }[] = []): { at: string; obj: Doc }[] {
    if (Array.isArray(v)) {
        v.forEach((x, i) => objectsOf(x, `${at}[${i}]`, out));
    } else if (typeof v === "object" && v !== null && !(v instanceof Uint8Array)) {
        out.push({ at, obj: v as Doc });
        for (const k of Object.keys(v)) {
            objectsOf((v as Doc)[k], at === "" ? k : `${at}.${k}`, out);
        }
    }
    return out;
}

/** The scalar slots of a value (object key or array index), for replacing a scalar. */
function scalarSlotsOf(v: unknown, out: { parent: Doc | unknown[]; key: string | number }[] = []) {
    const visit = (parent: Doc | unknown[], key: string | number, x: unknown): void => {
        if (typeof x === "object" && x !== null) {
            scalarSlotsOf(x, out);
        } else {
            out.push({ parent, key });
        }
    };
    if (Array.isArray(v)) {
        v.forEach((x, i) => visit(v, i, x));
    } else if (typeof v === "object" && v !== null) {
        for (const k of Object.keys(v)) {
            visit(v as Doc, k, (v as Doc)[k]);
        }
    }
    return out;
}

/** Sets a key as an own property, `__proto__` included. */
function defineOwn(o: Doc, k: string, v: unknown): void {
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

interface EngineShape {
    kind: string;
    /** The mutated file's text (the canary is a file of its own). */
    text: string;
    /** Mutates the read resources in place before judging (values no YAML file can hold). */
    direct?: (resources: RecordedResource[]) => void;
}

/** One hostile shape of the given class. */
function engineShape(kind: string, random: () => number): EngineShape {
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    const docs = baseDocs();
    const release = docs[2] as { spec: Doc };
    const yamlOf = (d: readonly unknown[]): string => d.map((x) => stringify(x, { lineWidth: 0 })).join("---\n");
    switch (kind) {
        case "prototype-key": {
            const target = pick(objectsOf(pick(docs), ""));
            defineOwn(target.obj, pick(PROTO_KEYS), pick([{ polluted: "yes" }, "yes", [{ waived: true }]]));
            return { kind, text: yamlOf(docs) };
        }
        case "targetPath": {
            const segments = Array.from({ length: pick([1, 3, 65, 1000, 20000]) }, (_, i) => `s${i}`);
            if (random() < 0.6) {
                segments.splice(Math.floor(random() * segments.length), 0, pick(PROTO_KEYS));
            }
            ((release.spec.valuesFrom as Doc[])[1] as Doc).targetPath = segments.join(".");
            return { kind, text: yamlOf(docs) };
        }
        case "header": {
            const good = {
                type: "kubernetes:apps/v1:Deployment",
                name: "web",
                urn: "urn:pulumi:manifests::cluster-platform::kubernetes:apps/v1:Deployment::web",
                parent: "",
                provider: "",
                custom: true,
                dependencies: [],
                options: { import: "", deleteBeforeReplace: false, ignoreChanges: [], aliases: [] },
            };
            const header = pick<unknown>([
                42,
                [],
                "kubernetes:core/v1:ConfigMap",
                {},
                null,
                good,
                {
                    ...good,
                    type: "kubernetes:core/v1:ConfigMap",
                    urn: good.urn.replace("apps/v1:Deployment", "core/v1:ConfigMap"),
                },
                {
                    ...good,
                    type: "cluster-platform:dragonfly:Cluster",
                    custom: false,
                    urn: good.urn.replace("kubernetes:apps/v1:Deployment", "cluster-platform:dragonfly:Cluster"),
                },
                { ...good, custom: "yes" },
                { ...good, dependencies: "none" },
                { ...good, options: { ...good.options, protect: "no" } },
                { ...good, extra: 1 },
                { ...good, urn: "urn:pulumi:x" },
            ]);
            // JSON text, so a `__proto__` key survives into the file.
            const json =
                random() < 0.1
                    ? JSON.stringify(good).replace("{", '{"__proto__":{"custom":false},')
                    : JSON.stringify(header);
            return { kind, text: `# cluster-platform: ${json}\n${stringify(docs[3], { lineWidth: 0 })}` };
        }
        case "flux-odd": {
            const slot = pick(["chart", "chartRef", "valuesFrom", "values"]);
            const odd = pick<unknown>([
                "cilium",
                42,
                [],
                [1, 2],
                null,
                {},
                { spec: "x" },
                { spec: { chart: 1, sourceRef: "x" } },
                { kind: 5, name: [] },
                [null],
                [{ kind: "ConfigMap" }],
                [{ kind: "ConfigMap", name: "cv", valuesKey: 7 }],
                [{ kind: "Secret", name: "s", targetPath: "__proto__.x" }],
            ]);
            if (slot === "chartRef") {
                delete release.spec.chart;
            }
            release.spec[slot] = odd;
            return { kind, text: yamlOf(docs) };
        }
        case "binary": {
            const doc = pick(docs);
            const slot = pick(scalarSlotsOf(doc));
            const bytes = Uint8Array.from(
                Array.from({ length: 1 + Math.floor(random() * 40) }, () => Math.floor(random() * 256)),
            );
            (slot.parent as Record<string | number, unknown>)[slot.key] = bytes;
            return { kind, text: yamlOf(docs) };
        }
        case "huge-keys": {
            const n = pick([1000, 5000, 20000]);
            const where = pick(["values", "labels"]);
            const many: Doc = {};
            for (let i = 0; i < n; i++) {
                many[`k${i}`] = i;
            }
            if (where === "values") {
                release.spec.values = { ...(release.spec.values as Doc), ...many };
            } else {
                (docs[3].metadata as Doc).labels = many;
            }
            return { kind, text: yamlOf(docs) };
        }
        default: {
            // Values only a program can hand the engine: undefined, bytes, null-prototype maps, deep nesting.
            const value = pick<() => unknown>([
                () => undefined,
                () => Buffer.from("hello"),
                () => Object.assign(Object.create(null) as Doc, { a: 1, b: undefined }),
                () => [1, undefined, Object.create(null)],
                () => {
                    let deep: unknown = "leaf";
                    for (let i = 0; i < 60; i++) {
                        deep = Object.assign(Object.create(null) as Doc, { d: deep });
                    }
                    return deep;
                },
            ])();
            return {
                kind,
                text: yamlOf(docs),
                direct: (resources) => {
                    const r = pick(resources.filter((x) => !x.name.includes("canary")));
                    const target = pick(objectsOf(r.inputs, ""));
                    target.obj[`odd${Math.floor(random() * 1000)}`] = value;
                },
            };
        }
    }
}

type Judged = { error: string } | { findings: string[]; canaryBlocks: boolean };

async function judgedBy(
    engine: "inprocess" | "protocol",
    resources: RecordedResource[],
    server: PackClient,
): Promise<Judged> {
    const config = Object.fromEntries(GRAPH_ONLY_POLICIES.map((p) => [p, "disabled"]));
    const e = await evaluateResources("manifests", resources, {
        engine,
        server: engine === "protocol" ? server : undefined,
        packConfig: config,
    });
    return {
        findings: e.findings
            .map((f) => `${f.enforcement} ${f.risk} ${f.policy} ${f.resource} ${f.waiver ? "waived " : ""}${f.message}`)
            .sort(),
        canaryBlocks: e.findings.some(
            (f) =>
                f.risk === "DFLY-SEC-001" &&
                f.enforcement === "mandatory" &&
                !f.waiver &&
                f.resource.endsWith("::cache-canary-dragonfly"),
        ),
    };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | "hang"> {
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([p, new Promise<"hang">((r) => (timer = setTimeout(() => r("hang"), ms)))]).finally(() =>
        clearTimeout(timer),
    );
}

describe("fuzzing both engines with hostile manifests (issue 23)", function () {
    this.timeout(1800000);

    it(`${ENGINE_SHAPES} seeded shapes (seed ${ENGINE_SEED}): no crash, hang, fail-open, prototype write or engine mismatch`, async () => {
        const random = prng(ENGINE_SEED);
        const kinds = ["prototype-key", "targetPath", "header", "flux-odd", "binary", "huge-keys", "program-values"];
        const server = await sharedPackClient();
        const dir = scratchDir("cp-engine-fuzz-");
        fs.writeFileSync(path.join(dir, "canary.yaml"), CANARY);
        const prototypes = [Object.prototype, Array.prototype, Function.prototype];
        const before = prototypes.map((p) => Object.getOwnPropertyNames(p).sort().join(","));
        const counts = {
            shapes: 0,
            judged: 0,
            inputErrors: 0,
            crashes: 0,
            hangs: 0,
            failOpen: 0,
            mismatches: 0,
            polluted: 0,
        };
        const byKind = new Map<string, number>();
        const problems: string[] = [];
        for (let n = 0; n < ENGINE_SHAPES; n++) {
            const shape = engineShape(kinds[n % kinds.length], random);
            counts.shapes++;
            byKind.set(shape.kind, (byKind.get(shape.kind) ?? 0) + 1);
            const file = path.join(dir, `shape-${n}.yaml`);
            fs.writeFileSync(file, shape.text);
            const where = `shape ${n} (${shape.kind})`;
            let outcome: [Judged, Judged] | "hang";
            try {
                outcome = await withTimeout(
                    (async (): Promise<[Judged, Judged]> => {
                        let resources: RecordedResource[];
                        try {
                            resources = readManifests([path.join(dir, "canary.yaml"), file], "manifests");
                        } catch (err) {
                            if (!(err instanceof ManifestError)) {
                                throw err;
                            }
                            if (!err.message.includes(file) && !err.message.includes("canary")) {
                                problems.push(`${where}: the input error does not name the file: ${err.message}`);
                            }
                            return [{ error: err.message }, { error: err.message }];
                        }
                        shape.direct?.(resources);
                        return [
                            await judgedBy("inprocess", resources, server),
                            await judgedBy("protocol", resources, server),
                        ];
                    })(),
                    120000,
                );
            } catch (err) {
                counts.crashes++;
                problems.push(`crash: ${where}: ${(err as Error).stack?.split("\n").slice(0, 3).join(" | ")}`);
                continue;
            } finally {
                fs.rmSync(file, { force: true });
            }
            const now = prototypes.map((p) => Object.getOwnPropertyNames(p).sort().join(","));
            if (now.join("|") !== before.join("|")) {
                counts.polluted++;
                problems.push(`prototype written: ${where}`);
            }
            if (outcome === "hang") {
                counts.hangs++;
                problems.push(`hang: ${where}`);
                continue;
            }
            const [inprocess, protocol] = outcome;
            if ("error" in inprocess) {
                counts.inputErrors++;
                continue;
            }
            counts.judged++;
            if (JSON.stringify(inprocess) !== JSON.stringify(protocol)) {
                counts.mismatches++;
                const p = protocol as { findings: string[] };
                problems.push(
                    `engine mismatch: ${where}: in-process only ${JSON.stringify(inprocess.findings.filter((f) => !p.findings.includes(f)).slice(0, 2))}, protocol only ${JSON.stringify(p.findings.filter((f) => !inprocess.findings.includes(f)).slice(0, 2))}`,
                );
            }
            if (!inprocess.canaryBlocks || !("error" in protocol ? false : protocol.canaryBlocks)) {
                counts.failOpen++;
                problems.push(`fail-open: ${where}: the canary Dragonfly no longer blocks`);
            }
        }
        console.log(
            `      engine fuzz: ${JSON.stringify(counts)}; shapes by class ${JSON.stringify(Object.fromEntries(byKind))}`,
        );
        assert.deepStrictEqual(problems.slice(0, 20), []);
        assert.strictEqual(counts.shapes, ENGINE_SHAPES);
        // Both outcomes must occur, or the run proved nothing about one of them.
        assert.ok(counts.judged > ENGINE_SHAPES / 4, `only ${counts.judged} shapes judged`);
        assert.ok(counts.inputErrors > ENGINE_SHAPES / 10, `only ${counts.inputErrors} input errors`);
    });
});

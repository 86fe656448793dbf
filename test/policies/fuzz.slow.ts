// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Seeded fuzzing of every policy over malformed but plausible shapes of every kind the rules read.
// Each shape changes one property of one resource of a compliant fixture stack: removed, null, a
// wrong type, a value unknown at preview, or a huge array. The pack must never throw, a blocking
// rule must never pass on an unknown it depends on, and a malformed value must never be more
// permissive than the same stack with the property removed. FUZZ_SEED and FUZZ_SHAPES override the run.
import * as assert from "assert";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
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

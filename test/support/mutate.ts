// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { evaluateResources } from "../../engine/evaluate";
import { RecordedResource } from "../../engine/recording/program";
import { recordStack } from "../../engine/recording/stack";
import { realStackConfig } from "./stacks";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A deep copy of a recorded graph with one resource's wire-form inputs changed. */
export function mutateResource(
    resources: readonly RecordedResource[],
    name: string,
    change: (props: Props) => void,
): RecordedResource[] {
    const copy = JSON.parse(JSON.stringify(resources)) as RecordedResource[];
    const target = copy.find((r) => r.name === name);
    if (!target) {
        throw new Error(`no recorded resource named ${name}`);
    }
    change(target.wireInputs as Props);
    return copy;
}

/** A copy of a recorded graph without the named resources. */
export function dropResources(resources: readonly RecordedResource[], ...names: string[]): RecordedResource[] {
    for (const n of names) {
        if (!resources.some((r) => r.name === n)) {
            throw new Error(`no recorded resource named ${n}`);
        }
    }
    return JSON.parse(JSON.stringify(resources.filter((r) => !names.includes(r.name)))) as RecordedResource[];
}

/** A copy of a recorded graph with one more resource cloned from `like`, renamed, with new inputs. */
export function addResource(
    resources: readonly RecordedResource[],
    like: string,
    name: string,
    type: string,
    inputs: Props,
): RecordedResource[] {
    const copy = JSON.parse(JSON.stringify(resources)) as RecordedResource[];
    const base = copy.find((r) => r.name === like)!;
    copy.push({
        ...JSON.parse(JSON.stringify(base)),
        name,
        type,
        urn: base.urn.replace(/::[^:]+$/, `::${name}`).replace(base.type, type),
        wireInputs: inputs,
        inputs,
    });
    return copy;
}

/** One mutation of a real stack and what the pack must say about it. */
export interface MutationCase {
    /** What the mutation weakens, as the test title says it. */
    name: string;
    /** The mutated copy of the recorded stack. */
    mutate: (real: readonly RecordedResource[]) => RecordedResource[];
    /** The risk the mutation must raise, and at which enforcement. */
    risk: string;
    enforcement: Enforcement;
    /** Other risks the same mutation legitimately raises, with their enforcement (exactly these, no more). */
    also?: Record<string, Enforcement>;
}

type Enforcement = "mandatory" | "advisory";

/** The evaluation fields a mutation test reads. */
export interface Judged {
    findings: { risk: string; enforcement: string; message: string }[];
    blocked: boolean;
    gate: { suggested_gate: string };
}

/**
 * Asserts a mutation was caught exactly: the distinct risks found are the expected one plus `also`,
 * each at its enforcement, and the run blocks (gate CONCERNS) exactly when one of them is mandatory.
 */
export function assertCaught(
    r: Judged,
    risk: string,
    enforcement: Enforcement,
    also: Record<string, Enforcement> = {},
): void {
    const expected: Record<string, Enforcement> = { ...also, [risk]: enforcement };
    const found: Record<string, string> = {};
    for (const f of r.findings) {
        found[f.risk] = found[f.risk] && found[f.risk] !== f.enforcement ? "mixed" : f.enforcement;
    }
    const sortKeys = (o: Record<string, string>) =>
        Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
    assert.deepStrictEqual(
        sortKeys(found),
        sortKeys(expected),
        `findings: ${JSON.stringify(r.findings.map((f) => [f.risk, f.enforcement, f.message]))}`,
    );
    const blocks = Object.values(expected).includes("mandatory");
    assert.deepStrictEqual([r.blocked, r.gate.suggested_gate], [blocks, blocks ? "CONCERNS" : "PASS"]);
}

/**
 * The one mutation harness: records a real stack once, checks that the unmutated stack passes with
 * no finding, then judges each mutation with the in-process engine (the default of `check`; the
 * differential suite, test/engine/differential.slow.ts, replays every case through the pack server too
 * and asserts equal results). `more` adds stack-specific tests.
 */
export function describeMutations(
    title: string,
    stack: string,
    expectedResources: number,
    cases: readonly MutationCase[],
    more?: () => void,
): void {
    describe(title, () => {
        let real: RecordedResource[];
        before(async () => {
            real = await recordStack(realStackConfig(stack));
        });

        it(`the unmutated ${stack} stack passes with no finding`, async () => {
            const r = await evaluateResources(stack, real);
            assert.deepStrictEqual(
                [r.resources.length, r.blocked, r.gate.suggested_gate, r.findings],
                [expectedResources, false, "PASS", []],
            );
        });

        for (const c of cases) {
            const extra = Object.keys(c.also ?? {});
            it(`catches ${c.name} as ${c.risk} (${c.enforcement})${extra.length > 0 ? `, with ${extra.join(", ")}` : ""}`, async () => {
                assertCaught(await evaluateResources(stack, c.mutate(real)), c.risk, c.enforcement, c.also);
            });
        }
        more?.();
    });
}

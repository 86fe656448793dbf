// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Differential test: every mutation and fixture case of the engine specs, and every upstream fixture, runs again with each judgement
// made by both engines; the in-process diagnostics, findings, gate and errors must equal the protocol's.
// The cases are read from the specs themselves (not copied), so a new case is covered as soon as it exists.
import * as assert from "assert";
import * as evaluate from "../../engine/evaluate";
import { recordStack } from "../../engine/recording/stack";
import { sharedPackClient } from "../support/hooks";

/** The specs whose cases are replayed, and the suites left out (they test the server process itself). */
const SPECS = [
    "./ciliumMutations.spec",
    "./dragonflyMutations.spec",
    "./floeMutations.spec",
    "./evaluate.spec",
    "../upstream/fixtures.spec",
];
const SKIPPED_SUITES = new Set(["offline engine: server lifecycle"]);

type Fn = (this: Mocha.Context) => unknown;
interface CapturedSuite {
    title: string;
    hooks: { kind: "before" | "beforeEach" | "after" | "afterEach"; fn: Fn }[];
    tests: { title: string; fn: Fn }[];
    suites: CapturedSuite[];
}

/** Loads a spec with describe/it/hooks captured instead of registered, then drops it from the cache so mocha loads it normally. */
function capture(spec: string): CapturedSuite {
    const g = global as unknown as Record<string, unknown>;
    const names = ["describe", "it", "before", "beforeEach", "after", "afterEach"];
    const saved = Object.fromEntries(names.map((n) => [n, g[n]]));
    const root: CapturedSuite = { title: spec, hooks: [], tests: [], suites: [] };
    let current = root;
    // A suite body may set its own timeout (`this.timeout(...)`); the replay keeps mocha's.
    const suiteContext = { timeout: () => undefined, slow: () => undefined, retries: () => undefined };
    g.describe = (title: string, body: (this: unknown) => void) => {
        const parent = current;
        current = { title, hooks: [], tests: [], suites: [] };
        parent.suites.push(current);
        body.call(suiteContext);
        current = parent;
    };
    g.it = (title: string, fn: Fn) => current.tests.push({ title, fn });
    for (const kind of ["before", "beforeEach", "after", "afterEach"] as const) {
        g[kind] = (fn: Fn) => current.hooks.push({ kind, fn });
    }
    const file = require.resolve(spec);
    delete require.cache[file];
    try {
        require(file); // eslint-disable-line @typescript-eslint/no-require-imports
    } finally {
        delete require.cache[file];
        Object.assign(g, saved);
    }
    return root;
}

type Outcome =
    { ok: true; value: Awaited<ReturnType<typeof evaluate.evaluateResources>> } | { ok: false; error: Error };

async function outcomeOf(run: () => ReturnType<typeof evaluate.evaluateResources>): Promise<Outcome> {
    try {
        return { ok: true, value: await run() };
    } catch (error) {
        return { ok: false, error: error as Error };
    }
}

let judged = 0;
const original = { evaluateResources: evaluate.evaluateResources, evaluateStack: evaluate.evaluateStack };

/** Judges with both engines, asserts the same result, and returns the protocol engine's. */
const differential: typeof evaluate.evaluateResources = async (stack, resources, options = {}) => {
    judged++;
    const { server, engine: _engine, pack: _pack, ...rest } = options; // eslint-disable-line @typescript-eslint/no-unused-vars
    // Cases judged in-process name no server; the replay gives them the run's shared one.
    const protocolServer = server ?? (await sharedPackClient());
    const protocol = await outcomeOf(() =>
        original.evaluateResources(stack, resources, { ...rest, engine: "protocol", server: protocolServer }),
    );
    const inprocess = await outcomeOf(() =>
        original.evaluateResources(stack, resources, { ...rest, engine: "inprocess" }),
    );
    if (!protocol.ok || !inprocess.ok) {
        assert.deepStrictEqual(
            inprocess.ok ? "in-process: no error" : `${inprocess.error.name}: ${inprocess.error.message}`,
            protocol.ok ? "in-process: no error" : `${protocol.error.name}: ${protocol.error.message}`,
        );
        throw (protocol as { error: Error }).error;
    }
    assert.deepStrictEqual(inprocess.value.diagnostics, protocol.value.diagnostics);
    assert.deepStrictEqual(inprocess.value.findings, protocol.value.findings);
    assert.deepStrictEqual(
        [inprocess.value.gate, inprocess.value.blocked],
        [protocol.value.gate, protocol.value.blocked],
    );
    return protocol.value;
};

const mutable = evaluate as unknown as Record<string, unknown>;

function register(suite: CapturedSuite): void {
    describe(`differential (in-process = protocol): ${suite.title}`, () => {
        before(async () => {
            mutable.evaluateResources = differential;
            mutable.evaluateStack = async (config: Parameters<typeof evaluate.evaluateStack>[0], options = {}) =>
                differential(config.cluster.name, await recordStack(config), options);
            // The specs pass a server only where they mean the protocol engine; the replay always needs one.
            await sharedPackClient();
        });
        after(() => Object.assign(mutable, original));
        for (const h of suite.hooks) {
            ({ before, beforeEach, after, afterEach })[h.kind](h.fn);
        }
        for (const t of suite.tests) {
            it(t.title, async function () {
                await t.fn.call(this);
            });
        }
        suite.suites.filter((s) => !SKIPPED_SUITES.has(s.title)).forEach(register);
    });
}

const captured = SPECS.map(capture);

/** Each replayed spec has at least this many cases (the smallest, floe, has nine with its unmutated stack). */
const MIN_CASES_PER_SPEC = 9;
const count = (s: CapturedSuite): number => s.tests.length + s.suites.reduce((n, c) => n + count(c), 0);

describe("differential test coverage", () => {
    it("found the cases of every replayed spec", () => {
        assert.deepStrictEqual(
            captured.map((s) => [s.title, count(s) >= MIN_CASES_PER_SPEC]),
            SPECS.map((s) => [s, true]),
        );
    });
});

captured.forEach((s) => s.suites.filter((c) => !SKIPPED_SUITES.has(c.title)).forEach(register));

describe("differential test coverage (after the replay)", () => {
    it("compared both engines on at least one judgement per mutation case", () => {
        const mutationCases = captured.slice(0, 3).reduce((n, s) => n + count(s), 0);
        // Two Cilium cases are cross-stack config checks that judge nothing; every other case judges once or more.
        assert.ok(judged >= mutationCases - 2, `${judged} judgements for ${mutationCases} mutation cases`);
    });
});

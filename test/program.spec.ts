// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { startMockRuntime } from "./support/runtime";

const ENTRY = require.resolve("../index");

/** Loads the real program entry under mocks for `stack`; returns the recorder and the load error, if any. */
async function runProgram(stack: string) {
    const recorder = await startMockRuntime(stack);
    delete require.cache[ENTRY];
    let error: unknown;
    try {
        // The entry must load after the mocks and again per stack: a cached static import cannot.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(ENTRY);
    } catch (err) {
        error = err;
    }
    await recorder.settle();
    return { recorder, error };
}

describe("program entry (index.ts)", () => {
    it("refuses a stack that has no stack file, registering nothing", async () => {
        const { recorder, error } = await runProgram("prod");
        assert.ok(error instanceof Error);
        assert.match(
            error.message,
            /Pulumi\.prod\.yaml: the stack "prod" has no stack file; this project only runs the stacks it has files for \(Pulumi\.apps\.yaml, Pulumi\.infra\.yaml\)/,
        );
        assert.strictEqual(recorder.resources.length, 0);
    });

    it("runs the infra stack from its stack file", async () => {
        const { recorder, error } = await runProgram("infra");
        assert.strictEqual(error, undefined);
        assert.strictEqual(recorder.resources.length, 20);
        assert.strictEqual(
            recorder.resources.find((r) => r.type === "pulumi:providers:kubernetes")?.inputs.context,
            "infra",
        );
    });
});

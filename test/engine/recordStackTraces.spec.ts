// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { EmptyRunError, recordProgram } from "../../engine/recording/program";

describe("recording: no per-promise stack traces while the program runs", () => {
    let saved: number;
    beforeEach(() => {
        saved = Error.stackTraceLimit;
        Error.stackTraceLimit = 17;
    });
    afterEach(() => {
        Error.stackTraceLimit = saved;
    });

    it("captures none during the run and restores the caller's limit afterwards", async () => {
        let during = -1;
        const resources = await recordProgram("trace", () => {
            during = Error.stackTraceLimit;
            new pulumi.ComponentResource("test:index:Thing", "thing");
        });
        assert.deepStrictEqual([during, Error.stackTraceLimit, resources.map((r) => r.name)], [0, 17, ["thing"]]);
    });

    it("restores the limit when the program throws or registers nothing", async () => {
        await assert.rejects(
            recordProgram("trace", () => {
                throw new Error("boom");
            }),
            { message: "boom" },
        );
        assert.strictEqual(Error.stackTraceLimit, 17);
        await assert.rejects(
            recordProgram("trace", () => undefined),
            (e: Error) => e instanceof EmptyRunError,
        );
        assert.strictEqual(Error.stackTraceLimit, 17);
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PackClient, PackProcessError } from "../../engine/protocol/client";
import { scratchDir } from "../support/scratch";

/** A stand-in pack: an HTTP/2 server that prints its port, then answers every call as `answer` says. */
const FAKE_PACK = `
const http2 = require("http2");
const server = http2.createServer();
server.on("stream", (stream) => {
    stream.on("error", () => undefined);
    if (process.env.FAKE_PACK_ANSWER === "error") {
        stream.respond({ ":status": 200, "grpc-status": "2", "grpc-message": "Error validating resource: boom%21" }, { endStream: true });
    }
    // "silent": never answers.
});
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
`;

describe("protocol engine: a pack that fails or does not answer (engine/protocol/client.ts)", function () {
    this.timeout(60000);
    let dir: string;
    before(() => {
        dir = scratchDir("cp-fake-pack-");
        fs.writeFileSync(path.join(dir, "pack.js"), FAKE_PACK);
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    async function serverAnswering(answer: "error" | "silent"): Promise<PackClient> {
        process.env.FAKE_PACK_ANSWER = answer;
        try {
            return await PackClient.start({
                packDir: dir,
                entry: ["pack.js"],
                timeoutMs: 500,
                startTimeoutMs: 60000,
            });
        } finally {
            delete process.env.FAKE_PACK_ANSWER;
        }
    }

    it("names the call and the pack's message when a call fails, and keeps the pack running", async () => {
        const server = await serverAnswering("error");
        try {
            await assert.rejects(
                server.info(),
                (err: Error) =>
                    err instanceof PackProcessError &&
                    err.message === "GetAnalyzerInfo failed: Error validating resource: boom!",
            );
            assert.strictEqual(server.running, true);
        } finally {
            await server.stop();
        }
    });

    it("kills a pack that does not answer within the deadline, and says so", async () => {
        const server = await serverAnswering("silent");
        const pid = server.pid;
        await assert.rejects(
            server.configureStack("infra", "cluster-platform"),
            (err: Error) =>
                err instanceof PackProcessError &&
                err.message === `the policy pack did not answer ConfigureStack within 500 ms; killed pid ${pid}`,
        );
        await server.stop();
        assert.strictEqual(server.running, false);
        await assert.rejects(server.info(), { message: "GetAnalyzerInfo: the policy server was stopped" });
    });
});

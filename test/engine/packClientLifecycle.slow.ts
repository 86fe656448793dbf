// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Process-level lifecycle of the pack server (npm run test:slow): each test starts its own pack process.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { evaluateResources } from "../../engine/evaluate";
import { PackClient } from "../../engine/protocol/client";
import { PROJECT_DIR } from "../support/stacks";
import { recordWith } from "../support/recordCilium";

describe("offline engine: server lifecycle", () => {
    it("a server of its own is gone after the run, errors included", async () => {
        let pid = -1;
        const start = PackClient.start;
        const spy = async () => {
            const s = await start.call(PackClient);
            pid = s.pid;
            return s;
        };
        (PackClient as unknown as { start: typeof spy }).start = spy;
        try {
            await evaluateResources("infra", await recordWith(), { engine: "protocol" });
        } finally {
            (PackClient as unknown as { start: typeof start }).start = start;
        }
        assert.ok(pid > 0);
        assert.throws(() => process.kill(pid, 0), /ESRCH/);
    });

    it("reports and kills a pack that never prints its port", async () => {
        const err = await PackClient.start({ entry: ["-e", "setInterval(() => {}, 1000)"], timeoutMs: 1500 }).catch(
            (e: Error) => e,
        );
        assert.match(String(err), /printed no port within 1500 ms; killed pid \d+/);
    });

    it("starts under the engine's own launcher (run-policy-pack, type-checked)", async function () {
        this.timeout(120000);
        const s = await PackClient.start({
            entry: [require.resolve("@pulumi/pulumi/cmd/run-policy-pack"), "127.0.0.1:1", "."],
            timeoutMs: 90000,
        });
        try {
            const info = await s.info();
            const pack = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "policies", "package.json"), "utf8")) as {
                version: string;
            };
            assert.match(pack.version, /^\d+\.\d+\.\d+$/);
            assert.deepStrictEqual([info.name, info.version], ["cluster-platform-risk-rules", pack.version]);
        } finally {
            await s.stop();
        }
        assert.strictEqual(s.running, false);
    });
});

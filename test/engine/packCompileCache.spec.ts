// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { startPackProcess, stopPackProcess } from "../../engine/protocol/packProcess";

interface CompileCache {
    cacheFileOf(root: string, command: string, dir?: string): string;
    readStore(file: string): { entries: Record<string, [string, number, number]> };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cache = require("../../scripts/compileCache") as CompileCache;

const ROOT = path.resolve(__dirname, "..", "..");

describe("the pack process's V8 compile cache", function () {
    this.timeout(120000);

    it("is written once the pack has loaded, with the SDK server among its modules, and the pack still serves", async () => {
        const store = cache.cacheFileOf(ROOT, "pack");
        fs.rmSync(store, { force: true });
        const pack = await startPackProcess();
        try {
            assert.ok(pack.port > 0);
            // The store is written on the event loop's first turn after loading, before or right after the port.
            const deadline = Date.now() + 10000;
            while (!fs.existsSync(store) && Date.now() < deadline) {
                await new Promise((r) => setTimeout(r, 50));
            }
            const files = Object.keys(cache.readStore(store).entries);
            const server = path.join(ROOT, "node_modules", "@pulumi", "policy", "server.js");
            assert.ok(files.includes(server), `${server} not among the ${files.length} cached modules`);
        } finally {
            await stopPackProcess(pack.child);
        }
    });
});

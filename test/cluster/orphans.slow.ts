// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Issue 23: SIGKILL to `npm run test:cluster` itself (npm, not the process group) must end mocha and
// every server it started within seconds, even while mocha is blocked in spawnSync. Before, mocha
// (under npm's `sh -c`) kept its parent, carried on and started a fresh control plane.
import * as assert from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { processGroupAlive } from "../../scripts/cluster/processes";
import { scratchDir } from "../support/scratch";

const ROOT = path.resolve(__dirname, "..", "..");

function alive(pid: number): boolean {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0]);
    } catch {
        return false;
    }
}

async function until(what: string, test: () => boolean, ms: number): Promise<number> {
    const start = Date.now();
    while (!test()) {
        if (Date.now() - start > ms) {
            throw new Error(`${what} not within ${ms} ms`);
        }
        await new Promise((r) => setTimeout(r, 100));
    }
    return Date.now() - start;
}

describe("cluster suite: nothing left behind when npm dies (issue 23)", function () {
    this.timeout(120000);

    it("SIGKILL to npm ends the test process, its spawnSync child and its watched server within seconds", async () => {
        const dir = scratchDir("cp-orphans-");
        const pidsFile = path.join(dir, "pids.json");
        const register = require.resolve("ts-node/register/transpile-only");
        const fixture = path.join(ROOT, "test", "cluster", "orphanFixture.ts");
        fs.writeFileSync(
            path.join(dir, "package.json"),
            JSON.stringify({
                name: "orphans",
                private: true,
                scripts: { suite: `node -r ${register} ${fixture} ${pidsFile} ${dir}` },
            }),
        );
        const npm = spawn("npm", ["run", "-s", "suite"], {
            cwd: dir,
            stdio: "ignore",
            env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, "tsconfig.json") },
        });
        await until("the fixture's pids", () => fs.existsSync(pidsFile), 60000);
        const { self, server } = JSON.parse(fs.readFileSync(pidsFile, "utf8")) as { self: number; server: number };
        const sleeper = (): number | undefined => {
            const children = fs.readFileSync(`/proc/${self}/task/${self}/children`, "utf8").trim().split(" ");
            const pid = children.find(
                (c) => c !== "" && fs.readFileSync(`/proc/${c}/cmdline`, "utf8").startsWith("sleep"),
            );
            return pid === undefined ? undefined : Number(pid);
        };
        await until("the fixture's spawnSync child", () => sleeper() !== undefined, 30000);
        const blocked = sleeper()!;
        assert.ok(alive(self) && alive(blocked) && processGroupAlive(server), "the stand-in suite is running");
        npm.kill("SIGKILL");
        const took = await until(
            "the suite, its spawnSync child and its server to end",
            () => !alive(self) && !alive(blocked) && !processGroupAlive(server),
            20000,
        );
        console.log(`      after SIGKILL to npm: suite, child and server gone in ${took} ms`);
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// How the bench times a command: a fresh process under GNU time, its wall time, CPU time (user +
// system, children included: what the machine's load does not inflate) and peak RSS.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** One timed run of a command. */
export interface Timed {
    /** Wall time, seconds. */
    s: number;
    /** CPU time (user + system, waited-for children included), seconds; undefined without GNU time. */
    cpu?: number;
    /** Peak resident set of the largest process, MiB; undefined without GNU time. */
    rssMib?: number;
    code: number;
    /** Standard output (written to a file first: a report of 10,000 objects is large). */
    out: string;
    err: string;
}

const GNU_TIME = "/usr/bin/time";

/** Runs `argv` in `cwd` (with `env`, default this process's) with stdout to `outFile`; never throws for a non-zero exit. */
export function timed(argv: readonly string[], cwd: string, outFile: string, env?: NodeJS.ProcessEnv): Timed {
    const statsFile = `${outFile}.time`;
    const gnu = fs.existsSync(GNU_TIME);
    const fd = fs.openSync(outFile, "w");
    const t0 = process.hrtime.bigint();
    const r = gnu
        ? spawnSync(GNU_TIME, ["-f", "%U %S %M", "-o", statsFile, ...argv], {
              cwd,
              env,
              stdio: ["ignore", fd, "pipe"],
              maxBuffer: 64 * 1024 * 1024,
          })
        : spawnSync(argv[0], argv.slice(1), { cwd, env, stdio: ["ignore", fd, "pipe"], maxBuffer: 64 * 1024 * 1024 });
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    fs.closeSync(fd);
    const result: Timed = {
        s,
        code: r.status ?? -1,
        out: fs.readFileSync(outFile, "utf8"),
        err: String(r.stderr ?? ""),
    };
    if (gnu) {
        // GNU time prints "Command exited with non-zero status N" first when the command fails.
        const [user, sys, kib] = fs.readFileSync(statsFile, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
        result.cpu = user + sys;
        result.rssMib = kib / 1024;
    }
    return result;
}

/** The fastest of several runs (wall time; the machine is shared). */
export function best<T extends { s: number }>(runs: T[]): T {
    return runs.reduce((a, b) => (b.s < a.s ? b : a));
}

/** Node start + loading @pulumi/pulumi + an empty program under mocks, in a fresh process. */
export function floorOnce(root: string, scratch: string): Timed {
    const script = `const p=require("@pulumi/pulumi");p.runtime.setMocks({newResource:a=>({id:a.name,state:a.inputs}),call:a=>a.inputs},"p","s",true).then(()=>{})`;
    return timed([process.execPath, "-e", script], root, path.join(scratch, "floor.txt"));
}

/** `npm run check` as a user runs it (scripts/launch.js, compiled output) in a fresh process. */
export function checkOnce(root: string, scratch: string, args: readonly string[]): Timed {
    return timed(
        [process.execPath, path.join(root, "scripts", "launch.js"), "check", ...args],
        root,
        path.join(scratch, "check-out.txt"),
    );
}

/** Seconds rounded to milliseconds. */
export function round(n: number): number {
    return Math.round(n * 1000) / 1000;
}

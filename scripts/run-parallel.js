#!/usr/bin/env node
// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Runs npm scripts side by side (npm test: format, types, lint and mocha share the two cores),
// prints each one's output as a block when it ends, and fails when any of them failed.
// Usage: node scripts/run-parallel.js <script> [<script> ...]
"use strict";
const { spawn } = require("child_process");

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
    console.error("usage: node scripts/run-parallel.js <npm script> [<npm script> ...]");
    process.exit(2);
}
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const children = new Set();
const started = Date.now();

function run(script) {
    return new Promise((resolve) => {
        const t0 = Date.now();
        const child = spawn(npm, ["run", "-s", script], { stdio: ["ignore", "pipe", "pipe"], detached: true });
        children.add(child);
        const chunks = [];
        child.stdout.on("data", (c) => chunks.push(c));
        child.stderr.on("data", (c) => chunks.push(c));
        child.on("close", (code, signal) => {
            children.delete(child);
            const secs = ((Date.now() - t0) / 1000).toFixed(1);
            const ok = code === 0;
            process.stdout.write(
                `\n── ${script}: ${ok ? "ok" : `FAILED (${signal ?? `exit ${code}`})`} in ${secs} s ──\n`,
            );
            process.stdout.write(Buffer.concat(chunks));
            resolve(ok);
        });
    });
}

// An interrupted run leaves no tool behind: each child leads its own process group.
for (const sig of ["SIGINT", "SIGTERM"]) {
    process.on(sig, () => {
        for (const c of children) {
            try {
                process.kill(-c.pid, "SIGTERM");
            } catch {
                // Already gone.
            }
        }
        process.exit(130);
    });
}

Promise.all(scripts.map(run)).then((results) => {
    const failed = scripts.filter((_, i) => !results[i]);
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
        `\n${failed.length ? `FAILED: ${failed.join(", ")}` : `all passed: ${scripts.join(", ")}`} (${secs} s wall)`,
    );
    process.exit(failed.length ? 1 : 0);
});

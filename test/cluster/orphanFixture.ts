// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Stands in for mocha in test/cluster/orphans.slow.ts: the cluster suite's hook, one server under the
// control plane's watchdog (as etcd runs), then blocked in spawnSync (as during `pulumi up`).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import "./hooks";
import { launchWatched } from "../../scripts/cluster/processes";

const [pidsFile, dir] = process.argv.slice(2);
const server = launchWatched("sleep", ["600"], path.join(dir, "server.log"), process.pid, path.join(dir, "cp"));
fs.writeFileSync(pidsFile, JSON.stringify({ self: process.pid, server: server.pid }));
spawnSync("sleep", ["600"]);

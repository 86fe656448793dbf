// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as fs from "fs";

/**
 * Kills (by pid) every process whose working directory or command line is inside `dir`: plugins a
 * killed CLI could not stop (they run in their own process groups). Returns the pids killed.
 */
export function killProcessesUnder(dir: string): number[] {
    const killed: number[] = [];
    for (const entry of fs.readdirSync("/proc")) {
        const pid = Number(entry);
        if (!Number.isInteger(pid) || pid === process.pid) {
            continue;
        }
        try {
            const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
            const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
            if (cwd === dir || cwd.startsWith(`${dir}/`) || cmdline.includes(dir)) {
                process.kill(pid, "SIGKILL");
                killed.push(pid);
            }
        } catch {
            // exited meanwhile, or not ours to read
        }
    }
    return killed;
}

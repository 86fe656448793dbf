// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Process plumbing of the test control plane: free ports, the watchdog every server runs under
// (its own process group, ended when the Node process that started it is gone, even after SIGKILL),
// process-group signals and liveness, readiness probes and log tails.
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";

/** A free TCP port on 127.0.0.1 (bound and released; the caller binds it right after). */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.unref();
        srv.on("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const { port } = srv.address() as net.AddressInfo;
            srv.close(() => resolve(port));
        });
    });
}

// Runs the command in its own process group and ends it when the parent Node process is gone (even
// after SIGKILL, which no Node handler sees); then also removes the control plane's temp dir.
export const WATCHDOG = `parent=$1; dir=$2; shift 2
"$@" & child=$!
trap 'kill -TERM $child 2>/dev/null; wait $child; exit 143' TERM INT
while kill -0 "$parent" 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done
kill -TERM $child 2>/dev/null; wait $child
kill -0 "$parent" 2>/dev/null || { sleep 2; rm -rf "$dir"; }`;

/**
 * Starts `bin args` under the watchdog in its own process group, output appended to `log`. The
 * watchdog ends it when process `parentPid` is gone and then removes `dir`.
 */
export function launchWatched(bin: string, args: string[], log: string, parentPid: number, dir: string): ChildProcess {
    const fd = fs.openSync(log, "a");
    const child = spawn("bash", ["-c", WATCHDOG, "watchdog", String(parentPid), dir, bin, ...args], {
        detached: true,
        stdio: ["ignore", fd, fd],
    });
    fs.closeSync(fd);
    child.unref();
    return child;
}

/** Sends `signal` to the child's process group; a group already gone is fine. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
    if (child.pid === undefined) {
        return;
    }
    try {
        process.kill(-child.pid, signal);
    } catch {
        // ESRCH: the group is already gone.
    }
}

/** True while a process of the child's group runs. */
export function groupAlive(child: ChildProcess): boolean {
    return child.pid !== undefined && processGroupAlive(child.pid);
}

/**
 * True when a process of group `pgid` is still running. Zombies do not count: a watchdog that has
 * exited stays a zombie until Node reaps it, which a synchronous stop() never lets happen. Linux /proc.
 */
export function processGroupAlive(pgid: number): boolean {
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) {
            continue;
        }
        let stat: string;
        try {
            stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
        } catch {
            continue;
        }
        // Fields after the parenthesised command: state, ppid, pgrp, ...
        const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (Number(pgrp) === pgid && state !== "Z" && state !== "X") {
            return true;
        }
    }
    return false;
}

/** True when `url` answers 2xx within 2 s. */
export function httpOk(url: string): Promise<boolean> {
    return fetch(url, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok);
}

/** The last lines of a log file, or `(no log)`. */
export function tail(file: string, lines = 25): string {
    try {
        return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } catch {
        return "(no log)";
    }
}

/** The parent pid of process `pid` (Linux /proc), or undefined when it is gone. */
export function parentOf(pid: number): number | undefined {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    } catch {
        return undefined;
    }
}

/**
 * Watches `target` from outside: while it runs, every `pid:parent` link must still hold (the process
 * alive, its parent unchanged); once one breaks, SIGTERM goes to the target and every descendant of
 * it at once (a child running under spawnSync must end before the target's event loop can run its
 * handlers), and SIGKILL to whatever of them is left 10 s later.
 */
export const ANCESTOR_WATCHER = `target=$1; shift
holds() {
  for link in "$@"; do
    stat=$(cat /proc/\${link%%:*}/stat 2>/dev/null) || return 1
    set -- \${stat##*) }
    [ "$2" = "\${link##*:}" ] || return 1
  done
}
while kill -0 $target 2>/dev/null; do holds "$@" || break; sleep 0.5; done
kill -0 $target 2>/dev/null || exit 0
# The target's whole tree but this watcher (a child of the target too).
tree() { [ "$1" = $$ ] || echo $1; for c in $(cat /proc/$1/task/*/children 2>/dev/null); do tree $c; done; }
pids=$(tree $target)
kill -TERM $pids 2>/dev/null
for i in $(seq 1 100); do
  alive=; for p in $pids; do s=$(cat /proc/$p/stat 2>/dev/null) && set -- \${s##*) } && [ "$1" != Z ] && alive=1; done
  [ -z "$alive" ] && exit 0
  sleep 0.1
done
kill -KILL $pids 2>/dev/null`;

let ancestorWatcher: ChildProcess | undefined;

/**
 * Ends this process and everything it started as soon as its parent or its parent's parent is gone.
 * `npm run test:cluster` runs mocha under `sh -c`: a SIGKILL to npm leaves the shell alive and
 * mocha's own parent unchanged, so only the grandparent shows it; mocha used to carry on and start
 * a fresh control plane. The watcher is a separate process: this one may be blocked in spawnSync
 * (a `pulumi up`), when no timer of its own would run. A re-parented process counts as gone.
 */
export function exitWhenAncestorsDie(): void {
    if (ancestorWatcher) {
        return;
    }
    const links: string[] = [];
    let pid = process.pid;
    for (let depth = 0; depth < 2; depth++) {
        const parent = parentOf(pid);
        // pid 1 (init) or 0: nothing above worth watching.
        if (parent === undefined || parent <= 1) {
            break;
        }
        links.push(`${pid}:${parent}`);
        pid = parent;
    }
    if (links.length === 0) {
        return;
    }
    ancestorWatcher = spawn("bash", ["-c", ANCESTOR_WATCHER, "ancestor-watcher", String(process.pid), ...links], {
        detached: true,
        stdio: "ignore",
    });
    ancestorWatcher.unref();
}

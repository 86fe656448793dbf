// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// A throwaway Kubernetes control plane on loopback: etcd, kube-apiserver and kube-controller-manager
// built by `npm run toolchain`, with generated credentials (credentials.ts), the flags of settings.ts,
// and every process under a watchdog (processes.ts), so nothing outlives a test, even after SIGKILL.
import { ChildProcess, execFileSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as https from "https";
import * as os from "os";
import * as path from "path";
import { writeCredentials } from "./credentials";
import { exitWhenAncestorsDie, freePort, groupAlive, httpOk, killGroup, launchWatched, tail } from "./processes";
import {
    CONTROL_PLANE_BINARIES,
    ControlPlaneFiles,
    ControlPlanePorts,
    apiServerArgs,
    controllerManagerArgs,
    etcdArgs,
    kubeconfigYaml,
    missingBinaries,
    toolchainBin,
} from "./settings";

/** One running control plane; {@link stop} ends every process and removes its files. */
export class ControlPlane {
    /** Every live instance, for the exit and signal handlers. */
    private static readonly live = new Set<ControlPlane>();
    private static handlersInstalled = false;
    private readonly procs: { name: string; child: ChildProcess; log: string }[] = [];
    private stopped = false;

    private constructor(
        /** Paths of the generated files. */
        public readonly files: ControlPlaneFiles,
        /** Listening ports. */
        public readonly ports: ControlPlanePorts,
        /** The admin bearer token (member of system:masters). */
        public readonly token: string,
        /** Context and cluster name written in the kubeconfig. */
        public readonly context: string,
        private readonly bin: string,
    ) {}

    /** Tokens of the further users started with, by name. */
    private userTokens = new Map<string, string>();

    /** Writes a kubeconfig (same context name) that authenticates as one of the further users; returns its path. */
    userKubeconfig(name: string): string {
        const token = this.userTokens.get(name);
        if (!token) {
            throw new Error(`no user ${name} was started with this control plane`);
        }
        const file = path.join(this.files.dir, `kubeconfig-${name}`);
        fs.writeFileSync(
            file,
            kubeconfigYaml(this.context, this.server, fs.readFileSync(this.files.caCert, "utf8"), token, name),
            {
                mode: 0o600,
            },
        );
        return file;
    }

    /** `https://127.0.0.1:<port>`. */
    get server(): string {
        return `https://127.0.0.1:${this.ports.apiServer}`;
    }

    /**
     * Starts etcd, kube-apiserver and (unless disabled) kube-controller-manager and waits until the
     * API server is ready. Throws with the tail of the failing process's log.
     */
    static async start(opts: {
        projectDir: string;
        context: string;
        controllerManager?: boolean;
        timeoutMs?: number;
        /** Further users with their own bearer tokens and groups (no rights unless RBAC grants them). */
        users?: { name: string; groups: string[] }[];
    }): Promise<ControlPlane> {
        const bin = toolchainBin(opts.projectDir);
        const wanted = opts.controllerManager === false ? CONTROL_PLANE_BINARIES.slice(0, 2) : CONTROL_PLANE_BINARIES;
        const missing = missingBinaries(bin, wanted);
        if (missing.length > 0) {
            throw new Error(`cannot start the control plane:\n  ${missing.join("\n  ")}`);
        }
        ControlPlane.installHandlers();
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cluster-platform-cp-"));
        const files = writeCredentials(dir);
        const token = crypto.randomBytes(24).toString("hex");
        const users = (opts.users ?? []).map((u) => ({ ...u, token: crypto.randomBytes(24).toString("hex") }));
        fs.writeFileSync(
            files.tokens,
            [
                `${token},admin,admin,"system:masters"`,
                ...users.map((u) => `${u.token},${u.name},${u.name},"${u.groups.join(",")}"`),
            ]
                .map((l) => `${l}\n`)
                .join(""),
            { mode: 0o600 },
        );
        const ports = { etcdClient: await freePort(), etcdPeer: await freePort(), apiServer: await freePort() };
        const cp = new ControlPlane(files, ports, token, opts.context, bin);
        cp.userTokens = new Map(users.map((u) => [u.name, u.token]));
        ControlPlane.live.add(cp);
        try {
            fs.writeFileSync(
                files.kubeconfig,
                kubeconfigYaml(opts.context, cp.server, fs.readFileSync(files.caCert, "utf8"), token),
                { mode: 0o600 },
            );
            const deadline = Date.now() + (opts.timeoutMs ?? 180_000);
            cp.launch("etcd", etcdArgs(path.join(dir, "etcd"), ports));
            await cp.waitFor("etcd", deadline, () => httpOk(`http://127.0.0.1:${ports.etcdClient}/health`));
            cp.launch("kube-apiserver", apiServerArgs(files, ports));
            await cp.waitFor("kube-apiserver", deadline, () => cp.ready());
            if (opts.controllerManager !== false) {
                cp.launch("kube-controller-manager", controllerManagerArgs(files));
                // The service-account controller creating `default` in kube-system shows the controllers run.
                await cp.waitFor("kube-controller-manager", deadline, () =>
                    cp.get("/api/v1/namespaces/kube-system/serviceaccounts/default").then((r) => r.status === 200),
                );
            }
            return cp;
        } catch (err) {
            cp.stop();
            throw err;
        }
    }

    /** GET on the API server with the admin token; resolves status and body. */
    get(pathname: string): Promise<{ status: number; body: string }> {
        const ca = fs.readFileSync(this.files.caCert);
        return new Promise((resolve, reject) => {
            const req = https.get(
                `${this.server}${pathname}`,
                { ca, headers: { authorization: `Bearer ${this.token}` }, timeout: 5000 },
                (res) => {
                    let body = "";
                    res.on("data", (c) => (body += c));
                    res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
                },
            );
            req.on("timeout", () => req.destroy(new Error("timeout")));
            req.on("error", reject);
        });
    }

    /** Ends every process of this control plane (SIGTERM to the group, SIGKILL after 5 s) and removes its files. */
    stop(): void {
        if (this.stopped) {
            return;
        }
        this.stopped = true;
        for (const p of [...this.procs].reverse()) {
            killGroup(p.child, "SIGTERM");
        }
        const until = Date.now() + 5000;
        while (this.procs.some((p) => groupAlive(p.child)) && Date.now() < until) {
            execFileSync("sleep", ["0.1"]);
        }
        for (const p of this.procs) {
            killGroup(p.child, "SIGKILL");
        }
        // A process in uninterruptible sleep (etcd in fsync) dies only when it leaves it: stop() returns once it has.
        const killed = Date.now() + 5000;
        while (this.procs.some((p) => groupAlive(p.child)) && Date.now() < killed) {
            execFileSync("sleep", ["0.05"]);
        }
        fs.rmSync(this.files.dir, { recursive: true, force: true });
        ControlPlane.live.delete(this);
    }

    /** Process ids of the running process groups (for tests that prove cleanup). */
    get pids(): number[] {
        return this.procs.map((p) => p.child.pid!).filter((pid) => pid !== undefined);
    }

    private launch(name: string, args: string[]): void {
        const log = path.join(this.files.dir, `${name}.log`);
        const child = launchWatched(path.join(this.bin, name), args, log, process.pid, this.files.dir);
        this.procs.push({ name, child, log });
    }

    private async waitFor(name: string, deadline: number, probe: () => Promise<boolean>): Promise<void> {
        const proc = this.procs.find((p) => p.name === name)!;
        for (;;) {
            if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
                throw new Error(`${name} exited (${proc.child.exitCode ?? proc.child.signalCode}):\n${tail(proc.log)}`);
            }
            if (await probe().catch(() => false)) {
                return;
            }
            if (Date.now() > deadline) {
                throw new Error(`${name} not ready in time:\n${tail(proc.log)}`);
            }
            await new Promise((r) => setTimeout(r, 250));
        }
    }

    private async ready(): Promise<boolean> {
        return (await this.get("/readyz")).status === 200;
    }

    private static installHandlers(): void {
        if (ControlPlane.handlersInstalled) {
            return;
        }
        ControlPlane.handlersInstalled = true;
        // Whoever started this process may die by SIGKILL (npm): then end, through the handlers below.
        exitWhenAncestorsDie();
        process.on("exit", () => ControlPlane.stopAll());
        for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
            process.once(sig, () => {
                ControlPlane.stopAll();
                process.exit(128 + os.constants.signals[sig]);
            });
        }
    }

    /** Stops every live control plane of this process. */
    static stopAll(): void {
        for (const cp of [...ControlPlane.live]) {
            cp.stop();
        }
    }
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// A throwaway Kubernetes control plane on loopback: etcd, kube-apiserver and kube-controller-manager
// built by `npm run toolchain`, a generated CA and serving certificate, service-account keys, a
// token file and a kubeconfig. Every process runs in its own process group under a watchdog that
// ends it when this Node process goes away, so nothing outlives a test, even after SIGKILL.
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as https from "https";
import * as net from "net";
import * as os from "os";
import * as path from "path";

/** The binaries the control plane needs, in the order they start. */
export const CONTROL_PLANE_BINARIES = ["etcd", "kube-apiserver", "kube-controller-manager"] as const;

/** Where `npm run toolchain` puts the binaries (override with CLUSTER_TOOLCHAIN_BIN). */
export function toolchainBin(projectDir: string, env: NodeJS.ProcessEnv = process.env): string {
    return env.CLUSTER_TOOLCHAIN_BIN ?? path.join(projectDir, ".toolchain", "bin");
}

/** The binaries missing from `bin`, each with the command that builds it. Pure apart from the file checks. */
export function missingBinaries(bin: string, names: readonly string[]): string[] {
    return names
        .filter((n) => {
            try {
                fs.accessSync(path.join(bin, n), fs.constants.X_OK);
                return false;
            } catch {
                return true;
            }
        })
        .map((n) => `${path.join(bin, n)} is missing; build it with \`npm run toolchain\``);
}

/** Ports a control plane listens on. */
export interface ControlPlanePorts {
    etcdClient: number;
    etcdPeer: number;
    apiServer: number;
}

/** Paths of the generated credentials, all inside the control plane's temp dir. */
export interface ControlPlaneFiles {
    dir: string;
    caCert: string;
    caKey: string;
    serverCert: string;
    serverKey: string;
    saKey: string;
    saPub: string;
    tokens: string;
    kubeconfig: string;
}

/** The kube-apiserver arguments (envtest-style, plus real TLS, a token file and every default admission plugin). Pure. */
export function apiServerArgs(files: ControlPlaneFiles, ports: ControlPlanePorts): string[] {
    return [
        `--etcd-servers=http://127.0.0.1:${ports.etcdClient}`,
        "--bind-address=127.0.0.1",
        "--advertise-address=127.0.0.1",
        `--secure-port=${ports.apiServer}`,
        `--tls-cert-file=${files.serverCert}`,
        `--tls-private-key-file=${files.serverKey}`,
        `--client-ca-file=${files.caCert}`,
        `--token-auth-file=${files.tokens}`,
        "--authorization-mode=RBAC",
        "--service-cluster-ip-range=10.0.0.0/24",
        "--allow-privileged=true",
        `--service-account-issuer=https://127.0.0.1:${ports.apiServer}`,
        `--service-account-key-file=${files.saPub}`,
        `--service-account-signing-key-file=${files.saKey}`,
        // No kubelets: the endpoint reconciler would only log; keep the server quiet and fast.
        "--endpoint-reconciler-type=none",
    ];
}

/** The etcd arguments: one member on loopback, data in the temp dir, no fsync (throwaway data). Pure. */
export function etcdArgs(dataDir: string, ports: ControlPlanePorts): string[] {
    const peer = `http://127.0.0.1:${ports.etcdPeer}`;
    const client = `http://127.0.0.1:${ports.etcdClient}`;
    return [
        `--data-dir=${dataDir}`,
        `--listen-client-urls=${client}`,
        `--advertise-client-urls=${client}`,
        `--listen-peer-urls=${peer}`,
        `--initial-advertise-peer-urls=${peer}`,
        `--initial-cluster=default=${peer}`,
        "--unsafe-no-fsync",
        "--log-level=warn",
    ];
}

/** The kube-controller-manager arguments: the default controllers (namespace, garbage collector, service accounts, workloads). Pure. */
export function controllerManagerArgs(files: ControlPlaneFiles): string[] {
    return [
        `--kubeconfig=${files.kubeconfig}`,
        "--leader-elect=false",
        "--secure-port=0",
        `--service-account-private-key-file=${files.saKey}`,
        `--root-ca-file=${files.caCert}`,
        "--use-service-account-credentials=false",
    ];
}

/** A kubeconfig for one cluster with a bearer token and the generated CA (no insecure-skip-tls-verify). Pure. */
export function kubeconfigYaml(context: string, server: string, caPem: string, token: string): string {
    const ca = Buffer.from(caPem).toString("base64");
    return [
        "apiVersion: v1",
        "kind: Config",
        `current-context: ${context}`,
        "clusters:",
        `  - name: ${context}`,
        "    cluster:",
        `      server: ${server}`,
        `      certificate-authority-data: ${ca}`,
        "users:",
        "  - name: admin",
        "    user:",
        `      token: ${token}`,
        "contexts:",
        `  - name: ${context}`,
        "    context:",
        `      cluster: ${context}`,
        "      user: admin",
        "",
    ].join("\n");
}

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
const WATCHDOG = `parent=$1; dir=$2; shift 2
"$@" & child=$!
trap 'kill -TERM $child 2>/dev/null; wait $child; exit 143' TERM INT
while kill -0 "$parent" 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done
kill -TERM $child 2>/dev/null; wait $child
kill -0 "$parent" 2>/dev/null || { sleep 2; rm -rf "$dir"; }`;

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
    }): Promise<ControlPlane> {
        const bin = toolchainBin(opts.projectDir);
        const wanted = opts.controllerManager === false ? CONTROL_PLANE_BINARIES.slice(0, 2) : CONTROL_PLANE_BINARIES;
        const missing = missingBinaries(bin, wanted);
        if (missing.length > 0) {
            throw new Error(`cannot start the control plane:\n  ${missing.join("\n  ")}`);
        }
        ControlPlane.installHandlers();
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cluster-platform-cp-"));
        const files = ControlPlane.writeCredentials(dir);
        const token = crypto.randomBytes(24).toString("hex");
        fs.writeFileSync(files.tokens, `${token},admin,admin,"system:masters"\n`, { mode: 0o600 });
        const ports = { etcdClient: await freePort(), etcdPeer: await freePort(), apiServer: await freePort() };
        const cp = new ControlPlane(files, ports, token, opts.context, bin);
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
        fs.rmSync(this.files.dir, { recursive: true, force: true });
        ControlPlane.live.delete(this);
    }

    /** Process ids of the running process groups (for tests that prove cleanup). */
    get pids(): number[] {
        return this.procs.map((p) => p.child.pid!).filter((pid) => pid !== undefined);
    }

    private launch(name: string, args: string[]): void {
        const log = path.join(this.files.dir, `${name}.log`);
        const fd = fs.openSync(log, "a");
        const child = spawn(
            "bash",
            ["-c", WATCHDOG, "watchdog", String(process.pid), this.files.dir, path.join(this.bin, name), ...args],
            {
                detached: true,
                stdio: ["ignore", fd, fd],
            },
        );
        fs.closeSync(fd);
        child.unref();
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

    private static writeCredentials(dir: string): ControlPlaneFiles {
        const f = (n: string) => path.join(dir, n);
        const files: ControlPlaneFiles = {
            dir,
            caCert: f("ca.crt"),
            caKey: f("ca.key"),
            serverCert: f("server.crt"),
            serverKey: f("server.key"),
            saKey: f("sa.key"),
            saPub: f("sa.pub"),
            tokens: f("tokens.csv"),
            kubeconfig: f("kubeconfig"),
        };
        const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
        const openssl = (args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
        openssl(
            ["req", "-x509", ...ec, "-keyout", files.caKey, "-out", files.caCert, "-days", "1"].concat([
                "-subj",
                "/CN=cluster-platform-test-ca",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
            ]),
        );
        const ext = f("server.ext");
        fs.writeFileSync(
            ext,
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
        );
        openssl(["req", ...ec, "-keyout", files.serverKey, "-out", f("server.csr"), "-subj", "/CN=kube-apiserver"]);
        openssl(
            [
                "x509",
                "-req",
                "-in",
                f("server.csr"),
                "-CA",
                files.caCert,
                "-CAkey",
                files.caKey,
                "-CAcreateserial",
            ].concat(["-out", files.serverCert, "-days", "1", "-extfile", ext]),
        );
        const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
        fs.writeFileSync(files.saKey, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
        fs.writeFileSync(files.saPub, publicKey.export({ type: "spki", format: "pem" }));
        return files;
    }

    private static installHandlers(): void {
        if (ControlPlane.handlersInstalled) {
            return;
        }
        ControlPlane.handlersInstalled = true;
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

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
    if (child.pid === undefined) {
        return;
    }
    try {
        process.kill(-child.pid, signal);
    } catch {
        // ESRCH: the group is already gone.
    }
}

function groupAlive(child: ChildProcess): boolean {
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

function httpOk(url: string): Promise<boolean> {
    return fetch(url, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok);
}

function tail(file: string, lines = 25): string {
    try {
        return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } catch {
        return "(no log)";
    }
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// What a test control plane runs: its binaries, the flags of etcd, kube-apiserver and
// kube-controller-manager, and the kubeconfig it writes. Pure apart from the binary checks.
import * as fs from "fs";
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
export function kubeconfigYaml(context: string, server: string, caPem: string, token: string, user = "admin"): string {
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
        `  - name: ${user}`,
        "    user:",
        `      token: ${token}`,
        "contexts:",
        `  - name: ${context}`,
        "    context:",
        `      cluster: ${context}`,
        `      user: ${user}`,
        "",
    ].join("\n");
}

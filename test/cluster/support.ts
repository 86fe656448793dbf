// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Shared steps of the cluster tests: CRD installation, rendering a stack, the Helm CLI, a summary file per test.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as k8s from "@kubernetes/client-node";
import { parseAllDocuments } from "yaml";
import { Applier, RenderedObject, objectKey, readRenderedObjects } from "../../scripts/cluster/apply";
import { missingBinaries, toolchainBin } from "../../scripts/cluster/settings";
import { scratchDir } from "../support/scratch";

/** The repository root. */
export const PROJECT_DIR = path.resolve(__dirname, "../..");
/** The vendored upstream CRDs (see vendor/SOURCES.md). */
export const CRD_DIR = path.join(PROJECT_DIR, "vendor", "crds");

/** Applies every vendored CRD and waits until the server reports each Established; returns their names. */
export async function installCrds(applier: Applier, timeoutMs = 60_000): Promise<string[]> {
    const { objects } = readRenderedObjects(CRD_DIR);
    const failed: string[] = [];
    for (const o of objects) {
        const r = await applier.apply(o);
        if (r.error) {
            failed.push(`${o.file}: ${r.error}`);
        }
    }
    if (failed.length > 0) {
        throw new Error(`vendored CRDs refused by the API server:\n  ${failed.join("\n  ")}`);
    }
    const names = objects.map((o) => o.body.metadata!.name!);
    const deadline = Date.now() + timeoutMs;
    for (const o of objects) {
        for (;;) {
            const crd = (await applier.read(o.body)) as {
                status?: { conditions?: { type: string; status: string }[] };
            };
            if (crd.status?.conditions?.some((c) => c.type === "Established" && c.status === "True")) {
                break;
            }
            if (Date.now() > deadline) {
                throw new Error(`CRD ${o.body.metadata!.name} not Established after ${timeoutMs} ms`);
            }
            await new Promise((r) => setTimeout(r, 200));
        }
    }
    return names;
}

/** Runs `npm run render` (its launcher) for a stack into a fresh temp dir and reads the API objects back. */
export function renderStackObjects(stack: string): {
    dir: string;
    objects: RenderedObject[];
    skipped: { file: string; reason: string }[];
} {
    const dir = scratchDir(`cluster-render-${stack}-`);
    const r = spawnSync(
        process.execPath,
        [path.join(PROJECT_DIR, "scripts", "launch.js"), "render", "--stack", stack, "--out", dir],
        {
            cwd: PROJECT_DIR,
            encoding: "utf8",
        },
    );
    if (r.status !== 0) {
        throw new Error(`npm run render -- --stack ${stack} failed (${r.status}): ${r.stderr}`);
    }
    return { dir, ...readRenderedObjects(dir) };
}

/** Writes one JSON summary of a cluster test under reports/cluster/ (for the CI log and the closing note). */
export function writeSummary(name: string, summary: unknown): void {
    const dir = path.join(PROJECT_DIR, "reports", "cluster");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(summary, null, 2)}\n`);
}

/** The Helm CLI built by the toolchain, with its own cache/config/data dirs, on one control plane's kubeconfig. */
export class HelmCli {
    readonly bin: string;
    readonly home: string;

    constructor(
        readonly kubeconfig: string,
        readonly context: string,
    ) {
        const bin = toolchainBin(PROJECT_DIR);
        const missing = missingBinaries(bin, ["helm"]);
        if (missing.length > 0) {
            throw new Error(missing.join("\n"));
        }
        this.bin = path.join(bin, "helm");
        this.home = scratchDir("cluster-helm-");
    }

    /** The environment helm (and a script calling it) runs with. */
    env(): NodeJS.ProcessEnv {
        return {
            ...process.env,
            KUBECONFIG: this.kubeconfig,
            HELM_CACHE_HOME: path.join(this.home, "cache"),
            HELM_CONFIG_HOME: path.join(this.home, "config"),
            HELM_DATA_HOME: path.join(this.home, "data"),
        };
    }

    /** `helm --kube-context <context> -n kube-system <args>`. */
    run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
        const r = spawnSync(this.bin, ["--kube-context", this.context, "-n", "kube-system", ...args], {
            encoding: "utf8",
            env: this.env(),
        });
        return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    }

    /** Installs the stub Cilium chart as release `kube-system/cilium` with the given values (the bootstrap install). */
    installCilium(values: unknown): void {
        const file = path.join(this.home, `values-${Date.now()}.json`);
        fs.writeFileSync(file, JSON.stringify(values));
        const r = this.run("install", "cilium", path.join(PROJECT_DIR, "test", "charts", "cilium"), "-f", file);
        if (r.status !== 0) {
            throw new Error(`helm install cilium failed: ${r.stderr}`);
        }
    }

    /** UID and resourceVersion of every object in the release's current manifest, by `Kind namespace/name`. */
    async releaseObjects(applier: Applier, release = "cilium"): Promise<Map<string, ObjectIdentity>> {
        const manifest = this.run("get", "manifest", release);
        if (manifest.status !== 0) {
            throw new Error(`helm get manifest ${release} failed: ${manifest.stderr}`);
        }
        const out = new Map<string, ObjectIdentity>();
        for (const doc of parseAllDocuments(manifest.stdout)) {
            const o = doc.toJS() as k8s.KubernetesObject | null;
            if (o) {
                const stored = await applier.read(o);
                out.set(objectKey(o), {
                    uid: stored.metadata!.uid!,
                    resourceVersion: stored.metadata!.resourceVersion!,
                });
            }
        }
        return out;
    }

    /** Removes the helm dirs. */
    dispose(): void {
        fs.rmSync(this.home, { recursive: true, force: true });
    }
}

/** What identifies one stored object's incarnation and version. */
export interface ObjectIdentity {
    uid: string;
    resourceVersion: string;
}

/** The Pod Security admission label that enforces a level on a namespace. */
const PSA_ENFORCE = "pod-security.kubernetes.io/enforce";

/** Names of the Namespaces among `objects` that enforce the `restricted` Pod Security level. */
export function restrictedNamespaces(objects: readonly k8s.KubernetesObject[]): string[] {
    return objects
        .filter((o) => o.kind === "Namespace" && o.metadata?.labels?.[PSA_ENFORCE] === "restricted")
        .map((o) => o.metadata!.name!);
}

/**
 * Dry-runs a privileged pod in each namespace and returns those where the API server did not refuse it
 * as a `restricted` violation (with the server's answer), so an empty list proves enforcement.
 */
export async function privilegedPodsAdmitted(applier: Applier, namespaces: readonly string[]): Promise<string[]> {
    const admitted: string[] = [];
    for (const namespace of namespaces) {
        const r = await applier.dryRunCreate({
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name: "privileged-probe", namespace },
            spec: { containers: [{ name: "c", image: "busybox", securityContext: { privileged: true } }] },
        } as k8s.KubernetesObject);
        if (!r.error?.includes('violates PodSecurity "restricted:latest"')) {
            admitted.push(`${namespace}: ${r.error ?? "admitted"}`);
        }
    }
    return admitted;
}

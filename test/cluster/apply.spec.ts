// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Unit tests of the cluster harness's pure parts (no API server needed; part of `npm test`).
import * as k8s from "@kubernetes/client-node";
import * as assert from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import {
    apiErrorMessage,
    applyOrder,
    objectKey,
    readRenderedObjects,
    splitWarnings,
} from "../../scripts/cluster/apply";
import { notContained, podOfWorkload, withoutControllerWrites } from "../../scripts/cluster/compare";
import { processGroupAlive } from "../../scripts/cluster/processes";
import {
    apiServerArgs,
    controllerManagerArgs,
    etcdArgs,
    kubeconfigYaml,
    missingBinaries,
    toolchainBin,
} from "../../scripts/cluster/settings";
import { scratchDir } from "../support/scratch";

describe("cluster harness: rendered objects", () => {
    let dir: string;
    beforeEach(() => {
        dir = scratchDir("apply-spec-");
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("reads API objects recursively and skips providers, components and Helm releases with the reason", () => {
        fs.mkdirSync(path.join(dir, "infra"));
        fs.writeFileSync(
            path.join(dir, "infra", "b.yaml"),
            "# header\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: a\n",
        );
        fs.writeFileSync(path.join(dir, "infra", "a.yaml"), "apiVersion: helm.sh/v3\nkind: Release\nchart: cilium\n");
        fs.writeFileSync(path.join(dir, "_provider.yaml"), "kubeconfig: x\n");
        fs.writeFileSync(path.join(dir, "notes.txt"), "ignored");
        const { objects, skipped } = readRenderedObjects(dir);
        assert.deepStrictEqual(
            objects.map((o) => `${o.file} ${objectKey(o.body)}`),
            ["infra/b.yaml Namespace a", "infra/b.yaml ConfigMap a/c"],
        );
        assert.deepStrictEqual(skipped, [
            { file: "_provider.yaml", reason: "no apiVersion/kind: a Pulumi provider or component, not an API object" },
            {
                file: "infra/a.yaml",
                reason: "helm.sh/v3 Release: installed by Helm from its chart, not applied",
            },
        ]);
    });

    it("names the file and document of malformed YAML", () => {
        fs.writeFileSync(path.join(dir, "x.yaml"), "apiVersion: v1\n---\nkind: [unclosed\n");
        assert.throws(() => readRenderedObjects(dir), /^Error: x\.yaml: document 1: malformed YAML: /);
    });

    it("orders CRDs, namespaces, identities, RBAC, then the rest, keeping the input order within a rank", () => {
        const o = (kind: string, name: string) => ({ body: { apiVersion: "v1", kind, metadata: { name } } });
        const ordered = applyOrder([
            o("Deployment", "d"),
            o("RoleBinding", "rb"),
            o("Role", "r"),
            o("ServiceAccount", "sa"),
            o("Namespace", "ns"),
            o("Service", "s"),
            o("CustomResourceDefinition", "crd"),
        ]);
        assert.deepStrictEqual(
            ordered.map((x) => x.body.metadata.name),
            ["crd", "ns", "sa", "r", "rb", "d", "s"],
        );
    });
});

describe("cluster harness: comparisons", () => {
    it("accepts server defaults but reports rendered values the server lacks or changed", () => {
        const rendered = { spec: { replicas: 2, ports: [{ port: 80 }], labels: { a: "1" } } };
        const stored = {
            metadata: { uid: "u" },
            spec: { replicas: 2, ports: [{ port: 80, protocol: "TCP" }], labels: { a: "1" }, extra: true },
        };
        assert.deepStrictEqual(notContained(rendered, stored), []);
        assert.deepStrictEqual(
            notContained({ spec: { replicas: 3, ports: [{ port: 80 }, { port: 81 }], labels: { b: "2" } } }, stored),
            [
                ".spec.replicas: rendered 3, stored 2",
                '.spec.ports: rendered [{"port":80},{"port":81}], stored [{"port":80,"protocol":"TCP"}]',
                '.spec.labels.b: rendered "2", stored undefined',
            ],
        );
    });

    it("treats a number the server stored as its string form as equal", () => {
        assert.deepStrictEqual(notContained({ port: 9000 }, { port: "9000" }), []);
    });

    it("drops what controllers write (status, resourceVersion, other managers' fields) and keeps the rest", () => {
        const stored = {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: {
                name: "d",
                resourceVersion: "7",
                generation: 1,
                managedFields: [{ manager: "me", operation: "Apply" }, { manager: "kube-controller-manager" }],
            },
            spec: { replicas: 2 },
            status: { observedGeneration: 1 },
        };
        assert.deepStrictEqual(withoutControllerWrites(stored, "me"), {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "d", generation: 1, managedFields: [{ manager: "me", operation: "Apply" }] },
            spec: { replicas: 2 },
        });
        assert.strictEqual(stored.metadata.resourceVersion, "7", "the input is not modified");
    });

    it("splits Warning headers into their texts", () => {
        assert.deepStrictEqual(
            splitWarnings('299 - "cilium.io/v2alpha1 X is deprecated", 299 - "would violate \\"restricted\\""'),
            ["cilium.io/v2alpha1 X is deprecated", 'would violate "restricted"'],
        );
    });

    it("reads the Status message of an API error", () => {
        const err = new k8s.ApiException(422, "x", JSON.stringify({ kind: "Status", message: "spec.x: Invalid" }), {});
        assert.strictEqual(apiErrorMessage(err), "HTTP 422: spec.x: Invalid");
        assert.strictEqual(apiErrorMessage(new k8s.ApiException(500, "x", "not json", {})), "HTTP 500: not json");
        assert.strictEqual(apiErrorMessage(new Error("connect ECONNREFUSED")), "connect ECONNREFUSED");
    });

    it("builds the pod a workload's controller would create, in the workload's namespace", () => {
        const spec = { containers: [{ name: "c", image: "i" }] };
        const dep = {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "d", namespace: "n" },
            spec: { template: { metadata: { labels: { a: "b" } }, spec } },
        };
        assert.deepStrictEqual(podOfWorkload(dep), {
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name: "d-psa-probe", namespace: "n", labels: { a: "b" } },
            spec,
        });
        const cron = {
            apiVersion: "batch/v1",
            kind: "CronJob",
            metadata: { name: "c" },
            spec: { jobTemplate: { spec: { template: { spec } } } },
        };
        assert.deepStrictEqual(podOfWorkload(cron)?.metadata?.namespace, "default");
        assert.deepStrictEqual(podOfWorkload(cron)?.spec, spec);
        assert.strictEqual(podOfWorkload({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" } }), undefined);
    });
});

describe("cluster harness: control plane settings", () => {
    const files = {
        dir: "/t",
        caCert: "/t/ca.crt",
        caKey: "/t/ca.key",
        serverCert: "/t/server.crt",
        serverKey: "/t/server.key",
        saKey: "/t/sa.key",
        saPub: "/t/sa.pub",
        tokens: "/t/tokens.csv",
        kubeconfig: "/t/kubeconfig",
    };
    const ports = { etcdClient: 2001, etcdPeer: 2002, apiServer: 2003 };

    it("points kube-apiserver at its etcd, its certificates and token file, on loopback only", () => {
        const args = apiServerArgs(files, ports);
        for (const a of [
            "--etcd-servers=http://127.0.0.1:2001",
            "--bind-address=127.0.0.1",
            "--secure-port=2003",
            "--tls-cert-file=/t/server.crt",
            "--token-auth-file=/t/tokens.csv",
            "--authorization-mode=RBAC",
            "--service-account-issuer=https://127.0.0.1:2003",
        ]) {
            assert.ok(args.includes(a), `missing ${a}`);
        }
        assert.ok(!args.some((a) => a.startsWith("--disable-admission-plugins")), "admission plugins must stay on");
        assert.ok(etcdArgs("/t/etcd", ports).includes("--listen-client-urls=http://127.0.0.1:2001"));
        assert.ok(controllerManagerArgs(files).includes("--kubeconfig=/t/kubeconfig"));
    });

    it("writes a kubeconfig that trusts the generated CA and carries the token", () => {
        const kc = parse(kubeconfigYaml("infra", "https://127.0.0.1:2003", "PEM", "tok"));
        assert.strictEqual(kc["current-context"], "infra");
        assert.deepStrictEqual(kc.clusters[0].cluster, {
            server: "https://127.0.0.1:2003",
            "certificate-authority-data": Buffer.from("PEM").toString("base64"),
        });
        assert.deepStrictEqual(kc.users[0].user, { token: "tok" });
        assert.ok(!JSON.stringify(kc).includes("insecure-skip-tls-verify"));
    });

    it("names every missing binary and the command that builds it", () => {
        assert.deepStrictEqual(missingBinaries("/nonexistent/bin", ["etcd", "kube-apiserver"]), [
            "/nonexistent/bin/etcd is missing; build it with `npm run toolchain`",
            "/nonexistent/bin/kube-apiserver is missing; build it with `npm run toolchain`",
        ]);
        assert.strictEqual(toolchainBin("/p", {}), "/p/.toolchain/bin");
        assert.strictEqual(toolchainBin("/p", { CLUSTER_TOOLCHAIN_BIN: "/x" }), "/x");
    });

    it("sees a running process group and not one whose processes have exited", async () => {
        const child = spawn("sleep", ["30"], { detached: true, stdio: "ignore" });
        assert.strictEqual(processGroupAlive(child.pid!), true);
        const exited = new Promise((r) => child.on("exit", r));
        process.kill(-child.pid!, "SIGTERM");
        await exited;
        assert.strictEqual(processGroupAlive(child.pid!), false);
    });
});

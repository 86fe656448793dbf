// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { gzipSync } from "zlib";
import { ReadOnlyClient } from "../../engine/audit/client";
import { currentReleases, decodeReleaseSecret, HelmRecordError } from "../../engine/audit/helmRecords";
import { kubeconfigFiles, loadConnection } from "../../engine/audit/kubeconfig";
import { AUDIT_KINDS, listPath } from "../../engine/audit/kinds";
import { AuditPermissionError, readCluster } from "../../engine/audit/read";
import { FakeApi } from "./fakeApi";

/** A release Secret as Helm's secret driver writes it: data.release = base64(base64(gzip(JSON))). */
export function helmSecret(
    name: string,
    namespace: string,
    revision: number,
    status: string,
    config: unknown,
): Record<string, unknown> {
    const release = {
        name,
        namespace,
        version: revision,
        info: { status },
        chart: { metadata: { name: "cilium", version: "1.18.3", appVersion: "1.18.3" }, values: { huge: true } },
        config,
        manifest: "---\n",
    };
    const helm = gzipSync(Buffer.from(JSON.stringify(release))).toString("base64");
    return {
        metadata: {
            name: `sh.helm.release.v1.${name}.v${revision}`,
            namespace,
            labels: { owner: "helm", name, status, version: String(revision) },
        },
        type: "helm.sh/release.v1",
        data: { release: Buffer.from(helm).toString("base64") },
    };
}

const cm = (i: number) => ({ metadata: { name: `cm-${i}`, namespace: "ns" }, data: { k: "v" } });

describe("audit: reading a cluster", () => {
    let api: FakeApi;
    afterEach(async () => api?.stop());

    it("lists every audited kind page by page with GET only, falls back to an older served version, and decodes release records", async () => {
        const objects = new Map<string, Record<string, unknown>[]>([
            ["/api/v1/configmaps", Array.from({ length: 1201 }, (_, i) => cm(i))],
            ["/apis/external-secrets.io/v1beta1/externalsecrets", [{ metadata: { name: "es", namespace: "cache" } }]],
            [
                "/api/v1/namespaces/kube-system/secrets",
                [
                    helmSecret("cilium", "kube-system", 1, "superseded", { a: 1 }),
                    helmSecret("cilium", "kube-system", 2, "deployed", { encryption: { enabled: true } }),
                    {
                        metadata: { name: "other", namespace: "kube-system", labels: {} },
                        type: "Opaque",
                        data: { x: "eA==" },
                    },
                ],
            ],
        ]);
        api = new FakeApi(objects);
        await api.start();
        const client = new ReadOnlyClient(loadConnection([api.kubeconfig()], "fake"));
        const read = await readCluster(client, ["kube-system"]);
        client.close();
        assert.deepStrictEqual(
            api.requests.filter((r) => r.method !== "GET"),
            [],
        );
        assert.strictEqual(read.objects.filter((o) => o.kind === "ConfigMap").length, 1201);
        assert.deepStrictEqual(
            api.requests
                .filter((r) => r.path === "/api/v1/configmaps")
                .map((r) => [r.query.get("limit"), r.query.get("continue")]),
            [
                ["500", null],
                ["500", "500"],
                ["500", "1000"],
            ],
        );
        const es = read.objects.filter((o) => o.kind === "ExternalSecret");
        assert.deepStrictEqual(
            es.map((o) => o.apiVersion),
            ["external-secrets.io/v1beta1"],
        );
        // Only the release namespace's Secrets, only by Helm's label; the other Secret is never returned.
        const secretReads = api.requests.filter((r) => r.path.endsWith("/secrets"));
        assert.deepStrictEqual(
            secretReads.map((r) => [r.path, r.query.get("labelSelector")]),
            [["/api/v1/namespaces/kube-system/secrets", "owner=helm"]],
        );
        assert.deepStrictEqual(
            read.releases.map((r) => [r.name, r.revision, r.status, r.chart, r.chartVersion]),
            [
                ["cilium", 1, "superseded", "cilium", "1.18.3"],
                ["cilium", 2, "deployed", "cilium", "1.18.3"],
            ],
        );
        assert.deepStrictEqual(currentReleases(read.releases)[0].current.values, { encryption: { enabled: true } });
        // Everything not served here: 2 kinds with objects, 24 without.
        assert.strictEqual(read.notServed.length, AUDIT_KINDS.length - 2);
        assert.ok(read.notServed.includes("networkpolicies.networking.k8s.io"));
    });

    it("fails naming every refused read (kind, namespace, verb) and judges nothing", async () => {
        const objects = new Map<string, Record<string, unknown>[]>([["/api/v1/configmaps", [cm(1)]]]);
        api = new FakeApi(
            objects,
            new Set(["/apis/networking.k8s.io/v1/networkpolicies", "/api/v1/namespaces/kube-system/secrets"]),
        );
        await api.start();
        const client = new ReadOnlyClient(loadConnection([api.kubeconfig()], "fake"));
        await assert.rejects(readCluster(client, ["kube-system"]), (err: unknown) => {
            assert.ok(err instanceof AuditPermissionError);
            assert.strictEqual(
                err.message.split("\n").slice(0, 3).join("\n"),
                "the audit's credentials (user auditor) may not read everything it judges; nothing was judged. Missing:\n" +
                    "  - list networkpolicies.networking.k8s.io in all namespaces (cluster-wide)\n" +
                    "  - list secrets in namespace kube-system",
            );
            return true;
        });
        client.close();
    });

    it("names the list path of core and grouped kinds", () => {
        assert.strictEqual(
            listPath({ group: "", resource: "secrets" }, "v1", "kube-system"),
            "/api/v1/namespaces/kube-system/secrets",
        );
        assert.strictEqual(
            listPath({ group: "policy", resource: "poddisruptionbudgets" }, "v1"),
            "/apis/policy/v1/poddisruptionbudgets",
        );
    });

    it("refuses a record that is not Helm's, naming the Secret and never its content", () => {
        assert.throws(
            () =>
                decodeReleaseSecret({
                    metadata: { name: "s", namespace: "n" },
                    data: { release: Buffer.from("not base64 gzip json").toString("base64") },
                }),
            (err: unknown) =>
                err instanceof HelmRecordError &&
                err.message === "Secret n/s: data.release does not decode to a release JSON document",
        );
    });

    it("reads a kubeconfig's context, and says what is missing", () => {
        assert.deepStrictEqual(kubeconfigFiles(undefined, { KUBECONFIG: "/a:/b" }), ["/a", "/b"]);
        const fake = new FakeApi(new Map());
        fake.url = "https://127.0.0.1:6443";
        const file = fake.kubeconfig();
        assert.throws(() => loadConnection([file], "nope"), /no context "nope" \(contexts: fake\)/);
        const conn = loadConnection([file]);
        assert.strictEqual(conn.context, "fake");
        assert.strictEqual(conn.token, "fake-token");
    });
});

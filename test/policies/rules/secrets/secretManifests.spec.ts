// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { secretManifests } from "../../../../policies/rules/secrets/secretManifests";
import { describeCommon, violationsOf } from "../../helpers";

const policy = resourcePolicy(secretManifests) as ResourceValidationPolicy;
const SECRET = "kubernetes:core/v1:Secret";
const meta = { name: "dragonfly-auth", namespace: "cache" };
const run = async (props: Record<string, unknown>, provider?: { name: string; props: Record<string, unknown> }) =>
    await violationsOf(policy, { type: SECRET, name: "cache-dragonfly-auth-secret", props, provider });

describe("policy cluster-platform-secret-manifests", () => {
    describeCommon(policy, {
        name: "cluster-platform-secret-manifests",
        enforcementLevel: "advisory",
        severity: "low",
        risks: ["HYG-SECRETS-001"],
    });

    it("#1 passes a SOPS-encrypted Secret (the seeds' secret.sops.yaml), an empty one and one the program declares", async () => {
        const sops = {
            apiVersion: "v1",
            kind: "Secret",
            metadata: meta,
            stringData: { password: "ENC[AES256_GCM,data:q4W3,iv:aa,tag:bb,type:str]" },
            sops: { age: [{ recipient: "age1xyz" }], mac: "ENC[AES256_GCM,data:zz]", version: "3.9.0" },
        };
        assert.deepStrictEqual(await run(sops), []);
        assert.deepStrictEqual(await run({ metadata: meta, data: {}, stringData: { password: "" } }), []);
        assert.deepStrictEqual(await run({ metadata: meta, type: "kubernetes.io/service-account-token" }), []);
        assert.deepStrictEqual(
            await run({ metadata: meta, stringData: { password: "s3cret" } }, { name: "infra-k8s", props: {} }),
            [],
        );
        assert.deepStrictEqual(
            await violationsOf(policy, { type: "kubernetes:core/v1:ConfigMap", props: { data: { password: "x" } } }),
            [],
        );
    });

    it("#2 reports stringData in a plain manifest", async () => {
        assert.deepStrictEqual(await run({ metadata: meta, stringData: { password: "s3cret" } }), [
            "[HYG-SECRETS-001 · score 3] Secret cache/dragonfly-auth is a plain manifest with values in stringData.password, so the secret is in Git in plaintext (base64 is no encryption); encrypt the file with SOPS, or use an ExternalSecret.",
        ]);
    });

    it("#3 reports base64 data and stringData together, every filled key named, in one finding", async () => {
        assert.deepStrictEqual(
            await run({
                metadata: { name: "s3" },
                data: { "access-key": "QUtJQQ==", "secret-key": "c2VjcmV0" },
                stringData: { endpoint: "http://minio:9000" },
            }),
            [
                "[HYG-SECRETS-001 · score 3] Secret default/s3 is a plain manifest with values in data.access-key, data.secret-key, stringData.endpoint, so the secret is in Git in plaintext (base64 is no encryption); encrypt the file with SOPS, or use an ExternalSecret.",
            ],
        );
    });

    it("#4 never crashes on a malformed data field", async () => {
        for (const data of [null, "x", [1], 42]) {
            assert.deepStrictEqual(await run({ metadata: meta, data }), [], JSON.stringify(data));
        }
    });
});

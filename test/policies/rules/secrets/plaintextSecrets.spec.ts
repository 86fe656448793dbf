// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { plaintextSecrets } from "../../../../policies/rules/secrets/plaintextSecrets";
import { ciliumRelease, deployment } from "../../fixtures";
import { describeCommon, mutate, violationsOf } from "../../helpers";

const policy = resourcePolicy(plaintextSecrets) as ResourceValidationPolicy;
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("policy cluster-platform-plaintext-secrets", () => {
    describeCommon(policy, {
        name: "cluster-platform-plaintext-secrets",
        enforcementLevel: "advisory",
        severity: "low",
        risks: ["HYG-SECRETS-001", "CIL-SEC-003"],
    });

    it("#1 passes env from secretKeyRef, plain settings, reference-style Helm values and ConfigMaps", async () => {
        assert.deepStrictEqual(
            await violationsOf(policy, { type: "kubernetes:apps/v1:Deployment", props: deployment() }),
            [],
        );
        const release = mutate(
            ciliumRelease() as Obj,
            (r) => (r.values.auth = { existingSecret: "db", passwordKey: "password" }),
        );
        assert.deepStrictEqual(
            await violationsOf(policy, { type: "kubernetes:helm.sh/v3:Release", props: release }),
            [],
        );
        assert.deepStrictEqual(
            await violationsOf(policy, {
                type: "kubernetes:core/v1:ConfigMap",
                props: { metadata: { name: "cfg", namespace: "shop" }, data: { LOG_LEVEL: "info" } },
            }),
            [],
        );
    });

    it("#2 reports a plaintext env var", async () => {
        const props = mutate(deployment() as Obj, (d) =>
            d.spec.template.spec.containers[0].env.push({ name: "API_TOKEN", value: "abc" }),
        );
        assert.deepStrictEqual(await violationsOf(policy, { type: "kubernetes:apps/v1:Deployment", props }), [
            '[HYG-SECRETS-001 · score 3] container "app" of Deployment shop/web sets API_TOKEN in plaintext at spec.template.spec.containers[0].env[2].value; use valueFrom.secretKeyRef instead.',
        ]);
    });

    it("#3 reports a secret-named ConfigMap key", async () => {
        assert.deepStrictEqual(
            await violationsOf(policy, {
                type: "kubernetes:core/v1:ConfigMap",
                props: { metadata: { name: "cfg", namespace: "shop" }, data: { DB_PASSWORD: "hunter2" } },
            }),
            [
                "[HYG-SECRETS-001 · score 3] ConfigMap shop/cfg holds the secret-named key data.DB_PASSWORD in plaintext; move it to a Secret.",
            ],
        );
    });

    it("#4 reports a password in Helm values (CIL-SEC-003)", async () => {
        const release = mutate(ciliumRelease() as Obj, (r) => (r.values.hubble = { ui: { password: "admin" } }));
        assert.deepStrictEqual(await violationsOf(policy, { type: "kubernetes:helm.sh/v3:Release", props: release }), [
            "[CIL-SEC-003 · score 2] Helm release cilium has a plaintext value at values.hubble.ui.password; move it to a Secret and reference it (for example an existingSecret key of the chart).",
        ]);
    });

    it("#5 reports a literal --requirepass on a Dragonfly CR and in a container's shell-wrapped args, once each, without the value", async () => {
        const cr = {
            metadata: { name: "cache", namespace: "cache" },
            spec: {
                args: ["--requirepass=hunter2", "--cache_mode=true"],
                env: [{ name: "DFLY_PASSWORD", value: "hunter2" }],
            },
        };
        const found = await violationsOf(policy, { type: "kubernetes:dragonflydb.io/v1alpha1:Dragonfly", props: cr });
        assert.deepStrictEqual(found, [
            "[HYG-SECRETS-001 · score 3] Dragonfly cache/cache passes --requirepass with a literal value in spec.args; the password is in plaintext in Git and in the pod spec. Use spec.authentication.passwordFromSecret instead.",
            "[HYG-SECRETS-001 · score 3] Dragonfly cache/cache sets DFLY_PASSWORD in plaintext at spec.env[0].value; use valueFrom.secretKeyRef instead.",
        ]);
        assert.ok(found.every((m) => !m.includes("hunter2")));
        const d = mutate(deployment() as Obj, (x) => {
            x.spec.template.spec.containers[0].command = ["/bin/sh", "-c"];
            x.spec.template.spec.containers[0].args = ["exec redis-server --requirepass s3cret --port 6379"];
        });
        assert.deepStrictEqual(await violationsOf(policy, { type: "kubernetes:apps/v1:Deployment", props: d }), [
            `[HYG-SECRETS-001 · score 3] container "${d.spec.template.spec.containers[0].name}" of Deployment ${d.metadata.namespace}/${d.metadata.name} passes --requirepass with a literal value at spec.template.spec.containers[0].args; read it from a Secret (an env var from valueFrom.secretKeyRef, passed as $(VAR)).`,
        ]);
    });

    it("#6 passes a password flag that references an env var", async () => {
        const d = mutate(
            deployment() as Obj,
            (x) => (x.spec.template.spec.containers[0].args = ["--requirepass=$(REDIS_PASSWORD)"]),
        );
        assert.deepStrictEqual(await violationsOf(policy, { type: "kubernetes:apps/v1:Deployment", props: d }), []);
        const cr = { metadata: { name: "cache" }, spec: { args: ["--requirepass", "$(DFLY_PASSWORD)"] } };
        assert.deepStrictEqual(
            await violationsOf(policy, { type: "kubernetes:dragonflydb.io/v1alpha1:Dragonfly", props: cr }),
            [],
        );
    });

    it("#7 reports a literal DFLY_requirepass, where Dragonfly reads its --requirepass flag, on a CR and in a pod", async () => {
        const cr = {
            metadata: { name: "cache", namespace: "cache" },
            spec: {
                env: [
                    { name: "DFLY_requirepass", value: "hunter2" },
                    { name: "DFLY_masterauth", value: "hunter2" },
                    { name: "DFLY_cache_mode", value: "true" },
                ],
            },
        };
        const found = await violationsOf(policy, { type: "kubernetes:dragonflydb.io/v1alpha1:Dragonfly", props: cr });
        assert.deepStrictEqual(found, [
            "[HYG-SECRETS-001 · score 3] Dragonfly cache/cache sets DFLY_requirepass in plaintext at spec.env[0].value; use spec.authentication.passwordFromSecret instead.",
            "[HYG-SECRETS-001 · score 3] Dragonfly cache/cache sets DFLY_masterauth in plaintext at spec.env[1].value; use valueFrom.secretKeyRef instead.",
        ]);
        assert.ok(found.every((m) => !m.includes("hunter2")));
        const d = mutate(deployment() as Obj, (x) =>
            x.spec.template.spec.containers[0].env.push(
                { name: "DFLY_requirepass", value: "hunter2" },
                { name: "REDISCLI_AUTH", value: "hunter2" },
            ),
        );
        assert.deepStrictEqual(await violationsOf(policy, { type: "kubernetes:apps/v1:Deployment", props: d }), [
            `[HYG-SECRETS-001 · score 3] container "app" of Deployment shop/web sets DFLY_requirepass in plaintext at spec.template.spec.containers[0].env[2].value; use valueFrom.secretKeyRef instead.`,
            `[HYG-SECRETS-001 · score 3] container "app" of Deployment shop/web sets REDISCLI_AUTH in plaintext at spec.template.spec.containers[0].env[3].value; use valueFrom.secretKeyRef instead.`,
        ]);
    });

    it("#8 passes DFLY_requirepass from a Secret or as a $(VAR) reference", async () => {
        const cr = {
            metadata: { name: "cache", namespace: "cache" },
            spec: {
                env: [
                    { name: "DFLY_requirepass", valueFrom: { secretKeyRef: { name: "auth", key: "password" } } },
                    { name: "DFLY_masterauth", value: "$(DFLY_requirepass)" },
                ],
            },
        };
        assert.deepStrictEqual(
            await violationsOf(policy, { type: "kubernetes:dragonflydb.io/v1alpha1:Dragonfly", props: cr }),
            [],
        );
    });
});

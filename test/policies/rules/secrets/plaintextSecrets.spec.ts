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
});

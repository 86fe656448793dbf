// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { kubernetesAjv } from "../support/ajv";
import * as fs from "fs";
import { Namespace, Service, ConfigMap } from "kubernetes-models/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import {
    authExternalSecret,
    dragonflyArgs,
    dragonflySpec,
    globalServiceSpec,
    networkPolicySpec,
    operatorPdbSpec,
    operatorValues,
    DragonflyCluster,
} from "../../components/dragonfly";
import { createClusterProvider } from "../../components";
import { deriveDragonfly, quantityBytes } from "../../config/derived";
import { StackConfig } from "../../config/schema";
import { recordProgram } from "../../engine/recording/program";
import { PROJECT_DIR, realStackConfig, STACKS } from "../support/stacks";

const VENDOR = path.join(PROJECT_DIR, "vendor");
const crdSchema = (
    parse(fs.readFileSync(path.join(VENDOR, "crds/dragonflydb.io_dragonflies.yaml"), "utf8")) as {
        spec: { versions: { name: string; schema: { openAPIV3Schema: object } }[] };
    }
).spec.versions.find((v) => v.name === "v1alpha1")!.schema.openAPIV3Schema;
const chartValues = parse(
    fs.readFileSync(path.join(VENDOR, "dragonfly-operator-v1.6.1/values.yaml"), "utf8"),
) as Record<string, unknown>;

/** Keys the chart renders with toYaml as Kubernetes objects: their inner fields are the API's, not the chart's. */
const PASSTHROUGH =
    /(securityContext|SecurityContext|resources|affinity|nodeSelector|tolerations|topologySpreadConstraints)$/;

/** Every key path of `values` must exist in the chart's values.yaml (free-form maps and pass-through objects stop the walk). */
function unknownKeys(values: Record<string, unknown>, chart: Record<string, unknown>, prefix = ""): string[] {
    const out: string[] = [];
    for (const [k, v] of Object.entries(values)) {
        if (!(k in chart)) {
            out.push(`${prefix}${k}`);
            continue;
        }
        const c = chart[k];
        const free =
            c === null ||
            PASSTHROUGH.test(k) ||
            (typeof c === "object" && !Array.isArray(c) && Object.keys(c as object).length === 0);
        if (typeof v === "object" && v !== null && !Array.isArray(v) && typeof c === "object" && c !== null && !free) {
            out.push(...unknownKeys(v as Record<string, unknown>, c as Record<string, unknown>, `${prefix}${k}.`));
        }
    }
    return out;
}

for (const stack of STACKS.filter((s) => deriveDragonfly(realStackConfig(s)))) {
    describe(`Dragonfly objects of the ${stack} stack`, () => {
        const config = realStackConfig(stack);
        const derived = deriveDragonfly(config)!;

        it("the CR validates against the upstream CRD schema (v1.6.1)", () => {
            const ajv = kubernetesAjv();
            const validate = ajv.compile(crdSchema);
            const ok = validate({
                apiVersion: "dragonflydb.io/v1alpha1",
                kind: "Dragonfly",
                metadata: { name: "dragonfly" },
                spec: dragonflySpec(config, derived),
            });
            assert.ok(ok, JSON.stringify(validate.errors));
        });

        it("the operator values use only keys of the chart's values.yaml", () => {
            assert.deepStrictEqual(unknownKeys(operatorValues(config, derived), chartValues), []);
        });

        it("built-in kinds validate with kubernetes-models", () => {
            new NetworkPolicy({
                metadata: { name: "x", namespace: "dragonfly-system" },
                spec: networkPolicySpec(config, derived) as never,
            }).validate();
            new PodDisruptionBudget({ metadata: { name: "x" }, spec: operatorPdbSpec() as never }).validate();
            new Service(globalServiceSpec(config) as never).validate();
            new Namespace({ metadata: { name: "dragonfly-system" } }).validate();
            new ConfigMap({ metadata: { name: "d" }, data: { a: "b" } }).validate();
        });

        it("derives --maxmemory below the memory limit", () => {
            assert.strictEqual(derived.maxMemoryBytes, Math.floor(quantityBytes("2Gi") * 0.75));
            assert.ok(derived.maxMemoryBytes < quantityBytes(config.components.dragonfly.memoryLimit));
            assert.ok(dragonflyArgs(config, derived).includes(`--maxmemory=${derived.maxMemoryBytes}`));
        });

        it("pins the image tested with the operator, and adds Lua flags only when asked", () => {
            const spec = dragonflySpec(config, derived);
            assert.strictEqual(spec.image, "docker.dragonflydb.io/dragonflydb/dragonfly:v1.39.0");
            assert.ok(!(spec.args as string[]).some((a) => a.startsWith("--default_lua_flags")));
            const withLua: StackConfig = {
                ...config,
                components: {
                    ...config.components,
                    dragonfly: { ...config.components.dragonfly, luaFlags: "allow-undeclared-keys" },
                },
            };
            assert.ok(dragonflyArgs(withLua, derived).includes("--default_lua_flags=allow-undeclared-keys"));
        });

        it("the ExternalSecret targets exactly what the CR references, from this cluster's path", () => {
            const es = authExternalSecret(config) as {
                spec: { target: { name: string }; data: { secretKey: string; remoteRef: { key: string } }[] };
            };
            const ref = (
                dragonflySpec(config, derived).authentication as { passwordFromSecret: { name: string; key: string } }
            ).passwordFromSecret;
            assert.deepStrictEqual([es.spec.target.name, es.spec.data[0].secretKey], [ref.name, ref.key]);
            assert.ok(es.spec.data[0].remoteRef.key.includes(stack));
        });
    });
}

describe("Dragonfly cluster component options", () => {
    const base = realStackConfig("infra");
    const withDf = (change: Partial<StackConfig["components"]["dragonfly"]>): StackConfig => ({
        ...base,
        components: { ...base.components, dragonfly: { ...base.components.dragonfly, ...change } },
    });

    it("builds the auth Secret from a Pulumi secret, and keeps it secret on the wire", async () => {
        const config = withDf({ auth: { source: "pulumiSecret" } });
        const resources = await recordProgram("infra", () => {
            new DragonflyCluster(
                "df",
                {
                    config,
                    derived: deriveDragonfly(config)!,
                    password: pulumi.secret("s3cr3t"),
                    operatorRelease: createClusterProvider(config),
                },
                { providers: [createClusterProvider(config)] },
            );
        });
        const secret = resources.find((r) => r.type === "kubernetes:core/v1:Secret")!;
        assert.ok(secret);
        assert.ok(
            !JSON.stringify(secret.wireInputs).includes('"s3cr3t"') ||
                JSON.stringify(secret.wireInputs).includes("4dabf18193072939515e22adb298388d"),
        );
        assert.strictEqual(resources.filter((r) => r.type.includes("ExternalSecret")).length, 0);
    });

    it("refuses pulumiSecret auth without a password, naming the setting", async () => {
        const config = withDf({ auth: { source: "pulumiSecret" } });
        await assert.rejects(
            recordProgram("infra", () => {
                new DragonflyCluster("df", {
                    config,
                    derived: deriveDragonfly(config)!,
                    operatorRelease: createClusterProvider(config),
                });
            }),
            /components\.dragonfly\.auth\.source is pulumiSecret but no password was given; set cluster-platform:dragonflyPassword with --secret/,
        );
    });

    it("adds TLS, ACL and S3 snapshots with object-store egress when configured", () => {
        const config = withDf({
            tlsSecretName: "dragonfly-tls",
            acl: {
                users: [
                    { name: "keycloak", keyPattern: "keycloak:*", commands: "+@read +@write +@connection -@dangerous" },
                ],
            },
            snapshot: {
                mode: "s3",
                cron: "0 */6 * * *",
                dir: "s3://dragonfly-backups",
                endpoint: "rustfs-svc.storage.svc.cluster.local:9000",
                useHttps: false,
                credentialsSecret: "dragonfly-s3",
                cidr: "10.245.0.0/16",
                port: 9000,
            },
        });
        const derived = deriveDragonfly(config)!;
        const spec = dragonflySpec(config, derived);
        assert.deepStrictEqual(
            [spec.tlsSecretRef, spec.aclFromSecret, spec.snapshot],
            [
                { name: "dragonfly-tls" },
                { name: "dragonfly-auth", key: "acl.conf" },
                { dir: "s3://dragonfly-backups", cron: "0 */6 * * *" },
            ],
        );
        assert.ok(dragonflyArgs(config, derived).includes("--s3_endpoint=rustfs-svc.storage.svc.cluster.local:9000"));
        const egress = networkPolicySpec(config, derived).egress as { to: { ipBlock?: { cidr: string } }[] }[];
        assert.deepStrictEqual(egress[2].to, [{ ipBlock: { cidr: "10.245.0.0/16" } }]);
        const es = authExternalSecret(config) as {
            spec: {
                target: { template: { data: Record<string, string> } };
                data: { secretKey: string; remoteRef: { property: string } }[];
            };
        };
        assert.strictEqual(
            es.spec.target.template.data["acl.conf"],
            'user keycloak on >{{ index . "acl-keycloak" }} ~keycloak:* +@read +@write +@connection -@dangerous\n',
        );
        assert.deepStrictEqual(
            es.spec.data.map((d) => [d.secretKey, d.remoteRef.property]),
            [
                ["password", "password"],
                ["acl-keycloak", "acl-keycloak"],
            ],
        );
    });

    it("keeps backups off when S3 has no credentials (derived once)", () => {
        const config = withDf({
            snapshot: {
                mode: "s3",
                cron: "0 */6 * * *",
                dir: "s3://b",
                endpoint: "s3:9000",
                useHttps: true,
                cidr: "10.0.0.0/8",
                port: 9000,
            },
        });
        const derived = deriveDragonfly(config)!;
        assert.strictEqual(derived.backupsEnabled, false);
        assert.strictEqual(dragonflySpec(config, derived).snapshot, undefined);
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { floeCatalogPersistence } from "../../../../policies/rules/floe/catalogPersistence";
import { describeCommon, violationsOf } from "../../helpers";
import { floeStack } from "./stack";

const find = (n: string) => floeStack().find((r) => r.name === n)!;

describe("policy cluster-platform-floe-catalog-persistence", () => {
    const policy = resourcePolicy(floeCatalogPersistence) as ResourceValidationPolicy;
    const cm = (text: string, env?: string) => ({
        type: "kubernetes:core/v1:ConfigMap",
        props: {
            metadata: {
                name: "floe-polaris-config",
                namespace: "floe-platform",
                ...(env ? { annotations: { "floe.dev/environment": env } } : {}),
            },
            data: { "application.properties": text },
        },
    });
    describeCommon(policy, {
        name: "cluster-platform-floe-catalog-persistence",
        enforcementLevel: "mandatory",
        severity: "low",
        risks: ["FLOE-R-4"],
    });
    it("#1 passes relational-jdbc, and in-memory on a dev stack", async () => {
        assert.deepStrictEqual(await violationsOf(policy, find("apps-floe-polarisConfig")), []);
        assert.deepStrictEqual(
            await violationsOf(
                policy,
                cm(
                    'polaris.persistence.type=in-memory\npolaris.features."ALLOW_TABLE_LOCATION_OVERLAP"=false\n',
                    "dev",
                ),
            ),
            [],
        );
    });
    it("#2 reports in-memory outside dev", async () => {
        assert.deepStrictEqual(
            await violationsOf(
                policy,
                cm('polaris.persistence.type=in-memory\npolaris.features."ALLOW_TABLE_LOCATION_OVERLAP"=false\n'),
            ),
            [
                "[FLOE-R-4 · score 3] Polaris configuration floe-platform/floe-polaris-config keeps the catalog in-memory, which loses every table pointer on restart; set polaris.persistence.type=relational-jdbc (in-memory only on a dev stack).",
            ],
        );
    });
    it("#3 reports location overlap allowed and jdbc without URL", async () => {
        assert.deepStrictEqual(await violationsOf(policy, cm("polaris.persistence.type=relational-jdbc\n")), [
            "[FLOE-R-4 · score 3] Polaris configuration floe-platform/floe-polaris-config uses relational-jdbc without quarkus.datasource.jdbc.url; point it at the backed-up PostgreSQL.",
            '[FLOE-R-4 · score 3] Polaris configuration floe-platform/floe-polaris-config does not set polaris.features."ALLOW_TABLE_LOCATION_OVERLAP"=false, so two tables can share files; set it.',
        ]);
    });

    it("#4 reads the persistence type from the POLARIS_PERSISTENCE_TYPE env var, which overrides the file", async () => {
        const deployment = (value: string) => ({
            type: "kubernetes:apps/v1:Deployment",
            props: {
                metadata: { name: "polaris", namespace: "floe-platform" },
                spec: {
                    template: {
                        metadata: { labels: { app: "polaris" } },
                        spec: {
                            containers: [
                                {
                                    name: "polaris",
                                    image: "apache/polaris:1.0.0",
                                    env: [{ name: "POLARIS_PERSISTENCE_TYPE", value }],
                                },
                            ],
                        },
                    },
                },
            },
        });
        assert.deepStrictEqual(await violationsOf(policy, deployment("relational-jdbc")), []);
        assert.deepStrictEqual(await violationsOf(policy, deployment("in-memory")), [
            '[FLOE-R-4 · score 3] container "polaris" of Deployment floe-platform/polaris sets POLARIS_PERSISTENCE_TYPE=in-memory at spec.template.spec.containers[0].env[0], which overrides application.properties and keeps the catalog in-memory; set relational-jdbc or remove it.',
        ]);
    });

    it("#5 reads the Polaris Helm chart's persistence.type, in-memory by default", async () => {
        const release = (values: Record<string, unknown>) => ({
            type: "kubernetes:helm.sh/v3:Release",
            props: { name: "polaris", chart: "polaris", version: "1.0.0", namespace: "floe-platform", values },
        });
        assert.deepStrictEqual(await violationsOf(policy, release({ persistence: { type: "relational-jdbc" } })), []);
        assert.deepStrictEqual(await violationsOf(policy, release({})), [
            '[FLOE-R-4 · score 3] Polaris Helm release polaris has values.persistence.type "in-memory (the chart\'s default)", which loses every table pointer on restart; set it to relational-jdbc with the backed-up PostgreSQL.',
        ]);
    });
});

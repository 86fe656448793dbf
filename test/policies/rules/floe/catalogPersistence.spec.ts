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
    /** The real catalog create request of the apps stack. */
    const REQUEST = (find("apps-floe-polarisConfig").props as { data: Record<string, string> }).data["catalog.json"];
    const cm = (text: string, env?: string, catalog: string | null = REQUEST) => ({
        type: "kubernetes:core/v1:ConfigMap",
        props: {
            metadata: {
                name: "floe-polaris-config",
                namespace: "floe-platform",
                ...(env ? { annotations: { "floe.dev/environment": env } } : {}),
            },
            data: { "application.properties": text, ...(catalog === null ? {} : { "catalog.json": catalog }) },
        },
    });
    const GOOD =
        'polaris.persistence.type=relational-jdbc\nquarkus.datasource.jdbc.url=jdbc:postgresql://db:5432/p\npolaris.features."ALLOW_TABLE_LOCATION_OVERLAP"=false\n';
    /** The real request with its catalog properties changed. */
    const withProps = (change: (p: Record<string, unknown>) => void): string => {
        const req = JSON.parse(REQUEST) as { catalog: { properties: Record<string, unknown> } };
        change(req.catalog.properties);
        return JSON.stringify(req);
    };
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

    it("#6 declares the catalog beside the Polaris configuration: table-default previous-versions-max 10 reaches every new table", async () => {
        const req = JSON.parse(REQUEST) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
        assert.deepStrictEqual(req.catalog.properties, {
            "default-base-location": "s3://floe-backups/warehouse",
            "table-default.write.metadata.previous-versions-max": "10",
            "table-default.write.metadata.delete-after-commit.enabled": "true",
        });
        assert.deepStrictEqual(await violationsOf(policy, cm(GOOD)), []);
        // More history than R-4 asks is fine; so is a table-override that keeps at least 10.
        assert.deepStrictEqual(
            await violationsOf(
                policy,
                cm(
                    GOOD,
                    undefined,
                    withProps((p) => (p["table-default.write.metadata.previous-versions-max"] = "25")),
                ),
            ),
            [],
        );
    });

    it("#7 reports a Polaris configuration without a catalog, and a catalog with too little or no metadata history", async () => {
        const where = "ConfigMap floe-platform/floe-polaris-config";
        assert.deepStrictEqual(await violationsOf(policy, cm(GOOD, undefined, null)), [
            '[FLOE-R-4 · score 3] Polaris configuration floe-platform/floe-polaris-config declares no catalog (no catalog.json with the catalog\'s Polaris create request beside application.properties), so nothing gives the tables it creates write.metadata.previous-versions-max; add the request with catalog.properties."table-default.write.metadata.previous-versions-max": "10".',
        ]);
        assert.deepStrictEqual(
            await violationsOf(
                policy,
                cm(
                    GOOD,
                    undefined,
                    withProps((p) => delete p["table-default.write.metadata.previous-versions-max"]),
                ),
            ),
            [
                `[FLOE-R-4 · score 3] catalog "floe" in ${where} sets no table-default.write.metadata.previous-versions-max, so the tables it creates do not keep the 10 previous metadata versions R-4 asks; add catalog.properties."table-default.write.metadata.previous-versions-max": "10".`,
            ],
        );
        // Polaris coerces a JSON number to the property's string: 10 keeps ten versions, 9.5 and 3 do not.
        const numeric = async (v: unknown): Promise<string[]> =>
            violationsOf(
                policy,
                cm(
                    GOOD,
                    undefined,
                    withProps((p) => (p["table-default.write.metadata.previous-versions-max"] = v)),
                ),
            );
        assert.deepStrictEqual(await numeric(10), []);
        assert.deepStrictEqual(await numeric(25), []);
        assert.deepStrictEqual(
            [...(await numeric(3)), ...(await numeric(10.5)), ...(await numeric(true))],
            ["3", "10.5", "true"].map(
                (v) =>
                    `[FLOE-R-4 · score 3] catalog "floe" in ${where} sets table-default.write.metadata.previous-versions-max to ${v}, which is not a whole number of at least 10 (the previous metadata versions R-4 asks to keep); set "10".`,
            ),
        );
        // table-override wins over table-default in Iceberg's table builder, so a low override counts.
        assert.deepStrictEqual(
            await violationsOf(
                policy,
                cm(
                    GOOD,
                    undefined,
                    withProps((p) => (p["table-override.write.metadata.previous-versions-max"] = "3")),
                ),
            ),
            [
                `[FLOE-R-4 · score 3] catalog "floe" in ${where} sets table-override.write.metadata.previous-versions-max to "3", which is not a whole number of at least 10 (the previous metadata versions R-4 asks to keep); set "10".`,
            ],
        );
        assert.deepStrictEqual(await violationsOf(policy, cm(GOOD, undefined, "{catalog:")), [
            `[FLOE-R-4 · score 3] ${where} key catalog.json is not JSON; write the catalog's Polaris create request as JSON.`,
        ]);
    });

    it("#9 reports a catalog.json that is not text (a ConfigMap value must be a string)", async () => {
        const odd = (v: unknown) => ({
            type: "kubernetes:core/v1:ConfigMap",
            props: { metadata: { name: "c", namespace: "data" }, data: { "catalog.json": v } },
        });
        for (const [v, shown] of [
            [{}, "object"],
            [null, "null"],
            [[1], "a list"],
            [7, "number"],
        ] as const) {
            assert.deepStrictEqual(await violationsOf(policy, odd(v)), [
                `[FLOE-R-4 · score 3] ConfigMap data/c key catalog.json is ${shown}, not the JSON text of the catalog's Polaris create request; write the request as a string.`,
            ]);
        }
    });

    it("#8 checks a catalog request in a ConfigMap of its own (plain manifests) too", async () => {
        const own = {
            type: "kubernetes:core/v1:ConfigMap",
            props: {
                metadata: { name: "lakehouse-catalog", namespace: "data" },
                data: {
                    "catalog.json": withProps((p) => (p["table-default.write.metadata.previous-versions-max"] = "5")),
                },
            },
        };
        assert.deepStrictEqual(await violationsOf(policy, own), [
            '[FLOE-R-4 · score 3] catalog "floe" in ConfigMap data/lakehouse-catalog sets table-default.write.metadata.previous-versions-max to "5", which is not a whole number of at least 10 (the previous metadata versions R-4 asks to keep); set "10".',
        ]);
    });
});

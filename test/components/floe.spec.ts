// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { kubernetesAjv } from "../support/ajv";
import * as fs from "fs";
import { Deployment } from "kubernetes-models/apps/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { Role } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import * as path from "path";
import { parse } from "yaml";
import {
    dagsterValues,
    floeEnabled,
    floeFlows,
    floeNetworkPolicies,
    floeRoles,
    floeWorkloads,
    polarisCatalogRequest,
    polarisConfigArgs,
    polarisDeploymentSpec,
    postgresClusterSpec,
    scheduledBackupSpec,
} from "../../components/floe";
import { egressAllowed, NetworkPolicyView, PodRef, policySelectsPod } from "../../policies/lib/networkPolicy";
import { TrafficIndex } from "../../policies/lib/podInventory";
import { PROJECT_DIR, realStackConfig } from "../support/stacks";

const config = realStackConfig("apps");
const floe = floeEnabled(config)!;
const crd = (file: string) =>
    (
        parse(fs.readFileSync(path.join(PROJECT_DIR, "vendor/crds", file), "utf8")) as {
            spec: { versions: { name: string; schema: { openAPIV3Schema: object } }[] };
        }
    ).spec.versions.find((v) => v.name === "v1")!.schema.openAPIV3Schema;

/**
 * The schema without `required` (the chart's own defaults supply required fields; our values only
 * override) and with its remote Kubernetes `$ref`s (kubernetesjsonschema.dev, unreachable offline)
 * accepted as-is: those are Kubernetes objects kubernetes-models checks elsewhere.
 */
function withoutRequired(schema: unknown): unknown {
    if (Array.isArray(schema)) {
        return schema.map(withoutRequired);
    }
    if (typeof schema === "object" && schema !== null) {
        const o = schema as Record<string, unknown>;
        if (typeof o.$ref === "string" && /^https?:/.test(o.$ref)) {
            return {};
        }
        return Object.fromEntries(
            Object.entries(o)
                .filter(([k]) => k !== "required")
                .map(([k, v]) => [k, withoutRequired(v)]),
        );
    }
    return schema;
}

describe("floe platform objects (apps stack)", () => {
    it("the CNPG Cluster and ScheduledBackup validate against the v1.30.0 CRDs", () => {
        const ajv = kubernetesAjv();
        const cluster = ajv.compile(crd("postgresql.cnpg.io_clusters.yaml"));
        assert.ok(
            cluster({
                apiVersion: "postgresql.cnpg.io/v1",
                kind: "Cluster",
                metadata: { name: "floe-postgres" },
                spec: postgresClusterSpec(floe),
            }),
            JSON.stringify(cluster.errors),
        );
        const backup = ajv.compile(crd("postgresql.cnpg.io_scheduledbackups.yaml"));
        assert.ok(
            backup({
                apiVersion: "postgresql.cnpg.io/v1",
                kind: "ScheduledBackup",
                metadata: { name: "b" },
                spec: scheduledBackupSpec(),
            }),
            JSON.stringify(backup.errors),
        );
    });

    it("the Dagster values validate against the chart's values schema (types, enums, known keys)", () => {
        const schema = withoutRequired(
            JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "vendor/dagster.values.schema.json"), "utf8")),
        ) as object;
        const validate = kubernetesAjv().compile(schema);
        assert.ok(validate(dagsterValues(floe)), JSON.stringify(validate.errors));
        assert.ok(!validate({ dagsterDaemon: { enabled: "yes" } }), "a wrong type must fail");
    });

    it("built-in kinds validate with kubernetes-models", () => {
        new Deployment({ metadata: { name: "floe-polaris" }, spec: polarisDeploymentSpec(floe) as never }).validate();
        for (const np of floeNetworkPolicies(config, floe).networkPolicies) {
            new NetworkPolicy({
                metadata: { name: np.name, namespace: np.namespace },
                spec: np.spec as never,
            }).validate();
        }
        const roles = floeRoles();
        new Role({ metadata: { name: "r" }, rules: roles.dagster as never }).validate();
        new Role({ metadata: { name: "r" }, rules: roles.jobRunner as never }).validate();
    });

    it("RBAC: no wildcard verbs, job-runner reads named objects only, no secret listing", () => {
        const roles = floeRoles();
        for (const rule of [...roles.dagster, ...roles.jobRunner]) {
            assert.ok(!(rule.verbs as string[]).includes("*"));
        }
        for (const rule of roles.jobRunner) {
            assert.deepStrictEqual(rule.verbs, ["get"]);
            assert.ok((rule.resourceNames as string[]).length > 0);
        }
    });

    describe("flow matrix: the generated policies allow exactly the declared flows", () => {
        const w = floeWorkloads(config, floe);
        const { networkPolicies, ciliumPolicies } = floeNetworkPolicies(config, floe);
        const index = new TrafficIndex();
        const views: NetworkPolicyView[] = networkPolicies.map((p) => ({
            name: p.name,
            namespace: p.namespace,
            ...(JSON.parse(JSON.stringify(p.spec)) as object),
        }));
        views.forEach((v) => index.addNetworkPolicy(v));
        const pod = (key: string): PodRef => ({
            namespace: w[key].namespace,
            labels: w[key].labels,
            ports: w[key].ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol })),
        });
        const egressPolicies = (ns: string) => views.filter((v) => v.namespace === ns);

        for (const f of floeFlows(floe)) {
            for (const port of f.ports) {
                const target =
                    typeof f.to === "string" ? w[f.to].name : "apiServer" in f.to ? "kube-apiserver" : f.to.what;
                it(`allows ${w[f.from].name} → ${target} ${port.protocol}/${port.port}`, () => {
                    if (typeof f.to === "string") {
                        const c = { from: pod(f.from), to: pod(f.to), port: port.port, protocol: port.protocol };
                        assert.ok(index.ingressAllowed(c), "ingress denied");
                        assert.ok(
                            egressAllowed(egressPolicies(c.from.namespace), c, index.namespaces),
                            "egress denied",
                        );
                    } else if ("cidr" in f.to) {
                        const cidr = f.to.cidr;
                        const allowed = egressPolicies(w[f.from].namespace).some(
                            (p) =>
                                policySelectsPod(p, pod(f.from)) &&
                                (p.egress ?? []).some(
                                    (r) =>
                                        (r.to ?? []).some((t) => t.ipBlock?.cidr === cidr) &&
                                        (r.ports ?? []).some((p2) => p2.port === port.port),
                                ),
                        );
                        assert.ok(allowed, "object-store egress missing");
                    } else {
                        assert.ok(
                            ciliumPolicies.some(
                                (c) =>
                                    JSON.stringify(c.spec.endpointSelector) ===
                                        JSON.stringify({ matchLabels: w[f.from].labels }) &&
                                    JSON.stringify(c.spec).includes("kube-apiserver"),
                            ),
                            "API server egress missing",
                        );
                    }
                });
            }
        }

        const denied: [string, PodRef, PodRef, number][] = [
            ["a job straight to PostgreSQL", pod("jobs"), pod("postgres"), 5432],
            ["another namespace to Polaris", { namespace: "default", labels: { app: "x" } }, pod("polaris"), 8181],
            ["a job to the Dagster UI", pod("jobs"), pod("dagsterWebserver"), 80],
            ["Polaris to the Dagster UI", pod("polaris"), pod("dagsterWebserver"), 80],
            ["the monitoring namespace to PostgreSQL's SQL port", pod("monitoring"), pod("postgres"), 5432],
        ];
        for (const [name, from, to, port] of denied) {
            it(`denies ${name}`, () => {
                const c = { from, to, port };
                assert.ok(
                    !index.ingressAllowed(c) || !egressAllowed(egressPolicies(from.namespace), c, index.namespaces),
                );
            });
        }

        it("allows only ports the selected pods listen on", () => {
            for (const p of views) {
                const selected = Object.values(w).filter(
                    (x) =>
                        x.namespace === p.namespace &&
                        JSON.stringify(p.podSelector?.matchLabels ?? {}) === JSON.stringify(x.labels),
                );
                for (const rule of p.ingress ?? []) {
                    for (const rp of rule.ports ?? []) {
                        assert.ok(
                            selected.some((x) =>
                                x.ports.some((cp) => cp.port === rp.port && cp.protocol === (rp.protocol ?? "TCP")),
                            ),
                            `${p.namespace}/${p.name} allows ${String(rp.port)} that its pods do not listen on`,
                        );
                    }
                }
            }
        });
    });
});

describe("floe: the Polaris catalog declared with its table defaults (R-4)", () => {
    it("builds the management API create request of the apps catalog", () => {
        assert.deepStrictEqual(polarisCatalogRequest(floe), {
            catalog: {
                type: "INTERNAL",
                name: "floe",
                properties: {
                    "default-base-location": "s3://floe-backups/warehouse",
                    "table-default.write.metadata.previous-versions-max": "10",
                    "table-default.write.metadata.delete-after-commit.enabled": "true",
                },
                storageConfigInfo: {
                    storageType: "S3",
                    allowedLocations: ["s3://floe-backups/warehouse/"],
                    endpoint: "http://10.25.12.10:9000",
                    pathStyleAccess: true,
                    stsUnavailable: true,
                },
            },
        });
    });

    it("is a valid CreateCatalogRequest of the Polaris 1.3.0 management API (vendored spec), S3 storage included", () => {
        const spec = parse(
            fs.readFileSync(
                path.join(PROJECT_DIR, "vendor/polaris-1.3.0-incubating/polaris-management-service.yml"),
                "utf8",
            ),
        ) as { components: { schemas: Record<string, unknown> } };
        const ajv = kubernetesAjv();
        ajv.addSchema({ components: spec.components }, "polaris");
        const request = ajv.compile({ $ref: "polaris#/components/schemas/CreateCatalogRequest" });
        // The spec picks the storage schema by discriminator, which Ajv does not apply: check S3's own.
        const s3 = ajv.compile({ $ref: "polaris#/components/schemas/AwsStorageConfigInfo" });
        const body = polarisCatalogRequest(floe) as { catalog: { storageConfigInfo: unknown } };
        assert.ok(request(body), JSON.stringify(request.errors));
        assert.ok(s3(body.catalog.storageConfigInfo), JSON.stringify(s3.errors));
        // The schema is really applied: a catalog property must be a string, and the base location is required.
        const bad = JSON.parse(JSON.stringify(body)) as { catalog: { properties: Record<string, unknown> } };
        bad.catalog.properties["table-default.write.metadata.previous-versions-max"] = 10;
        delete bad.catalog.properties["default-base-location"];
        assert.strictEqual(request(bad), false);
        assert.deepStrictEqual(request.errors!.map((e) => `${e.instancePath} ${e.message}`).sort(), [
            "/catalog/properties must have required property 'default-base-location'",
            "/catalog/properties/table-default.write.metadata.previous-versions-max must be string",
        ]);
    });

    it("takes the catalog name, warehouse and history from config, and ships the request beside application.properties", () => {
        const custom = {
            ...floe,
            catalog: { name: "lake", warehouseLocation: "s3://lake/tables/", previousVersionsMax: 25 },
        };
        const req = polarisCatalogRequest(custom) as { catalog: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
        assert.strictEqual(req.catalog.name, "lake");
        assert.strictEqual(req.catalog.properties["default-base-location"], "s3://lake/tables");
        assert.strictEqual(req.catalog.properties["table-default.write.metadata.previous-versions-max"], "25");
        assert.deepStrictEqual(req.catalog.storageConfigInfo.allowedLocations, ["s3://lake/tables/"]);
        const data = polarisConfigArgs(floe).data as Record<string, string>;
        assert.deepStrictEqual(Object.keys(data), ["application.properties", "catalog.json"]);
        assert.deepStrictEqual(JSON.parse(data["catalog.json"]), polarisCatalogRequest(floe));
    });
});

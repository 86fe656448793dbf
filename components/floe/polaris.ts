// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The Apache Polaris catalog (floe R-4): configuration, Deployment and Service.
import * as k8s from "@pulumi/kubernetes";
import { FloeConfig } from "../../config/schema";
import { RESTRICTED_CONTAINER, RUNTIME_DEFAULT_SECCOMP } from "../shared/hardening";
import { POSTGRES_RW_SERVICE } from "./postgres";

/** The Polaris image repository. */
export const POLARIS_IMAGE = "apache/polaris";

/** Polaris server configuration: relational-jdbc persistence on the CNPG cluster, no location overlap, no anonymous access. */
export function polarisProperties(floe: FloeConfig): string {
    const lines = [
        `polaris.persistence.type=${floe.polarisPersistence}`,
        'polaris.features."ALLOW_TABLE_LOCATION_OVERLAP"=false',
        'polaris.features."ALLOW_SETTING_S3_ENDPOINTS"=false',
        'polaris.features."ALLOW_ANONYMOUS_ACCESS"=false',
    ];
    if (floe.polarisPersistence === "relational-jdbc") {
        lines.push(
            `quarkus.datasource.jdbc.url=jdbc:postgresql://${POSTGRES_RW_SERVICE}.${floe.platformNamespace}.svc.cluster.local:5432/dagster`,
            "quarkus.datasource.username=polaris",
        );
    }
    return lines.join("\n") + "\n";
}

/** The Polaris Deployment spec: API 8181, management 8182 with the Quarkus health probes, pinned image. */
export function polarisDeploymentSpec(floe: FloeConfig): k8s.types.input.apps.v1.DeploymentSpec {
    const labels = { "app.kubernetes.io/name": "polaris", "app.kubernetes.io/component": "polaris" };
    return {
        replicas: floe.environment === "prod" ? 2 : 1,
        selector: { matchLabels: labels },
        template: {
            metadata: { labels: { ...labels, "app.kubernetes.io/part-of": "floe" } },
            spec: {
                serviceAccountName: "floe-polaris",
                securityContext: {
                    runAsNonRoot: true,
                    runAsUser: 10000,
                    fsGroup: 10001,
                    seccompProfile: RUNTIME_DEFAULT_SECCOMP,
                },
                containers: [
                    {
                        name: "polaris",
                        image: `${POLARIS_IMAGE}:${floe.polarisImageTag}`,
                        imagePullPolicy: "IfNotPresent",
                        ports: [
                            { name: "http", containerPort: 8181 },
                            { name: "management", containerPort: 8182 },
                        ],
                        env: [
                            {
                                name: "QUARKUS_DATASOURCE_PASSWORD",
                                valueFrom: { secretKeyRef: { name: "floe-polaris-db", key: "password" } },
                            },
                        ],
                        livenessProbe: {
                            httpGet: { path: "/q/health/live", port: "management" },
                            periodSeconds: 10,
                            failureThreshold: 3,
                        },
                        readinessProbe: {
                            httpGet: { path: "/q/health/ready", port: "management" },
                            periodSeconds: 10,
                            failureThreshold: 3,
                        },
                        resources: {
                            requests: { cpu: "200m", memory: "512Mi" },
                            // Canonical quantity: the API server stores "1000m" as "1", a diff on every comparison.
                            limits: { cpu: "1", memory: "1Gi" },
                        },
                        securityContext: RESTRICTED_CONTAINER,
                        volumeMounts: [
                            { name: "config", mountPath: "/deployment/config" },
                            { name: "tmp", mountPath: "/tmp" },
                        ],
                    },
                ],
                volumes: [
                    { name: "config", configMap: { name: "floe-polaris-config" } },
                    { name: "tmp", emptyDir: {} },
                ],
            },
        },
    };
}

/** Name of the Polaris Service (the catalog URL's host). */
export const POLARIS_SERVICE = "floe-platform-polaris";

/** Key of the catalog's create request in the Polaris configuration ConfigMap. */
export const POLARIS_CATALOG_KEY = "catalog.json";

/** Iceberg's catalog-property prefix whose entries become properties of every table the catalog creates. */
export const TABLE_DEFAULT_PREFIX = "table-default.";

/** The catalog's `default-base-location`: the configured one, else `warehouse/` in the bucket of the backup path. */
export function polarisWarehouseLocation(floe: FloeConfig): string {
    const bucket = /^s3:\/\/([^/]+)/.exec(floe.objectStore.backupPath)![1];
    return (floe.catalog.warehouseLocation ?? `s3://${bucket}/warehouse`).replace(/\/+$/, "");
}

/**
 * The floe catalog as the body of Polaris's management API `POST /api/management/v1/catalogs`
 * (CreateCatalogRequest): an INTERNAL catalog on the platform's S3-compatible object store. Its
 * `table-default.` properties reach every table it creates (floe R-4): ten previous metadata files
 * kept, older ones deleted after each commit, which is what Iceberg's `previous-versions-max` counts.
 */
export function polarisCatalogRequest(floe: FloeConfig): Record<string, unknown> {
    const location = polarisWarehouseLocation(floe);
    return {
        catalog: {
            type: "INTERNAL",
            name: floe.catalog.name,
            properties: {
                "default-base-location": location,
                [`${TABLE_DEFAULT_PREFIX}write.metadata.previous-versions-max`]: String(
                    floe.catalog.previousVersionsMax,
                ),
                [`${TABLE_DEFAULT_PREFIX}write.metadata.delete-after-commit.enabled`]: "true",
            },
            storageConfigInfo: {
                storageType: "S3",
                allowedLocations: [`${location}/`],
                endpoint: floe.objectStore.endpointUrl,
                pathStyleAccess: true,
                // A MinIO-style store has no STS: Polaris must not try to vend scoped credentials through it.
                stsUnavailable: true,
            },
        },
    };
}

/** The Polaris configuration ConfigMap: the server's application.properties and the catalog it serves. */
export function polarisConfigArgs(floe: FloeConfig): k8s.core.v1.ConfigMapArgs {
    return {
        metadata: { name: "floe-polaris-config", namespace: floe.platformNamespace },
        data: {
            "application.properties": polarisProperties(floe),
            [POLARIS_CATALOG_KEY]: JSON.stringify(polarisCatalogRequest(floe), null, 2) + "\n",
        },
    };
}

/** The Polaris Deployment. */
export function polarisDeploymentArgs(floe: FloeConfig): k8s.apps.v1.DeploymentArgs {
    return { metadata: { name: "floe-polaris", namespace: floe.platformNamespace }, spec: polarisDeploymentSpec(floe) };
}

/** The Polaris Service: the REST catalog on 8181 and the management port on 8182. */
export function polarisServiceArgs(floe: FloeConfig): k8s.core.v1.ServiceArgs {
    return {
        metadata: { name: POLARIS_SERVICE, namespace: floe.platformNamespace },
        spec: {
            selector: { "app.kubernetes.io/name": "polaris", "app.kubernetes.io/component": "polaris" },
            ports: [
                { name: "http", port: 8181, targetPort: "http" },
                { name: "management", port: 8182, targetPort: "management" },
            ],
        },
    };
}

/** In-cluster URL of the Polaris REST catalog. */
export function polarisCatalogUrl(floe: FloeConfig): string {
    return `http://${POLARIS_SERVICE}.${floe.platformNamespace}.svc.cluster.local:8181/api/catalog`;
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Dagster (floe ): the official chart, its values.
import * as k8s from "@pulumi/kubernetes";
import { FloeConfig } from "../../config/schema";
import { FloeSettings } from "../../config/slices";
import { chartSource } from "../shared/charts";
import { POSTGRES_RW_SERVICE } from "./postgres";

/** The Dagster images (webserver/daemon and run workers). */
export const DAGSTER_IMAGE = "docker.io/dagster/dagster-celery-k8s";

/**
 * The Dagster chart values: webserver readiness on /server_info, daemon on with a
 * liveness exec of `dagster-daemon liveness-check` (which reads its Postgres heartbeats), the
 * K8sRunLauncher starting Jobs in the jobs namespace, storage on the CNPG cluster, pinned images
 * with IfNotPresent.
 */
export function dagsterValues(floe: FloeConfig): Record<string, unknown> {
    const image = { repository: DAGSTER_IMAGE, tag: floe.dagsterChartVersion, pullPolicy: "IfNotPresent" };
    return {
        dagsterWebserver: {
            replicaCount: floe.environment === "prod" ? 2 : 1,
            image,
            readinessProbe: {
                httpGet: { path: "/server_info", port: 80 },
                periodSeconds: 20,
                timeoutSeconds: 10,
                failureThreshold: 3,
            },
            resources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "2000m", memory: "2Gi" } },
            labels: { "app.kubernetes.io/part-of": "floe" },
        },
        dagsterDaemon: {
            enabled: true,
            image,
            heartbeatTolerance: 120,
            livenessProbe: {
                exec: { command: ["dagster-daemon", "liveness-check"] },
                initialDelaySeconds: 60,
                periodSeconds: 30,
                failureThreshold: 2,
                timeoutSeconds: 30,
            },
            resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } },
        },
        runLauncher: {
            type: "K8sRunLauncher",
            config: {
                k8sRunLauncher: {
                    jobNamespace: floe.jobsNamespace,
                    imagePullPolicy: "IfNotPresent",
                    loadInclusterConfig: true,
                    labels: { "floe.dev/job-type": "data-pipeline" },
                },
            },
        },
        postgresql: {
            enabled: false,
            postgresqlHost: `${POSTGRES_RW_SERVICE}.${floe.platformNamespace}.svc.cluster.local`,
            postgresqlUsername: "dagster",
            postgresqlDatabase: "dagster",
            service: { port: 5432 },
        },
        generatePostgresqlPasswordSecret: false,
        serviceAccount: { create: false, name: "floe-dagster" },
        telemetry: { enabled: false },
    };
}

/** The Dagster release, in the platform namespace. */
export function dagsterReleaseArgs(s: FloeSettings): k8s.helm.v3.ReleaseArgs {
    return {
        name: "dagster",
        namespace: s.floe.platformNamespace,
        ...chartSource(
            { name: "dagster", version: s.floe.dagsterChartVersion, repo: "https://dagster-io.github.io/helm" },
            s.chartMirror,
        ),
        atomic: true,
        cleanupOnFail: true,
        timeout: 600,
        values: dagsterValues(s.floe),
    };
}

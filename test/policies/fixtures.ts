// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// One compliant object per kind; each test case mutates one field.

const hardened = {
    runAsNonRoot: true,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
};

const container = {
    name: "app",
    image: "registry.example.io/app:1.2.3",
    ports: [{ name: "http", containerPort: 8080 }],
    securityContext: hardened,
    livenessProbe: { httpGet: { path: "/healthz", port: "http" } },
    readinessProbe: { httpGet: { path: "/ready", port: "http" } },
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
    env: [
        { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } },
        { name: "LOG_LEVEL", value: "info" },
    ],
};

/** A compliant Deployment. */
export function deployment(): Record<string, unknown> {
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web", namespace: "shop" },
        spec: {
            replicas: 2,
            selector: { matchLabels: { app: "web" } },
            template: {
                metadata: { labels: { app: "web" } },
                spec: { securityContext: { runAsNonRoot: true }, containers: [JSON.parse(JSON.stringify(container))] },
            },
        },
    };
}

/** A compliant CronJob. */
export function cronJob(): Record<string, unknown> {
    const c = JSON.parse(JSON.stringify(container));
    delete c.livenessProbe;
    delete c.readinessProbe;
    return {
        metadata: { name: "report", namespace: "shop" },
        spec: {
            schedule: "0 * * * *",
            jobTemplate: {
                spec: {
                    template: {
                        metadata: { labels: { app: "report" } },
                        spec: { restartPolicy: "Never", containers: [c] },
                    },
                },
            },
        },
    };
}

/** A compliant Dragonfly CR. */
export function dragonfly(): Record<string, unknown> {
    return {
        apiVersion: "dragonflydb.io/v1alpha1",
        kind: "Dragonfly",
        metadata: { name: "dragonfly", namespace: "dragonfly-system" },
        spec: {
            replicas: 3,
            image: "docker.dragonflydb.io/dragonflydb/dragonfly:v1.39.0",
            resources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" } },
            podSecurityContext: {
                runAsNonRoot: true,
                runAsUser: 10001,
                fsGroup: 10001,
                seccompProfile: { type: "RuntimeDefault" },
            },
            containerSecurityContext: hardened,
        },
    };
}

/** A compliant Cilium Helm release. */
export function ciliumRelease(): Record<string, unknown> {
    return {
        name: "cilium",
        namespace: "kube-system",
        chart: "cilium",
        version: "1.18.3",
        repositoryOpts: { repo: "https://helm.cilium.io" },
        atomic: true,
        cleanupOnFail: true,
        timeout: 900,
        values: { cluster: { name: "infra", id: 1 }, encryption: { enabled: true, type: "wireguard" } },
    };
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The floe flow matrix (risk FLOE-R-5), shared by the component (which generates the network
// policies from it) and the pack (which proves each flow is allowed). Pod-to-pod flows only; the
// component adds the object-store and API-server flows, whose addresses the pack cannot know.

/** A set of pods of the platform: the labels their controller really sets and the ports they listen on. */
export interface FloeWorkload {
    name: string;
    /** `platform`, `jobs`, or a fixed namespace name. */
    namespace: "platform" | "jobs" | "monitoring" | "ingress" | "cnpg-system" | "kube-system";
    labels: Record<string, string>;
    ports: { name: string; port: number; protocol: "TCP" | "UDP" }[];
}

/** The workloads, keyed by role. */
export const FLOE_WORKLOADS: Record<string, FloeWorkload> = {
    jobs: { name: "jobs", namespace: "jobs", labels: { "floe.dev/job-type": "data-pipeline" }, ports: [] },
    dagsterWebserver: {
        name: "dagster-webserver",
        namespace: "platform",
        labels: { "app.kubernetes.io/name": "dagster", component: "dagster-webserver" },
        ports: [{ name: "http", port: 80, protocol: "TCP" }],
    },
    dagsterDaemon: {
        name: "dagster-daemon",
        namespace: "platform",
        labels: { "app.kubernetes.io/name": "dagster", component: "dagster-daemon" },
        ports: [],
    },
    polaris: {
        name: "polaris",
        namespace: "platform",
        labels: { "app.kubernetes.io/name": "polaris", "app.kubernetes.io/component": "polaris" },
        ports: [
            { name: "http", port: 8181, protocol: "TCP" },
            { name: "management", port: 8182, protocol: "TCP" },
        ],
    },
    postgres: {
        name: "postgres",
        namespace: "platform",
        labels: { "cnpg.io/cluster": "floe-postgres" },
        ports: [
            { name: "postgresql", port: 5432, protocol: "TCP" },
            { name: "metrics", port: 9187, protocol: "TCP" },
            { name: "status", port: 8000, protocol: "TCP" },
        ],
    },
    otel: {
        name: "otel-collector",
        namespace: "platform",
        labels: { "app.kubernetes.io/component": "otel-collector" },
        ports: [
            { name: "otlp-grpc", port: 4317, protocol: "TCP" },
            { name: "otlp-http", port: 4318, protocol: "TCP" },
        ],
    },
    cnpgOperator: {
        name: "cnpg-operator",
        namespace: "cnpg-system",
        labels: { "app.kubernetes.io/name": "cloudnative-pg" },
        ports: [],
    },
    monitoring: { name: "monitoring", namespace: "monitoring", labels: {}, ports: [] },
    ingress: { name: "ingress", namespace: "ingress", labels: {}, ports: [] },
    dns: {
        name: "kube-dns",
        namespace: "kube-system",
        labels: { "k8s-app": "kube-dns" },
        ports: [
            { name: "dns", port: 53, protocol: "UDP" },
            { name: "dns-tcp", port: 53, protocol: "TCP" },
        ],
    },
};

/** A pod-to-pod flow of the matrix. */
export interface FloePodFlow {
    from: string;
    to: string;
    ports: { port: number; protocol: "TCP" | "UDP" }[];
    why: string;
}

const DNS = [
    { port: 53, protocol: "UDP" as const },
    { port: 53, protocol: "TCP" as const },
];
const OTLP = [
    { port: 4317, protocol: "TCP" as const },
    { port: 4318, protocol: "TCP" as const },
];
const tcp = (port: number) => [{ port, protocol: "TCP" as const }];

/** Every pod-to-pod connection the platform needs. */
export const FLOE_POD_FLOWS: readonly FloePodFlow[] = [
    { from: "jobs", to: "polaris", ports: tcp(8181), why: "jobs read and commit Iceberg tables through the catalog" },
    { from: "jobs", to: "otel", ports: OTLP, why: "jobs export traces and metrics" },
    { from: "jobs", to: "dns", ports: DNS, why: "name resolution" },
    { from: "dagsterWebserver", to: "postgres", ports: tcp(5432), why: "run and event storage" },
    { from: "dagsterDaemon", to: "postgres", ports: tcp(5432), why: "schedules, sensors and heartbeats" },
    { from: "dagsterWebserver", to: "polaris", ports: tcp(8181), why: "catalog lookups in the UI" },
    { from: "dagsterDaemon", to: "polaris", ports: tcp(8181), why: "sensors on catalog state" },
    { from: "dagsterWebserver", to: "otel", ports: OTLP, why: "OTEL_EXPORTER_OTLP_ENDPOINT" },
    { from: "dagsterDaemon", to: "otel", ports: OTLP, why: "OTEL_EXPORTER_OTLP_ENDPOINT" },
    { from: "dagsterWebserver", to: "dns", ports: DNS, why: "name resolution" },
    { from: "dagsterDaemon", to: "dns", ports: DNS, why: "name resolution" },
    { from: "polaris", to: "postgres", ports: tcp(5432), why: "relational-jdbc metastore" },
    { from: "polaris", to: "dns", ports: DNS, why: "name resolution" },
    {
        from: "postgres",
        to: "postgres",
        ports: [...tcp(5432), ...tcp(8000)],
        why: "streaming replication and instance status",
    },
    { from: "postgres", to: "dns", ports: DNS, why: "name resolution" },
    { from: "cnpgOperator", to: "postgres", ports: tcp(8000), why: "the operator polls each instance's status" },
    { from: "monitoring", to: "polaris", ports: tcp(8182), why: "metrics on the management port" },
    { from: "monitoring", to: "postgres", ports: tcp(9187), why: "CNPG metrics exporter" },
    { from: "ingress", to: "dagsterWebserver", ports: tcp(80), why: "the Dagster UI" },
];

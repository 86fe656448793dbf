// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Mutation tests: weaken one floe mitigation of the real apps stack at a time and judge it in-process
// (the differential suite replays it through the pack server).
import { describeMutations, dropResources, MutationCase, mutateResource } from "../support/mutate";

const CASES: MutationCase[] = [
    {
        name: "daemon replicas 2",
        mutate: (real) => mutateResource(real, "apps-floe-dagster", (p) => (p.values.dagsterDaemon.replicaCount = 2)),
        risk: "FLOE-R-1",
        enforcement: "mandatory",
    },
    {
        name: "no daemon liveness check",
        mutate: (real) => mutateResource(real, "apps-floe-dagster", (p) => delete p.values.dagsterDaemon.livenessProbe),
        risk: "FLOE-R-1",
        enforcement: "mandatory",
    },
    {
        name: "PostgreSQL with 1 instance",
        mutate: (real) => mutateResource(real, "apps-floe-postgres", (p) => (p.spec.instances = 1)),
        risk: "FLOE-R-2",
        enforcement: "advisory",
    },
    {
        name: "PostgreSQL without scheduled backup",
        mutate: (real) => dropResources(real, "apps-floe-postgresBackup"),
        risk: "FLOE-R-2",
        enforcement: "advisory",
    },
    {
        name: "Polaris in-memory",
        mutate: (real) =>
            mutateResource(
                real,
                "apps-floe-polarisConfig",
                (p) =>
                    (p.data["application.properties"] = p.data["application.properties"].replace(
                        "relational-jdbc",
                        "in-memory",
                    )),
            ),
        risk: "FLOE-R-4",
        enforcement: "mandatory",
    },
    {
        name: "a network policy port that differs from the container port",
        mutate: (real) =>
            mutateResource(
                real,
                "apps-floe-netpol-floe-platform-polaris-ingress",
                (p) => (p.spec.ingress[0].ports = [{ port: 8080, protocol: "TCP" }]),
            ),
        risk: "FLOE-R-5",
        enforcement: "advisory",
    },
    {
        name: "a missing flow (Polaris → PostgreSQL)",
        mutate: (real) =>
            mutateResource(real, "apps-floe-netpol-floe-platform-polaris-egress", (p) => p.spec.egress.shift()),
        risk: "FLOE-R-5",
        enforcement: "advisory",
    },
    {
        name: "an unpinned Dagster chart",
        mutate: (real) => mutateResource(real, "apps-floe-dagster", (p) => (p.version = "1.12")),
        risk: "FLOE-R-6",
        enforcement: "advisory",
    },
];

describeMutations("floe mutations through the offline engine (apps stack)", "apps", 61, CASES);

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Mutation tests: start from the real stack, remove or weaken one Dragonfly mitigation at a time,
// and judge the result in-process (the differential suite replays each through the pack server).
// Each must give its risk ID, blocking at score ≥ 6.
import { addResource, describeMutations, dropResources, MutationCase, mutateResource } from "../support/mutate";

const CR = "infra-dragonfly-dragonfly";
const NP = "infra-dragonfly-networkPolicy";

const CASES: MutationCase[] = [
    {
        name: "no NetworkPolicy and the operator's switched off",
        mutate: (real) => mutateResource(dropResources(real, NP), CR, (p) => (p.spec.networkPolicyEnabled = false)),
        risk: "DFLY-SEC-001",
        enforcement: "mandatory",
        also: { "DFLY-SEC-002": "advisory" },
    },
    {
        name: "a 6379 rule whose from admits everything",
        mutate: (real) => mutateResource(real, NP, (p) => (p.spec.ingress[0].from = [{ namespaceSelector: {} }])),
        risk: "DFLY-VR-09.1",
        enforcement: "mandatory",
    },
    {
        name: "PDB minAvailable 1",
        mutate: (real) => mutateResource(real, CR, (p) => (p.spec.pdb = { minAvailable: 1 })),
        risk: "DFLY-OPS-001",
        enforcement: "mandatory",
    },
    {
        name: "a second PDB on the data pods",
        mutate: (real) =>
            addResource(real, "infra-dragonflyOperator-pdb", "extra-pdb", "kubernetes:policy/v1:PodDisruptionBudget", {
                apiVersion: "policy/v1",
                kind: "PodDisruptionBudget",
                metadata: { name: "dragonfly", namespace: "dragonfly-system" },
                spec: { minAvailable: 2, selector: { matchLabels: { app: "dragonfly" } } },
            }),
        risk: "DFLY-CP-B2",
        enforcement: "mandatory",
    },
    {
        name: "no spread",
        mutate: (real) =>
            mutateResource(real, CR, (p) => {
                delete p.spec.topologySpreadConstraints;
                delete p.spec.affinity;
            }),
        risk: "DFLY-TECH-001",
        enforcement: "advisory",
    },
    {
        name: "unpinned image",
        mutate: (real) =>
            mutateResource(real, CR, (p) => (p.spec.image = "docker.dragonflydb.io/dragonflydb/dragonfly:latest")),
        risk: "DFLY-TECH-002",
        enforcement: "advisory",
    },
    {
        name: "operator/image mismatch",
        mutate: (real) =>
            mutateResource(real, CR, (p) => (p.spec.image = "docker.dragonflydb.io/dragonflydb/dragonfly:v1.34.2")),
        risk: "DFLY-TECH-002",
        enforcement: "advisory",
    },
    {
        name: "secret name mismatch",
        mutate: (real) =>
            mutateResource(real, CR, (p) => (p.spec.authentication.passwordFromSecret.name = "dragonfly-password")),
        risk: "DFLY-OPS-002",
        enforcement: "advisory",
    },
    {
        name: "monitor selector on a label the operator does not set",
        mutate: (real) =>
            mutateResource(
                real,
                "infra-dragonfly-podMonitor",
                (p) => (p.spec.selector = { matchLabels: { "dragonflydb.io/instance": "dragonfly" } }),
            ),
        risk: "DFLY-VR-08.1",
        enforcement: "advisory",
        // The Dragonfly alerts then read series nothing scrapes.
        also: { "HYG-ALERT-001": "advisory" },
    },
    {
        name: "operator without its PDB",
        mutate: (real) => dropResources(real, "infra-dragonflyOperator-pdb"),
        risk: "DFLY-CP-B5",
        enforcement: "advisory",
    },
    {
        name: "WireGuard off without TLS",
        mutate: (real) => mutateResource(real, "infra-cilium-release", (p) => (p.values.encryption.enabled = false)),
        risk: "DFLY-SEC-002",
        enforcement: "advisory",
        also: { "CIL-SEC-001": "advisory" },
    },
    {
        name: "global Service on monosense's labels",
        mutate: (real) =>
            mutateResource(
                real,
                "infra-dragonfly-globalService",
                (p) => (p.spec.selector = { "dragonflydb.io/role": "primary" }),
            ),
        risk: "DFLY-PERF-001",
        enforcement: "advisory",
    },
];

describeMutations("Dragonfly mutations through the offline engine (infra stack)", "infra", 24, CASES);

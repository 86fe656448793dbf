// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { RiskEntryInput } from "../schema";

/** seeds/000, the Dragonfly risk profile: its risk matrix, each scored by the document. */
export const DRAGONFLY_RISK_PROFILE: RiskEntryInput[] = [
    {
        id: "DFLY-SEC-001",
        documentId: "SEC-001",
        kind: "risk",
        source: "dragonfly-risk-profile",
        title: "No NetworkPolicy limits access to the cache",
        category: "Security",
        probability: 2,
        impact: 3,
        score: 6,
        mitigation:
            "NetworkPolicy allowing 6379 only from the allow-listed client namespaces and 9999 only from monitoring; default deny otherwise.",
        tests: ["DFLY-INT-010", "DFLY-E2E-003"],
        basis: {
            quote: "### SEC-001 — No NetworkPolicy limits (Score 6)",
        },
        blocker: {
            quote: "- Must Fix before production: all score 6 risks (SEC-001, OPS-001).",
        },
        check: {
            policies: ["cluster-platform-dragonfly-network-isolation"],
        },
    },
    {
        id: "DFLY-OPS-001",
        documentId: "OPS-001",
        kind: "risk",
        source: "dragonfly-risk-profile",
        title: "No PodDisruptionBudget for the Dragonfly data plane",
        category: "Ops",
        probability: 2,
        impact: 3,
        score: 6,
        mitigation:
            "Three data pods (spec.replicas 3) and exactly one PDB (spec.pdb, minAvailable 2) selecting them; a single pod is never mitigated.",
        tests: ["DFLY-E2E-005", "DFLY-INT-003"],
        basis: {
            quote: "### OPS-001 — No PDB for data-plane (Score 6)",
            argument:
                'The risk is "Evictions/maintenance can drop below quorum" for the cache the profile describes ("Dragonfly CR present with 3 replicas"), mitigated by "Add PDB `minAvailable: 2` targeting Dragonfly pods". With replicas: 1 there is no quorum to keep and no budget that keeps the one pod serving while its node drains (a budget either allows the eviction or hangs the drain), so such a cache is a finding, never mitigated.',
        },
        blocker: {
            quote: "- Must Fix before production: all score 6 risks (SEC-001, OPS-001).",
        },
        check: {
            policies: ["cluster-platform-dragonfly-disruption-budget"],
        },
    },
    {
        id: "DFLY-TECH-001",
        documentId: "TECH-001",
        kind: "risk",
        source: "dragonfly-risk-profile",
        title: "No anti-affinity or topology spread: co-scheduling risk",
        category: "Tech",
        probability: 2,
        impact: 2,
        score: 4,
        mitigation: "Topology spread or pod anti-affinity over kubernetes.io/hostname on labels the operator sets.",
        tests: ["DFLY-UNIT-002", "DFLY-INT-007"],
        basis: {
            quote: "### TECH-001 — No anti-affinity/topology spread (Score 4)",
        },
        check: {
            policies: ["cluster-platform-dragonfly-spread"],
        },
    },
    {
        id: "DFLY-OPS-002",
        documentId: "OPS-002",
        kind: "risk",
        source: "dragonfly-risk-profile",
        title: "ExternalSecret path or key mismatch can block auth",
        category: "Ops",
        probability: 2,
        impact: 2,
        score: 4,
        mitigation:
            "ExternalSecret target and key equal the CR's passwordFromSecret; per-cluster path; alert on sync failures.",
        tests: ["DFLY-INT-012"],
        basis: {
            quote: "### OPS-002 — ExternalSecret mismatch (Score 4)",
        },
        check: {
            policies: ["cluster-platform-dragonfly-auth-secret"],
        },
    },
    {
        id: "DFLY-PERF-001",
        documentId: "PERF-001",
        kind: "risk",
        source: "dragonfly-risk-profile",
        title: "Cross-cluster latency through the global Service",
        category: "Perf",
        probability: 2,
        impact: 2,
        score: 4,
        mitigation: "Global Service selecting the master in every consuming cluster; p95 latency SLO alerts.",
        tests: ["DFLY-E2E-002"],
        basis: {
            quote: "### PERF-001 — Cross-cluster latency (Score 4)",
        },
        check: {
            policies: ["cluster-platform-dragonfly-global-service"],
        },
    },
    {
        id: "DFLY-TECH-002",
        documentId: "TECH-002",
        kind: "risk",
        source: "dragonfly-risk-profile",
        title: "Operator, CR and image versions not aligned",
        category: "Tech",
        probability: 2,
        impact: 2,
        score: 4,
        mitigation: "Exact operator chart pin and the image tag tested with it.",
        tests: ["DFLY-UNIT-001"],
        basis: {
            quote: "### TECH-002 — Version alignment (Score 4)",
        },
        check: {
            policies: [
                "cluster-platform-workload-image-pinned",
                "cluster-platform-helm-release-pinned",
                "cluster-platform-dragonfly-version-alignment",
            ],
        },
    },
    {
        id: "DFLY-MON-001",
        documentId: "MON-001",
        kind: "risk",
        source: "dragonfly-risk-profile",
        title: "Metrics wiring label mismatch",
        category: "Ops",
        probability: 1,
        impact: 2,
        score: 2,
        mitigation: "Scrape selector on labels the operator sets and a port name that exists.",
        tests: ["DFLY-INT-008", "DFLY-E2E-001"],
        basis: {
            quote: "### MON-001 — Metrics labels mismatch (Score 2)",
        },
        check: {
            policies: ["cluster-platform-dragonfly-monitoring"],
        },
    },
    {
        id: "DFLY-SEC-002",
        documentId: "SEC-002",
        kind: "risk",
        source: "dragonfly-risk-profile",
        title: "No TLS on the Redis protocol",
        category: "Security",
        probability: 1,
        impact: 2,
        score: 2,
        mitigation: "tlsSecretRef, or the NetworkPolicy plus Cilium WireGuard on the same cluster.",
        basis: {
            quote: "### SEC-002 — No TLS for Redis protocol (Score 2)",
        },
        check: {
            policies: ["cluster-platform-dragonfly-transport-security"],
        },
    },
];

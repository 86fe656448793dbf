// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { RiskEntryInput } from "../schema";

/** seeds/001, the Dragonfly change proposal: edits B.1–B.5 and the latency SLO decision, each scored from its own wording. */
export const DRAGONFLY_CHANGE_PROPOSAL: RiskEntryInput[] = [
    {
        id: "DFLY-CP-B1",
        documentId: "B.1",
        kind: "proposal",
        source: "dragonfly-change-proposal",
        title: "NetworkPolicy: default-deny ingress, 6379 from the allow-list",
        category: "Security",
        probability: 2,
        impact: 3,
        score: 6,
        mitigation: "Allow TCP/6379 from gitlab-system, harbor and the short allow-list; metrics from observability.",
        tests: ["DFLY-E2E-003", "DFLY-INT-010"],
        mitigates: "DFLY-SEC-001",
        basis: {
            quote: "1. NetworkPolicy (critical)",
            argument:
                'The proposal calls B.1 critical and keeps the gate at CONCERNS until it is merged (§5: "Maintain QA gate as CONCERNS until NetworkPolicy + data-plane PDB are merged"): a blocking item, so the high band. Probability 2: no policy exists yet; impact 3: "Cache may be reachable by unintended workloads" (§1).',
        },
        check: {
            policies: ["cluster-platform-dragonfly-network-isolation"],
        },
    },
    {
        id: "DFLY-CP-B2",
        documentId: "B.2",
        kind: "proposal",
        source: "dragonfly-change-proposal",
        title: "Data-plane PDB with minAvailable 2",
        category: "Ops",
        probability: 2,
        impact: 3,
        score: 6,
        mitigation: "policy/v1 PDB minAvailable 2 selecting the data pods (here: the CR's spec.pdb).",
        tests: ["DFLY-E2E-005"],
        mitigates: "DFLY-OPS-001",
        basis: {
            quote: "2. Data‑plane PDB (critical)",
            argument:
                'The proposal calls B.2 critical and holds the gate at CONCERNS until the data-plane PDB is merged (§5): the high band. Probability 2: voluntary disruptions happen at every node drain; impact 3: "voluntary disruptions can reduce availability" of the shared cache (§1).',
        },
        check: {
            policies: ["cluster-platform-dragonfly-disruption-budget"],
        },
    },
    {
        id: "DFLY-CP-B3",
        documentId: "B.3",
        kind: "proposal",
        source: "dragonfly-change-proposal",
        title: "Topology spread or pod anti-affinity for the 3 pods",
        category: "Tech",
        probability: 2,
        impact: 2,
        score: 4,
        mitigation: "topologySpreadConstraints maxSkew 1 over kubernetes.io/hostname, or preferred podAntiAffinity.",
        mitigates: "DFLY-TECH-001",
        basis: {
            quote: "3. Topology spread / Anti‑affinity (should‑fix)",
            argument:
                'The proposal marks B.3 should-fix, which is the medium band of its risk profile: probability 2 (the scheduler may co-locate), impact 2 ("co-scheduling reduces HA", §1, without losing data).',
        },
        check: {
            policies: ["cluster-platform-dragonfly-spread"],
        },
    },
    {
        id: "DFLY-CP-B4",
        documentId: "B.4",
        kind: "proposal",
        source: "dragonfly-change-proposal",
        title: "securityContext hardening of the cache pods",
        category: "Security",
        probability: 2,
        impact: 2,
        score: 4,
        mitigation: "runAsNonRoot, readOnlyRootFilesystem, allowPrivilegeEscalation false, drop ALL.",
        mitigates: "HYG-SECCTX-001",
        basis: {
            quote: "4. SecurityContext hardening (should‑fix)",
            argument:
                'The proposal marks B.4 should-fix (medium band) and makes it conditional ("if operator supports container securityContext passthrough"): probability 2, impact 2 (a container escape path, not data loss by itself).',
        },
        check: {
            policies: ["cluster-platform-workload-security-context"],
        },
    },
    {
        id: "DFLY-CP-B5",
        documentId: "B.5",
        kind: "proposal",
        source: "dragonfly-change-proposal",
        title: "Operator PDB with minAvailable 1",
        category: "Ops",
        probability: 1,
        impact: 2,
        score: 2,
        mitigation: "A separate PDB (minAvailable 1) on the operator's real pod labels; the chart has no PDB template.",
        tests: ["DFLY-INT-003"],
        mitigates: "DFLY-OPS-001",
        basis: {
            quote: "- `kubernetes/bases/dragonfly-operator/operator/helmrelease.yaml` already has PDB enabled with `minAvailable: 1` — no change unless we see gaps.",
            argument:
                'The proposal lists B.5 as "confirm" with "no change unless we see gaps": not a fix it asks for, so below medium. Probability 1: the operator PDB already exists; impact 2: an evicted operator only pauses reconciliation, the cache pods keep serving.',
        },
        check: {
            policies: ["cluster-platform-dragonfly-operator-disruption-budget"],
        },
    },
    {
        id: "DFLY-CP-SLO",
        documentId: "§4 latency SLO",
        kind: "proposal",
        source: "dragonfly-change-proposal",
        title: "Latency SLO targets (p95 < 10 ms in-cluster, < 20 ms cross-cluster)",
        category: "Perf",
        probability: 1,
        impact: 2,
        score: 2,
        mitigation: "Alerts on the latency targets where a metric exists; documented otherwise.",
        mitigates: "DFLY-PERF-001",
        basis: {
            quote: "- Latency SLO targets (e.g., p95 < 10ms intra‑cluster, < 20ms cross‑cluster) — advisory only.",
            argument:
                'The proposal calls the latency SLO targets "advisory only": a decision to record, not a fix, so the low band. Probability 1, impact 2 (slower clients, no outage).',
        },
        check: {
            manual: "Dragonfly exports no latency histogram, so a p95 needs a synthetic client probe; the targets are documented in docs/dragonfly.md.",
        },
    },
];

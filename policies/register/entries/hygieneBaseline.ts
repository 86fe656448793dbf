// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { RiskEntryInput } from "../schema";

/** cluster-platform's own workload hygiene baseline: scored by us, not from the documents. */
export const HYGIENE_BASELINE: RiskEntryInput[] = [
    {
        id: "HYG-IMAGE-001",
        documentId: "HYG-IMAGE-001",
        kind: "hygiene",
        source: "hygiene-baseline",
        title: "Container image not pinned",
        category: "Supply chain",
        probability: 2,
        impact: 2,
        score: 4,
        mitigation: "Every image has an explicit tag other than latest, or a digest.",
        basis: {
            argument:
                "Our baseline: a moving tag changes the running code without a review (probability 2), behaviour drift rather than an outage (impact 2).",
        },
        check: {
            policies: ["cluster-platform-workload-image-pinned"],
        },
    },
    {
        id: "HYG-DATA-001",
        documentId: "HYG-DATA-001",
        kind: "hygiene",
        source: "hygiene-baseline",
        title: "Protected data in an unprotected namespace",
        category: "Operational",
        probability: 2,
        impact: 3,
        score: 6,
        mitigation:
            "Every namespace that holds a protected resource (the CNPG cluster, the cache's volumes) is protected and retained itself, so a rename stops at the protection instead of deleting the namespace.",
        basis: {
            argument:
                "Our baseline: deleting an unprotected namespace deletes the protected database inside it (impact 3); one stray `pulumi destroy` or rename suffices (probability 2).",
        },
        check: {
            policies: ["cluster-platform-data-namespace-protection"],
        },
    },
    {
        id: "HYG-SECCTX-001",
        documentId: "HYG-SECCTX-001",
        kind: "hygiene",
        source: "hygiene-baseline",
        title: "Container runs without a hardened securityContext",
        category: "Security",
        probability: 2,
        impact: 2,
        score: 4,
        mitigation: "runAsNonRoot, readOnlyRootFilesystem, allowPrivilegeEscalation false, capabilities drop ALL.",
        basis: {
            argument:
                "Our baseline: a root or privileged container widens a compromise to the node (impact 2); common in charts' defaults (probability 2).",
        },
        check: {
            policies: ["cluster-platform-workload-security-context"],
        },
    },
    {
        id: "HYG-PROBES-001",
        documentId: "HYG-PROBES-001",
        kind: "hygiene",
        source: "hygiene-baseline",
        title: "Long-running container without liveness or readiness probe",
        category: "Availability",
        probability: 2,
        impact: 1,
        score: 2,
        mitigation: "Liveness and readiness probes on every container of Deployments, StatefulSets and DaemonSets.",
        basis: {
            argument:
                "Our baseline: without probes a hung process keeps receiving traffic until someone notices (probability 2, impact 1).",
        },
        check: {
            policies: ["cluster-platform-workload-probes"],
        },
    },
    {
        id: "HYG-RESOURCES-001",
        documentId: "HYG-RESOURCES-001",
        kind: "hygiene",
        source: "hygiene-baseline",
        title: "Container without resource requests and memory limit",
        category: "Availability",
        probability: 2,
        impact: 2,
        score: 4,
        mitigation: "CPU and memory requests and a memory limit on every container.",
        basis: {
            argument:
                "Our baseline: a container without requests or a memory limit can starve its node's neighbours (probability 2, impact 2).",
        },
        check: {
            policies: ["cluster-platform-workload-resources"],
        },
    },
    {
        id: "HYG-SECRETS-001",
        documentId: "HYG-SECRETS-001",
        kind: "hygiene",
        source: "hygiene-baseline",
        title: "Secret value in plaintext in an env var, ConfigMap, Helm values or a Secret manifest in Git",
        category: "Security",
        probability: 1,
        impact: 3,
        score: 3,
        mitigation: "secretKeyRef / existingSecret instead of literal values.",
        basis: {
            argument:
                "Our baseline: a secret value in plaintext lands in Git and state (impact 3); the program never writes one itself (probability 1).",
        },
        check: {
            policies: ["cluster-platform-plaintext-secrets", "cluster-platform-secret-manifests"],
        },
    },
    {
        id: "HYG-HELM-001",
        documentId: "HYG-HELM-001",
        kind: "hygiene",
        source: "hygiene-baseline",
        title: "Helm release without an exact chart version",
        category: "Supply chain",
        probability: 2,
        impact: 2,
        score: 4,
        mitigation: "An exact chart version and an explicit repository.",
        basis: {
            argument:
                "Our baseline: an unpinned chart upgrades on the next deploy without review (probability 2), breaking changes without data loss (impact 2).",
        },
        check: {
            policies: ["cluster-platform-helm-release-pinned"],
        },
    },
    {
        id: "HYG-ALERT-001",
        documentId: "HYG-ALERT-001",
        kind: "hygiene",
        source: "hygiene-baseline",
        title: "Alert over a series nothing collects",
        category: "Operational",
        probability: 2,
        impact: 2,
        score: 4,
        mitigation:
            "Every metric an alert reads is in a vendored exporter metric list and a PodMonitor or ServiceMonitor of the stack collects that exporter (floe's cnpg_* alerts once read series no monitor scraped).",
        basis: {
            argument:
                "Our baseline: an alert without data stays silent through the outage it was written for (impact 2); it happened here with the PostgreSQL alerts while enablePodMonitor was false (probability 2).",
        },
        check: {
            policies: ["cluster-platform-monitoring-alert-collectors"],
        },
    },
];

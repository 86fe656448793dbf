// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { RiskEntryInput } from "../schema";

/** seeds/004, floe's risks and technical debt (High = 3, Medium = 2, Low = 1). */
export const FLOE_RISKS: RiskEntryInput[] = [
    {
        id: "FLOE-R-1",
        documentId: "R-1",
        kind: "risk",
        source: "floe-risks",
        title: "Dagster daemon crash",
        category: "Availability",
        probability: 2,
        impact: 3,
        score: 6,
        mitigation: "Daemon enabled, exactly one replica, liveness via dagster-daemon liveness-check; heartbeat alert.",
        basis: {
            quote: "| R-1 | Dagster daemon crash | High | Medium | High |",
            argument: "Impact High (3) × Probability Medium (2); the document's priority column says High.",
        },
        blocker: {
            quote: "| R-1 | Dagster daemon crash | High | Medium | High |",
        },
        check: {
            policies: ["cluster-platform-floe-dagster-daemon"],
        },
    },
    {
        id: "FLOE-R-2",
        documentId: "R-2",
        kind: "risk",
        source: "floe-risks",
        title: "PostgreSQL failover",
        category: "Availability",
        probability: 1,
        impact: 3,
        score: 3,
        mitigation:
            "CloudNativePG cluster, 3 instances, synchronous replication (spec.postgresql.synchronous, or the deprecated maxSyncReplicas ≥ 1), a ScheduledBackup that runs every day and is not suspended, protected.",
        basis: {
            quote: "| R-2 | PostgreSQL failover | High | Low | Medium |",
            argument:
                'Impact High (3) × Probability Low (1). What mitigates it is the document\'s own list: "Configure synchronous replication for zero data loss" (CloudNativePG\'s minSyncReplicas/maxSyncReplicas configure exactly that, deprecated but honoured) and "Backup PostgreSQL daily with retention": a ScheduledBackup counts only when its schedule, read as the operator\'s robfig/cron v1 reads it, runs on every day and it is not suspend: true.',
        },
        check: {
            policies: ["cluster-platform-floe-postgres-ha", "cluster-platform-floe-postgres-protected"],
        },
    },
    {
        id: "FLOE-R-3",
        documentId: "R-3",
        kind: "risk",
        source: "floe-risks",
        title: "OCI registry unavailability",
        category: "Availability",
        probability: 1,
        impact: 2,
        score: 2,
        mitigation: "Pinned image tags with imagePullPolicy IfNotPresent.",
        basis: {
            quote: "| R-3 | OCI registry unavailability | Medium | Low | Medium |",
            argument: "Impact Medium (2) × Probability Low (1).",
        },
        check: {
            policies: ["cluster-platform-floe-image-pull-policy"],
        },
    },
    {
        id: "FLOE-R-4",
        documentId: "R-4",
        kind: "risk",
        source: "floe-risks",
        title: "Polaris catalog corruption",
        category: "Data",
        probability: 1,
        impact: 3,
        score: 3,
        mitigation:
            "relational-jdbc persistence on the backed-up PostgreSQL; no table-location overlap; the catalog declared with table-default write.metadata.previous-versions-max 10.",
        basis: {
            quote: "| R-4 | Polaris catalog corruption | High | Low | High |",
            argument:
                "Impact High (3) × Probability Low (1) = 3, below the blocking score; but the document ranks its priority High, so it blocks as a document-declared blocker.",
        },
        blocker: {
            quote: "| R-4 | Polaris catalog corruption | High | Low | High |",
        },
        check: {
            policies: ["cluster-platform-floe-catalog-persistence"],
        },
    },
    {
        id: "FLOE-R-5",
        documentId: "R-5",
        kind: "risk",
        source: "floe-risks",
        title: "Network policy blocks traffic",
        category: "Operations",
        probability: 2,
        impact: 2,
        score: 4,
        mitigation: "Policies generated from one flow matrix; every allowed port is a container port.",
        basis: {
            quote: "| R-5 | Network policy blocks traffic | Medium | Medium | Medium |",
            argument: "Impact Medium (2) × Probability Medium (2).",
        },
        check: {
            policies: ["cluster-platform-floe-network-flows"],
        },
    },
    {
        id: "FLOE-R-6",
        documentId: "R-6",
        kind: "risk",
        source: "floe-risks",
        title: "Version upgrade failures",
        category: "Operations",
        probability: 2,
        impact: 2,
        score: 4,
        mitigation: "Exact chart and image pins; backups before upgrades.",
        basis: {
            quote: "| R-6 | Version upgrade failures | Medium | Medium | Medium |",
            argument: "Impact Medium (2) × Probability Medium (2).",
        },
        check: {
            policies: ["cluster-platform-helm-release-pinned"],
        },
    },
    {
        id: "FLOE-TD-1",
        documentId: "TD-1",
        kind: "debt",
        source: "floe-risks",
        title: "Python transforms deferred",
        category: "Technical debt",
        probability: null,
        impact: null,
        score: null,
        mitigation: "dbt Python models where the compute target supports them.",
        basis: {
            quote: "### TD-1: Python Transforms Deferred",
            argument: "The document rates no technical debt item; a deferred feature is no deployable risk.",
        },
        check: {
            manual: "A product-scope decision; no deployed object reflects it.",
        },
    },
    {
        id: "FLOE-TD-2",
        documentId: "TD-2",
        kind: "debt",
        source: "floe-risks",
        title: "Flink streaming deferred",
        category: "Technical debt",
        probability: null,
        impact: null,
        score: null,
        mitigation: "Kafka plus dbt micro-batches.",
        basis: {
            quote: "### TD-2: Flink Streaming Deferred",
            argument: "The document rates no technical debt item; a deferred feature is no deployable risk.",
        },
        check: {
            manual: "A product-scope decision; no deployed object reflects it.",
        },
    },
    {
        id: "FLOE-TD-3",
        documentId: "TD-3",
        kind: "debt",
        source: "floe-risks",
        title: "Some plugins in beta",
        category: "Technical debt",
        probability: null,
        impact: null,
        score: null,
        mitigation: "Use the default plugins in production.",
        basis: {
            quote: "### TD-3: Some Plugins in Beta",
            argument: "The document rates no technical debt item; plugin choice is not visible in the stack.",
        },
        check: {
            manual: "Plugin choice lives in floe manifests, not in the cluster declaration.",
        },
    },
];

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { RiskEntryInput } from "../schema";

/** seeds/003, the Dragonfly validation report: the checklist rows a machine can check; the report rates none, so each score is argued from its text. */
export const DRAGONFLY_VALIDATION_REPORT: RiskEntryInput[] = [
    {
        id: "DFLY-VR-03.3",
        documentId: "§3 Version",
        kind: "checklist",
        source: "dragonfly-validation-report",
        title: "Operator chart version is an exact pin",
        category: "Tech",
        probability: 2,
        impact: 2,
        score: 4,
        mitigation: "helm release version v1.6.1 (exact).",
        mitigates: "DFLY-TECH-002",
        basis: {
            quote: "| Version | `v1.3.1` (default) | `v#{ dragonfly_operator_version }#` with default | **PASS** |",
            argument:
                "The report checks that the operator HelmRelease pins a default version; it rates nothing, so from its text: an unpinned chart upgrades the operator under a running CR (probability 2), drifting operator behaviour without data loss (impact 2).",
        },
        check: {
            policies: ["cluster-platform-helm-release-pinned"],
        },
    },
    {
        id: "DFLY-VR-03.4",
        documentId: "§3 CRD Management",
        kind: "checklist",
        source: "dragonfly-validation-report",
        title: "Operator CRDs installed and kept by the chart",
        category: "Tech",
        probability: 2,
        impact: 2,
        score: 4,
        mitigation: "crds.install and crds.keep true.",
        mitigates: "DFLY-TECH-002",
        basis: {
            quote: "| CRD Management | CreateReplace | `crds: CreateReplace` for install/upgrade | **PASS** |",
            argument:
                "The report requires CRDs created and replaced by the chart; unrated there. CRDs left behind or deleted with the release break reconciliation of the Dragonfly CR (probability 2 on any chart change, impact 2: the running pods stay).",
        },
        check: {
            policies: ["cluster-platform-dragonfly-version-alignment"],
        },
    },
    {
        id: "DFLY-VR-03.6",
        documentId: "§3 Security Context",
        kind: "checklist",
        source: "dragonfly-validation-report",
        title: "Operator manager runs non-root with capabilities dropped",
        category: "Security",
        probability: 2,
        impact: 2,
        score: 4,
        mitigation: "manager.securityContext drops ALL and forbids privilege escalation.",
        mitigates: "HYG-SECCTX-001",
        basis: {
            quote: "| Security Context | Non-root, drop capabilities | Correctly configured | **PASS** |",
            argument:
                "The report asks for a non-root manager with capabilities dropped; unrated there. A privileged manager holding cluster-wide RBAC widens a container escape (probability 2, impact 2), hardening rather than an outage.",
        },
        check: {
            policies: ["cluster-platform-dragonfly-version-alignment"],
        },
    },
    {
        id: "DFLY-VR-04.4",
        documentId: "§4 Authentication",
        kind: "checklist",
        source: "dragonfly-validation-report",
        title: "CR authenticates with passwordFromSecret",
        category: "Ops",
        probability: 2,
        impact: 2,
        score: 4,
        mitigation: "authentication.passwordFromSecret names the auth Secret and key.",
        mitigates: "DFLY-OPS-002",
        basis: {
            quote: "| Authentication | passwordFromSecret | Correctly configured | **PASS** |",
            argument:
                "The report checks passwordFromSecret; unrated there. A wrong secret reference keeps the cache from starting or authenticating clients (probability 2, impact 2: clients fail until the reference is fixed).",
        },
        check: {
            policies: ["cluster-platform-dragonfly-auth-secret"],
        },
    },
    {
        id: "DFLY-VR-04.5",
        documentId: "§4 Admin Port / HTTP Disabled",
        kind: "checklist",
        source: "dragonfly-validation-report",
        title: "Admin port stays 9999 and HTTP on the primary port stays off",
        category: "Ops",
        probability: 1,
        impact: 2,
        score: 2,
        mitigation: "No --admin_port override and no --primary_port_http_enabled=true in args.",
        mitigates: "DFLY-MON-001",
        basis: {
            quote: "| Admin Port | 9999 for metrics | `--admin_port=9999` | **PASS** |",
            argument:
                "The report wants the admin port on 9999 for metrics; unrated there. Moving it only breaks the scrape (probability 1, impact 2: no metrics, the cache keeps serving).",
        },
        check: {
            policies: ["cluster-platform-dragonfly-monitoring"],
        },
    },
    {
        id: "DFLY-VR-04.9",
        documentId: "§4 S3 Snapshots",
        kind: "checklist",
        source: "dragonfly-validation-report",
        title: "Snapshots have a schedule, a destination and S3 credentials",
        category: "Ops",
        probability: 1,
        impact: 2,
        score: 2,
        mitigation: "spec.snapshot.cron with a PVC or dir; S3 credentials from a Secret in env.",
        mitigates: "DFLY-OPS-001",
        basis: {
            quote: "| S3 Snapshots | RustFS integration | Conditional S3 endpoint/credentials | **PASS** |",
            argument:
                'The report makes S3 snapshots conditional ("Conditional S3 endpoint/credentials", backup only `#% if dragonfly_backup_enabled %#`): optional for a cache whose content can be rebuilt. Probability 1, impact 2 (a cold cache after a full restart, no loss of record data).',
        },
        check: {
            policies: ["cluster-platform-dragonfly-snapshots"],
        },
    },
    {
        id: "DFLY-VR-04.10",
        documentId: "§4 ACL",
        kind: "checklist",
        source: "dragonfly-validation-report",
        title: "ACL comes from a Secret (aclFromSecret), not a ConfigMap",
        category: "Security",
        probability: 1,
        impact: 3,
        score: 3,
        mitigation: "aclFromSecret; no --aclfile from a ConfigMap volume.",
        mitigates: "DFLY-SEC-002",
        basis: {
            quote: "| ACL | Multi-tenant access | `aclFromSecret` pattern | **PASS*** |",
            argument:
                'The report keeps ACLs in a Secret because "ACL contains sensitive passwords - belongs in a Secret, not ConfigMap": in a ConfigMap every tenant password is readable (impact 3), though the template never does it (probability 1).',
        },
        check: {
            policies: ["cluster-platform-dragonfly-auth-secret"],
        },
    },
    {
        id: "DFLY-VR-04.11",
        documentId: "§4 Anti-Affinity",
        kind: "checklist",
        source: "dragonfly-validation-report",
        title: "Anti-affinity when replicas > 1",
        category: "Tech",
        probability: 2,
        impact: 2,
        score: 4,
        mitigation: "Spread or anti-affinity present whenever replicas > 1.",
        mitigates: "DFLY-TECH-001",
        basis: {
            quote: "| Anti-Affinity | HA deployment | Conditional when replicas > 1 | **PASS** |",
            argument:
                'The report asks for anti-affinity when replicas > 1 for "HA deployment"; unrated there. Co-located replicas fall together with one node (probability 2, impact 2: reduced HA, no data loss).',
        },
        check: {
            policies: ["cluster-platform-dragonfly-spread"],
        },
    },
    {
        id: "DFLY-VR-08.1",
        documentId: "§8 PodMonitor",
        kind: "checklist",
        source: "dragonfly-validation-report",
        title: "PodMonitor on the admin port (9999, /metrics)",
        category: "Ops",
        probability: 1,
        impact: 2,
        score: 2,
        mitigation: "PodMonitor port admin, path /metrics, selector on operator-set labels.",
        mitigates: "DFLY-MON-001",
        basis: {
            quote: "| PodMonitor | Admin port (9999), 30s interval, /metrics path | **PASS** |",
            argument:
                "The report lists the PodMonitor on the admin port; unrated there. Without it nothing scrapes the cache (probability 1, impact 2: blind operation, not an outage).",
        },
        check: {
            policies: ["cluster-platform-dragonfly-monitoring"],
        },
    },
    {
        id: "DFLY-VR-08.2",
        documentId: "§8 PrometheusRule",
        kind: "checklist",
        source: "dragonfly-validation-report",
        title: "PrometheusRule with Down, MemoryHigh, ConnectionsHigh, ReplicationLag, EvictionsHigh",
        category: "Ops",
        probability: 1,
        impact: 2,
        score: 2,
        mitigation: "The five alerts present.",
        mitigates: "DFLY-MON-001",
        basis: {
            quote: "| PrometheusRule | 5 alerts (Down, MemoryHigh, ConnectionsHigh, ReplicationLag, EvictionsHigh) | **PASS** |",
            argument:
                "The report lists five alerts; unrated there. A missing alert leaves memory, connection or replication trouble unnoticed (probability 1, impact 2).",
        },
        check: {
            policies: ["cluster-platform-dragonfly-monitoring"],
        },
    },
    {
        id: "DFLY-VR-08.3",
        documentId: "§8 Grafana Dashboard",
        kind: "checklist",
        source: "dragonfly-validation-report",
        title: "Grafana dashboard ConfigMap",
        category: "Ops",
        probability: 1,
        impact: 1,
        score: 1,
        mitigation: "A dashboard ConfigMap labelled for the Grafana sidecar.",
        mitigates: "DFLY-MON-001",
        basis: {
            quote: "| Grafana Dashboard | Full dashboard JSON with 8 panels | **PASS** |",
            argument:
                "The report lists the dashboard; unrated there. Without it only the view is missing, metrics and alerts still work (probability 1, impact 1).",
        },
        check: {
            policies: ["cluster-platform-dragonfly-monitoring"],
        },
    },
    {
        id: "DFLY-VR-09.1",
        documentId: "§9 Ingress 6379",
        kind: "checklist",
        source: "dragonfly-validation-report",
        title: "6379 ingress only from the allowed client namespaces",
        category: "Security",
        probability: 2,
        impact: 3,
        score: 6,
        mitigation: "Each client namespace named in its own peer; no empty from.",
        mitigates: "DFLY-SEC-001",
        basis: {
            quote: "| Keycloak Ingress | Port 6379 from identity | Conditional on `keycloak_enabled` | **PASS** |",
            argument:
                "The report admits 6379 per client namespace; unrated there. The `default` ACL user holds `~*` `+@all` (§10), so a source beyond the listed namespaces reaches every tenant's keys (impact 3); the rules are templated and conditional per client (probability 2).",
        },
        check: {
            policies: ["cluster-platform-dragonfly-network-isolation"],
        },
    },
    {
        id: "DFLY-VR-09.2",
        documentId: "§9 Monitoring Ingress",
        kind: "checklist",
        source: "dragonfly-validation-report",
        title: "9999 ingress only from the monitoring namespace",
        category: "Security",
        probability: 2,
        impact: 3,
        score: 6,
        mitigation: "Admin port peers limited to monitoring (and the operator).",
        mitigates: "DFLY-SEC-001",
        basis: {
            quote: "| Monitoring Ingress | Port 9999 from monitoring | Conditional on `monitoring_enabled` | **PASS** |",
            argument:
                "The report opens 9999 to monitoring only; unrated there. The admin port serves the full command set, so a source beyond monitoring reaches the data as on 6379 (impact 3; probability 2 as in 09.1).",
        },
        check: {
            policies: ["cluster-platform-dragonfly-network-isolation"],
        },
    },
    {
        id: "DFLY-VR-09.3",
        documentId: "§9 DNS Egress",
        kind: "checklist",
        source: "dragonfly-validation-report",
        title: "DNS egress on 53 to kube-dns",
        category: "Security",
        probability: 2,
        impact: 2,
        score: 4,
        mitigation: "Egress UDP and TCP 53 to k8s-app=kube-dns.",
        mitigates: "DFLY-SEC-001",
        basis: {
            quote: "| DNS Egress | Port 53 to kube-dns | Always allowed | **PASS** |",
            argument:
                'The report always allows DNS egress, and its Flux layout makes CoreDNS a hard dependency ("CoreDNS Dependency | Required"): missing DNS egress is an outage risk (S3 snapshot endpoint and peers unresolvable), not an exposure. Probability 2 (egress isolation without a DNS rule is a common slip), impact 2 (snapshots and replication fail; cached data stays).',
        },
        check: {
            policies: ["cluster-platform-dragonfly-dns-egress"],
        },
    },
    {
        id: "DFLY-VR-10.1",
        documentId: "§10 ACL users",
        kind: "checklist",
        source: "dragonfly-validation-report",
        title: "Tenant ACL users have key patterns, +@connection and -@dangerous",
        category: "Security",
        probability: 1,
        impact: 2,
        score: 2,
        mitigation: "Per-tenant ~prefix:* patterns with +@connection -@dangerous.",
        mitigates: "DFLY-SEC-002",
        basis: {
            quote: "| keycloak | `~keycloak:*` | `+@read +@write +@connection -@dangerous` | Conditional | **PASS** |",
            argument:
                "The report gives each tenant a key pattern with +@connection and -@dangerous; unrated there. A tenant user without them reads other tenants' keys or runs dangerous commands (probability 1, impact 2 within one tenant's reach).",
        },
        check: {
            policies: ["cluster-platform-dragonfly-auth-secret"],
        },
    },
];

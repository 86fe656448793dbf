// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { RiskEntryInput } from "../schema";

/** seeds/002, the Cilium risk profile: its high (6) and medium (4) risks with their detailed sections. */
export const CILIUM_SCORED_RISKS: RiskEntryInput[] = [
    {
        id: "CIL-TECH-001",
        documentId: "TECH-001",
        kind: "risk",
        source: "cilium-risk-profile",
        title: "Pod disruption during handover",
        category: "Technical",
        probability: 2,
        impact: 3,
        score: 6,
        mitigation:
            "Adopt the existing release (import), never reinstall; for Flux the same release name, namespace and Helm storage namespace (kube-system/cilium) and spec.driftDetection.mode: enabled; baseline pod UIDs and restart counts.",
        tests: ["Test 1"],
        basis: {
            quote: "### 1. TECH-001: Pod Disruption During Handover\n\n**Score: 6 (HIGH RISK)**",
            argument:
                'The profile\'s first action for Flux is "Explicitly use Flux Helm adoption strategy with `helm.toolkit.fluxcd.io/driftDetection: enabled` annotation". In helm-controller v2 that setting is spec.driftDetection.mode: enabled (the annotation on the HelmRelease itself changes nothing), and Flux adopts only the release it names and stores where the bootstrap release is: kube-system/cilium with history in kube-system.',
        },
        blocker: {
            quote: "1. **TECH-001 Mitigation:** Implement Helm adoption strategy (not reinstall) to prevent pod disruption",
        },
        waiver: {
            waivable: false,
            quote: "**No waivers recommended** - All HIGH risks (TECH-001, TECH-002, OPS-001) must be mitigated",
            refused: { gate: "FAIL", quote: "If attempted without mitigation → Gate remains FAIL" },
        },
        check: {
            policies: ["cluster-platform-cilium-release-identity"],
        },
    },
    {
        id: "CIL-TECH-002",
        documentId: "TECH-002",
        kind: "risk",
        source: "cilium-risk-profile",
        title: "Cluster context confusion",
        category: "Technical",
        probability: 2,
        impact: 3,
        score: 6,
        mitigation: "One explicit provider per stack pinned to its context; cluster.name equals the stack.",
        tests: ["Test 2"],
        basis: {
            quote: "### 2. TECH-002: Cluster Context Confusion\n\n**Score: 6 (HIGH RISK)**",
        },
        blocker: {
            quote: "2. **TECH-002 Mitigation:** Establish context verification safeguards for cluster operations",
        },
        waiver: {
            waivable: false,
            quote: "**No waivers recommended** - All HIGH risks (TECH-001, TECH-002, OPS-001) must be mitigated",
            refused: { gate: "FAIL", quote: "If attempted without mitigation → Gate remains FAIL" },
        },
        check: {
            policies: ["cluster-platform-cilium-cluster-pinning"],
        },
    },
    {
        id: "CIL-OPS-001",
        documentId: "OPS-001",
        kind: "risk",
        source: "cilium-risk-profile",
        title: "Rollback procedure untested",
        category: "Operational",
        probability: 2,
        impact: 3,
        score: 6,
        mitigation:
            "Release rolls back on failure (atomic / cleanupOnFail; for Flux spec.upgrade.remediation with retries or remediateLastFailure and strategy rollback, or spec.upgrade.cleanupOnFail, never strategy uninstall), is protected and retained on delete; runbook with < 10 min rollback.",
        tests: ["Test 3"],
        basis: {
            quote: "### 3. OPS-001: Rollback Procedure Untested\n\n**Score: 6 (HIGH RISK)**",
        },
        blocker: {
            quote: "3. **OPS-001 Mitigation:** Document and test rollback procedure before handover execution",
        },
        waiver: {
            waivable: true,
            name: "Rollback Testing Waiver",
            quote: '1. **Rollback Testing Waiver (OPS-001):**\n   - **If:** No dev/test environment available for rollback testing\n   - **Required:** Platform Engineering Lead + SRE Manager sign-off\n   - **Compensating controls:** Detailed rollback runbook with step-by-step commands, "break glass" manual recovery procedure, on-call engineer availability during handover',
            condition: { id: "no-test-environment", text: "No dev/test environment available for rollback testing" },
            signOff: ["Platform Engineering Lead", "SRE Manager"],
            compensatingControls: [
                { id: "rollback-runbook", text: "Detailed rollback runbook with step-by-step commands" },
                { id: "break-glass-procedure", text: '"break glass" manual recovery procedure' },
                { id: "on-call-engineer", text: "on-call engineer availability during handover" },
            ],
            refused: { gate: "FAIL", quote: "If attempted without mitigation → Gate remains FAIL" },
        },
        check: {
            policies: ["cluster-platform-cilium-release-rollback-safety", "cluster-platform-cilium-release-protected"],
        },
    },
    {
        id: "CIL-TECH-005",
        documentId: "TECH-005",
        kind: "risk",
        source: "cilium-risk-profile",
        title: "CRD management conflicts",
        category: "Technical",
        probability: 2,
        impact: 2,
        score: 4,
        mitigation: "Each CRD has exactly one owner in the program.",
        tests: ["Test 6"],
        basis: {
            quote: "### 4. TECH-005: CRD Management Conflicts\n\n**Score: 4 (MEDIUM)**",
        },
        check: {
            policies: ["cluster-platform-cilium-crd-ownership"],
        },
    },
    {
        id: "CIL-TECH-007",
        documentId: "TECH-007",
        kind: "risk",
        source: "cilium-risk-profile",
        title: "Cross-cluster configuration drift",
        category: "Technical",
        probability: 2,
        impact: 2,
        score: 4,
        mitigation: "One values function; only cluster-specific keys differ between stacks.",
        tests: ["Test 4"],
        basis: {
            quote: "### 5. TECH-007: Cross-Cluster Configuration Drift\n\n**Score: 4 (MEDIUM)**",
        },
        check: {
            config: "npm run config:check and the program compare the Cilium values of every stack (components/cilium/drift.ts); a policy pack sees one stack only",
        },
    },
    {
        id: "CIL-SEC-004",
        documentId: "SEC-004",
        kind: "risk",
        source: "cilium-risk-profile",
        title: "BGP peer authentication missing",
        category: "Security",
        probability: 2,
        impact: 2,
        score: 4,
        mitigation: "CiliumBGPPeerConfig references an auth secret.",
        basis: {
            quote: "### 6. SEC-004: BGP Peer Authentication Missing\n\n**Score: 4 (MEDIUM)**",
        },
        check: {
            policies: ["cluster-platform-cilium-bgp-auth"],
        },
    },
    {
        id: "CIL-OPS-002",
        documentId: "OPS-002",
        kind: "risk",
        source: "cilium-risk-profile",
        title: "Monitoring gap during handover",
        category: "Operational",
        probability: 2,
        impact: 2,
        score: 4,
        mitigation: "Hubble, relay and Prometheus metrics with ServiceMonitors on.",
        basis: {
            quote: "### 7. OPS-002: Monitoring Gap During Handover\n\n**Score: 4 (MEDIUM)**",
        },
        blocker: {
            quote: "4. **OPS-002 Mitigation:** Set up comprehensive monitoring dashboard pre-handover",
        },
        check: {
            policies: ["cluster-platform-cilium-observability"],
        },
    },
    {
        id: "CIL-BUS-001",
        documentId: "BUS-001",
        kind: "risk",
        source: "cilium-risk-profile",
        title: "Timeline dependency blocking",
        category: "Business",
        probability: 2,
        impact: 2,
        score: 4,
        mitigation: "Schedule buffer; parallel workstreams.",
        basis: {
            quote: "### 8. BUS-001: Timeline Dependency Blocking\n\n**Score: 4 (MEDIUM)**",
        },
        check: {
            manual: "A schedule-buffer decision; nothing in the declared resources shows it.",
        },
    },
];

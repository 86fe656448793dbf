// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Mutations run through both engines: each weakens one mitigation of a real stack. The offline
// engine applies `change` to the recorded wire inputs; the real engine applies the same function to
// the resource's inputs in a resource transform of the program (entry.ts), so both judge one program.

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One mutation of a real stack and the verdict the existing offline mutation specs expect for it. */
export interface EngineMutation {
    id: string;
    stack: "infra" | "apps";
    /** The resource (logical name) whose inputs change. */
    target: string;
    /** Changes the inputs in place; `unknown` is the engine's value-unknown-at-preview. */
    change?: (props: Props, unknown: unknown) => void;
    /** A new `protect` resource option. */
    protect?: boolean;
    /** The user's pack config (`--policy-pack-config`), e.g. a waiver. */
    packConfig?: Record<string, unknown>;
    /** The risk the mutation must produce, and whether it blocks the preview. */
    risk: string;
    blocks: boolean;
    /**
     * An offline finding the real engine cannot reproduce here, with the reason (docs/offline-preview.md):
     * the comparison asserts the offline engine reports it and the real engine reports everything else.
     */
    engineCannotSee?: { message: RegExp; reason: string };
}

const REL = "infra-cilium-release";
const CR = "infra-dragonfly-dragonfly";
const NP = "infra-dragonfly-networkPolicy";

/** Who holds which waiver role in the test pack configs. */
export const TEST_APPROVERS = {
    CTO: ["dana"],
    "Platform Engineering Lead": ["lee"],
    "SRE Manager": ["sam"],
};

/** The terms of a Rollback Testing Waiver (seeds/002) that meet everything its condition asks. */
export const ROLLBACK_TERMS = {
    reason: "no dev/test cluster for a rollback rehearsal; dry-run documented",
    owner: "platform-team",
    approvedBy: ["dana", "lee", "sam"],
    condition: "no-test-environment",
    compensatingControls: {
        "rollback-runbook": "docs/runbooks/cilium-handover.md",
        "break-glass-procedure": "docs/runbooks/cilium-day2.md#break-glass",
        "on-call-engineer": "on-call rota, handover window",
    },
};

/** A pack config waiving CIL-OPS-001 (rollback safety) for the infra Cilium release until `expires`, as the Rollback Testing Waiver. */
export const rollbackWaiver = (expires: string): Record<string, unknown> => ({
    "cluster-platform-cilium-release-rollback-safety": {
        waivers: [{ risk: "CIL-OPS-001", resource: "infra-cilium-*", expires, ...ROLLBACK_TERMS }],
        approvers: TEST_APPROVERS,
    },
});

/**
 * A pack config lowering the rollback-safety policy to advisory: with `approved`, its own entry's
 * downgrade meets CIL-OPS-001's waiver condition; without, nothing approves it.
 */
export const rollbackDowngrade = (approved: boolean): Record<string, unknown> => ({
    "cluster-platform-cilium-release-rollback-safety": {
        enforcementLevel: "advisory",
        ...(approved
            ? { downgrade: { level: "advisory", expires: "2999-12-31", ...ROLLBACK_TERMS }, approvers: TEST_APPROVERS }
            : {}),
    },
});

/** The mutations of test/engine/*Mutations.spec.ts that change inputs or options, plus waivers and an unknown. */
export const MUTATIONS: EngineMutation[] = [
    // Cilium (infra)
    {
        id: "cilium-wrong-context",
        stack: "infra",
        target: "infra-k8s",
        change: (p) => {
            p.context = "apps";
            p.clusterIdentifier = "apps";
        },
        risk: "CIL-TECH-002",
        blocks: true,
    },
    {
        id: "cilium-encryption-off",
        stack: "infra",
        target: REL,
        change: (p) => (p.values.encryption.enabled = false),
        risk: "CIL-SEC-001",
        blocks: false,
    },
    { id: "cilium-protect-missing", stack: "infra", target: REL, protect: false, risk: "CIL-OPS-001", blocks: true },
    {
        id: "cilium-bgp-auth-missing",
        stack: "infra",
        target: "infra-cilium-bgpPeerConfig",
        change: (p) => delete p.spec.authSecretRef,
        risk: "CIL-SEC-004",
        blocks: false,
    },
    {
        id: "cilium-clustermesh-ip-outside-pool",
        stack: "infra",
        target: REL,
        change: (p) => (p.values.clustermesh.apiserver.service.annotations["io.cilium/lb-ipam-ips"] = "10.25.11.130"),
        risk: "CIL-TECH-011",
        blocks: false,
    },
    {
        id: "cilium-release-renamed",
        stack: "infra",
        target: REL,
        change: (p) => (p.name = "cilium-core"),
        risk: "CIL-TECH-001",
        blocks: true,
    },
    {
        id: "cilium-unresolved-substitution",
        stack: "infra",
        target: REL,
        change: (p) => (p.values.cluster.name = "${CLUSTER}"),
        risk: "CIL-TECH-003",
        blocks: true, // CIL-TECH-002 (score 6) fires too: the placeholder breaks the provider pinning check
    },
    {
        id: "cilium-chart-unknown-at-preview",
        stack: "infra",
        target: REL,
        change: (p, unknown) => (p.chart = unknown),
        risk: "CIL-OPS-001",
        blocks: true,
    },
    {
        id: "cilium-no-rollback-waived",
        stack: "infra",
        target: REL,
        change: (p) => {
            p.atomic = false;
            p.cleanupOnFail = false;
        },
        packConfig: rollbackWaiver("2999-12-31"),
        risk: "CIL-OPS-001",
        blocks: false,
    },
    {
        id: "cilium-no-rollback-waiver-expired",
        stack: "infra",
        target: REL,
        change: (p) => {
            p.atomic = false;
            p.cleanupOnFail = false;
        },
        packConfig: rollbackWaiver("2020-01-31"),
        risk: "CIL-OPS-001",
        blocks: true,
    },
    // Issue 24: a downgrade in the pack config is a waiver. Unapproved, the policy still reports at
    // its register level (reportViolation's own enforcementLevel wins) and the preview fails.
    {
        id: "cilium-no-rollback-downgrade-unapproved",
        stack: "infra",
        target: REL,
        change: (p) => {
            p.atomic = false;
            p.cleanupOnFail = false;
        },
        packConfig: rollbackDowngrade(false),
        risk: "CIL-OPS-001",
        blocks: true,
    },
    {
        id: "cilium-no-rollback-downgrade-approved",
        stack: "infra",
        target: REL,
        change: (p) => {
            p.atomic = false;
            p.cleanupOnFail = false;
        },
        packConfig: rollbackDowngrade(true),
        risk: "CIL-OPS-001",
        blocks: false,
    },
    // Dragonfly (infra)
    {
        id: "dragonfly-netpol-admits-all",
        stack: "infra",
        target: NP,
        change: (p) => (p.spec.ingress[0].from = [{ namespaceSelector: {} }]),
        risk: "DFLY-VR-09.1",
        blocks: true,
    },
    {
        id: "dragonfly-pdb-min-1",
        stack: "infra",
        target: CR,
        change: (p) => (p.spec.pdb = { minAvailable: 1 }),
        risk: "DFLY-OPS-001",
        blocks: true,
    },
    {
        id: "dragonfly-no-spread",
        stack: "infra",
        target: CR,
        change: (p) => {
            delete p.spec.topologySpreadConstraints;
            delete p.spec.affinity;
        },
        risk: "DFLY-TECH-001",
        blocks: false,
    },
    {
        id: "dragonfly-unpinned-image",
        stack: "infra",
        target: CR,
        change: (p) => (p.spec.image = "docker.dragonflydb.io/dragonflydb/dragonfly:latest"),
        risk: "DFLY-TECH-002",
        blocks: false,
    },
    {
        id: "dragonfly-image-operator-mismatch",
        stack: "infra",
        target: CR,
        change: (p) => (p.spec.image = "docker.dragonflydb.io/dragonflydb/dragonfly:v1.34.2"),
        risk: "DFLY-TECH-002",
        blocks: false,
    },
    {
        id: "dragonfly-secret-name-mismatch",
        stack: "infra",
        target: CR,
        change: (p) => (p.spec.authentication.passwordFromSecret.name = "dragonfly-password"),
        risk: "DFLY-OPS-002",
        blocks: false,
    },
    {
        id: "dragonfly-monitor-selector",
        stack: "infra",
        target: "infra-dragonfly-podMonitor",
        change: (p) => (p.spec.selector = { matchLabels: { "dragonflydb.io/instance": "dragonfly" } }),
        risk: "DFLY-VR-08.1",
        blocks: false,
    },
    {
        id: "dragonfly-wireguard-off-no-tls",
        stack: "infra",
        target: REL,
        change: (p) => (p.values.encryption.enabled = false),
        risk: "DFLY-SEC-002",
        blocks: false,
    },
    {
        id: "dragonfly-global-service-labels",
        stack: "infra",
        target: "infra-dragonfly-globalService",
        change: (p) => (p.spec.selector = { "dragonflydb.io/role": "primary" }),
        risk: "DFLY-PERF-001",
        blocks: false,
    },
    // floe (apps)
    {
        id: "floe-daemon-replicas-2",
        stack: "apps",
        target: "apps-floe-dagster",
        change: (p) => (p.values.dagsterDaemon.replicaCount = 2),
        risk: "FLOE-R-1",
        blocks: true,
    },
    {
        id: "floe-daemon-no-liveness",
        stack: "apps",
        target: "apps-floe-dagster",
        change: (p) => delete p.values.dagsterDaemon.livenessProbe,
        risk: "FLOE-R-1",
        blocks: true,
    },
    {
        id: "floe-postgres-1-instance",
        stack: "apps",
        target: "apps-floe-postgres",
        change: (p) => (p.spec.instances = 1),
        risk: "FLOE-R-2",
        blocks: false,
    },
    {
        id: "floe-polaris-in-memory",
        stack: "apps",
        target: "apps-floe-polarisConfig",
        change: (p) =>
            (p.data["application.properties"] = p.data["application.properties"].replace(
                "relational-jdbc",
                "in-memory",
            )),
        risk: "FLOE-R-4",
        blocks: true,
    },
    {
        id: "floe-netpol-port-mismatch",
        stack: "apps",
        target: "apps-floe-netpol-floe-platform-polaris-ingress",
        change: (p) => (p.spec.ingress[0].ports = [{ port: 8080, protocol: "TCP" }]),
        risk: "FLOE-R-5",
        blocks: false,
    },
    {
        id: "floe-missing-flow",
        stack: "apps",
        target: "apps-floe-netpol-floe-platform-polaris-egress",
        change: (p) => p.spec.egress.shift(),
        risk: "FLOE-R-5",
        blocks: false,
    },
    {
        id: "floe-dagster-unpinned",
        stack: "apps",
        target: "apps-floe-dagster",
        change: (p) => (p.version = "1.12"),
        risk: "FLOE-R-6",
        blocks: false,
        engineCannotSee: {
            message: /has version "1\.12"/,
            reason: "the provider's Check loads the local stub chart and the policy sees the chart's resolved version",
        },
    },
];

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The audit of a live cluster: what it runs, read from its API server, judged by the same pack as
// `check` (the same engines, pack config and waivers), plus what the pack cannot see from one
// snapshot: the operator's modelled objects missing on the cluster, and drift against the stack.
import { StackConfig } from "../../config/schema";
import { Finding, formatFinding } from "../../policies/lib/findings";
import { computeGate } from "../../policies/lib/gate";
import { isBlocking } from "../../policies/lib/scoring";
import { riskById } from "../../policies/register";
import { EngineName, evaluateResources, GATE_REGISTER, StackEvaluation } from "../evaluate";
import { localPack, packInfoOf } from "../inprocess/localPack";
import { GRAPH_ONLY_POLICIES } from "../judge";
import { DisabledPolicy, disabledPolicies } from "../packConfig";
import type { PackClient } from "../protocol/client";
import { RecordedResource } from "../recording/program";
import { ReadOnlyClient } from "./client";
import { driftOf, DriftItem } from "./drift";
import { liveResources, MissingOperatorObject, RELEASE_TYPE } from "./live";
import { readCluster } from "./read";

/** Policies the audit switches off unless the pack config sets them, and why. */
export const AUDIT_OFF: Readonly<Record<string, string>> = {
    ...Object.fromEntries(
        GRAPH_ONLY_POLICIES.map((p) => [
            p,
            "audit: a live object carries no Pulumi provider, dependency or protect facts (pulumi policy analyze judges them from the state)",
        ]),
    ),
    "cluster-platform-secret-manifests":
        "audit: judges Secrets kept in Git; the audit never lists Secrets (least privilege), and a Secret on a cluster always holds its data",
};

/** The policy name the audit's own findings carry (missing operator objects). */
export const OPERATOR_OBJECTS_POLICY = "cluster-platform-audit-operator-objects";

/** The risk an operator object mitigates, and the pack policy whose verdict counted the modelled one. */
const MITIGATES: Record<MissingOperatorObject["kind"], { risk: string; policy: string }> = {
    NetworkPolicy: { risk: "DFLY-SEC-001", policy: "cluster-platform-dragonfly-network-isolation" },
    PodDisruptionBudget: { risk: "DFLY-OPS-001", policy: "cluster-platform-dragonfly-disruption-budget" },
};

/** A finding for a modelled operator object that is not on the cluster, at its risk's own score and enforcement. */
export function missingObjectFinding(m: MissingOperatorObject, crName: string): Finding {
    const { risk, policy } = MITIGATES[m.kind];
    const score = riskById(risk).score ?? 0;
    return {
        risk,
        score,
        policy: OPERATOR_OBJECTS_POLICY,
        enforcement: isBlocking(score) ? "mandatory" : "advisory",
        resource: m.cr,
        message: `the ${m.kind} ${m.namespace}/${m.name} that dragonfly-operator v1.6.1 makes for Dragonfly ${m.namespace}/${crName} (${m.because}) is missing on the cluster, and ${policy} passed the preview counting it; check that dragonfly-operator runs and reconciles the CR (it recreates the object), or declare the ${m.kind} in the stack and switch the operator's off in the CR.`,
    };
}

/** What one audit found. */
export interface AuditResult {
    evaluation: StackEvaluation;
    drift: DriftItem[];
    /** Declared kinds the audit does not read, so their drift is not compared. */
    notCompared: string[];
    /** Kinds the server does not serve (their CRD is not installed). */
    notServed: string[];
    /** Flux HelmRelease sources or valuesFrom not found on the cluster. */
    unresolved: string[];
    disabled: DisabledPolicy[];
    /** Helm releases judged (namespace/name revision). */
    releases: string[];
    /** Declared resources (the stack's render), for locating findings. */
    declared: RecordedResource[];
    stats: {
        objects: number;
        judged: number;
        lists: number;
        pages: number;
        requests: number;
        readMs: number;
        judgeMs: number;
        recordMs: number;
    };
}

/** The namespaces where a stack declares Helm releases: the only ones whose Secrets the audit reads. */
export function releaseNamespacesOf(declared: readonly RecordedResource[]): string[] {
    return [
        ...new Set(declared.filter((r) => r.type === RELEASE_TYPE).map((r) => String(r.inputs.namespace ?? "default"))),
    ].sort();
}

/** Records the stack's declared resources (the objects `render` writes), under preview-mode mocks. */
export async function declaredResources(config: StackConfig): Promise<RecordedResource[]> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { recordStack } = require("../recording/stack") as typeof import("../recording/stack");
    return recordStack(config);
}

/** Audits one cluster against one stack. Throws AuditPermissionError (nothing judged) when a read is refused. */
export async function auditCluster(
    config: StackConfig,
    client: ReadOnlyClient,
    options: { engine: EngineName; server?: PackClient; packConfig?: Record<string, unknown> },
): Promise<AuditResult> {
    const stack = config.cluster.name;
    const t0 = Date.now();
    const declared = await declaredResources(config);
    const t1 = Date.now();
    const read = await readCluster(client, releaseNamespacesOf(declared));
    const t2 = Date.now();
    const live = liveResources(stack, read.objects, read.releases, declared);
    const packConfig: Record<string, unknown> = { ...(options.packConfig ?? {}) };
    for (const p of Object.keys(AUDIT_OFF)) {
        packConfig[p] ??= "disabled";
    }
    const judged = await evaluateResources(stack, live.resources, {
        engine: options.engine,
        server: options.server,
        packConfig,
    });
    const crNames = new Map(
        live.resources.map((r) => [
            r.urn,
            String((r.inputs.metadata as { name?: string } | undefined)?.name ?? r.name),
        ]),
    );
    const findings = [
        ...judged.findings,
        ...live.missingOperatorObjects.map((m) => missingObjectFinding(m, crNames.get(m.cr) ?? m.name)),
    ];
    const evaluation: StackEvaluation = {
        ...judged,
        findings,
        gate: computeGate(findings, GATE_REGISTER),
        blocked: findings.some((f) => f.enforcement === "mandatory" && !f.waiver),
    };
    // The message prefix the pack would give, so the audit's findings read like the pack's.
    evaluation.diagnostics = [
        ...judged.diagnostics,
        ...findings.slice(judged.findings.length).map((f) => ({
            policyName: f.policy,
            description: "A modelled operator object is on the cluster.",
            message: formatFinding(f.risk, f.score, f.message),
            enforcementLevel: f.enforcement,
            urn: f.resource,
        })),
    ];
    const t3 = Date.now();
    const { items, notCompared } = driftOf(declared, live.byIdentity, live.releases);
    const info = options.server ? await options.server.info() : packInfoOf(localPack());
    const disabled = disabledPolicies(info, packConfig).map((d) =>
        AUDIT_OFF[d.policy] && options.packConfig?.[d.policy] === undefined ? { ...d, by: AUDIT_OFF[d.policy] } : d,
    );
    return {
        evaluation,
        drift: items,
        notCompared,
        notServed: read.notServed,
        unresolved: live.unresolved,
        disabled,
        releases: live.releases.map(
            (r) =>
                `${r.current.namespace}/${r.current.name} revision ${r.current.revision} (${r.current.chart} ${r.current.chartVersion})`,
        ),
        declared,
        stats: {
            objects: read.objects.length,
            judged: live.resources.length,
            lists: read.lists,
            pages: read.pages,
            requests: client.requests,
            recordMs: t1 - t0,
            readMs: t2 - t1,
            judgeMs: t3 - t2,
        },
    };
}

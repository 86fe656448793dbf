// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Peers in the bench: run kube-score and Polaris on a YAML file, read their verdicts for the checks
// we share, and compare them with ours object by object.
import * as fs from "fs";
import * as path from "path";
import { timed, Timed } from "./measure";
import { imagePinned } from "../policies/rules/workloads/imagePinned";
import { probes } from "../policies/rules/workloads/probes";
import { resources } from "../policies/rules/workloads/resources";
import { securityContext } from "../policies/rules/workloads/securityContext";

/** The checks we share with the peers. */
export const SHARED = [
    "NetworkPolicy targets",
    "PDB",
    "anti-affinity",
    "image tag",
    "probes",
    "resources",
    "securityContext",
] as const;
/** One shared check. */
export type Shared = (typeof SHARED)[number];
/** Verdicts keyed by `<Kind>/<namespace>/<name>`, then by shared check. */
export type Verdicts = Map<string, Map<Shared, "pass" | "fail">>;

/** The workload kinds every tool judges. */
export const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet"]);

const KUBE_SCORE: Record<string, Shared> = {
    "pod-networkpolicy": "NetworkPolicy targets",
    "deployment-has-poddisruptionbudget": "PDB",
    "statefulset-has-poddisruptionbudget": "PDB",
    "deployment-has-host-podantiaffinity": "anti-affinity",
    "statefulset-has-host-podantiaffinity": "anti-affinity",
    "container-image-tag": "image tag",
    "pod-probes": "probes",
    "container-resources": "resources",
    "container-security-context-user-group-id": "securityContext",
    "container-security-context-privileged": "securityContext",
    "container-security-context-readonlyrootfilesystem": "securityContext",
};

const POLARIS: Record<string, Shared> = {
    missingNetworkPolicy: "NetworkPolicy targets",
    missingPodDisruptionBudget: "PDB",
    topologySpreadConstraint: "anti-affinity",
    tagNotSpecified: "image tag",
    livenessProbeMissing: "probes",
    readinessProbeMissing: "probes",
    cpuRequestsMissing: "resources",
    memoryRequestsMissing: "resources",
    cpuLimitsMissing: "resources",
    memoryLimitsMissing: "resources",
    runAsRootAllowed: "securityContext",
    notReadOnlyRootFilesystem: "securityContext",
    privilegeEscalationAllowed: "securityContext",
    runAsPrivileged: "securityContext",
};

/** Our policies that judge a shared check on any workload (the others are Dragonfly/floe-specific). */
export const OURS: Record<string, Shared> = {
    [imagePinned.name]: "image tag",
    [probes.name]: "probes",
    [resources.name]: "resources",
    [securityContext.name]: "securityContext",
};

function record(v: Verdicts, key: string, check: Shared, failed: boolean): void {
    const m = v.get(key) ?? new Map<Shared, "pass" | "fail">();
    // A check spread over several peer tests fails when any of them fails.
    m.set(check, failed || m.get(check) === "fail" ? "fail" : "pass");
    v.set(key, m);
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** kube-score `-o json`: grade 10 is OK, 7 almost OK; 5 (warning) and 1 (critical) fail; skipped checks give no verdict. */
export function kubeScoreVerdicts(json: Json[]): Verdicts {
    const v: Verdicts = new Map();
    for (const o of json) {
        const kind = o.type_meta?.kind;
        const meta = o.object_meta ?? {};
        if (!WORKLOAD_KINDS.has(kind)) {
            continue;
        }
        const key = `${kind}/${meta.namespace || "default"}/${meta.name}`;
        for (const c of o.checks ?? []) {
            const shared = KUBE_SCORE[c.check?.id];
            if (shared && !c.skipped) {
                record(v, key, shared, c.grade < 7);
            }
        }
    }
    return v;
}

/** Polaris `audit --format json`: controller, pod and container results; a failed check of any of them fails. */
export function polarisVerdicts(json: Json): Verdicts {
    const v: Verdicts = new Map();
    for (const r of json.Results ?? []) {
        if (!WORKLOAD_KINDS.has(r.Kind)) {
            continue;
        }
        const key = `${r.Kind}/${r.Namespace || "default"}/${r.Name}`;
        const all: Json[] = [
            ...Object.values(r.Results ?? {}),
            ...Object.values(r.PodResult?.Results ?? {}),
            ...(r.PodResult?.ContainerResults ?? []).flatMap((c: Json) => Object.values(c.Results ?? {})),
        ] as Json[];
        for (const res of all) {
            const shared = POLARIS[res.ID];
            if (shared) {
                record(v, key, shared, res.Success === false);
            }
        }
    }
    return v;
}

/** The API version our workload rules judge (kube.ts); the beta versions were removed in Kubernetes 1.16. */
export const OUR_WORKLOAD_API = "apps/v1";

/**
 * Our verdicts from `check --format json` on the same objects: a finding of the mapped policy fails
 * the check; a workload of another API version gets no verdict (our rules do not judge it).
 */
export function ourVerdicts(
    findings: readonly { policy: string; resource: string }[],
    objects: readonly { apiVersion: string; kind: string; namespace: string; name: string; urnName: string }[],
): Verdicts {
    const v: Verdicts = new Map();
    const keyOf = new Map<string, string>();
    for (const o of objects.filter((x) => WORKLOAD_KINDS.has(x.kind) && x.apiVersion === OUR_WORKLOAD_API)) {
        const key = `${o.kind}/${o.namespace}/${o.name}`;
        keyOf.set(o.urnName, key);
        for (const check of new Set(Object.values(OURS))) {
            record(v, key, check, false);
        }
    }
    for (const f of findings) {
        const check = OURS[f.policy];
        const key = keyOf.get(f.resource.slice(f.resource.lastIndexOf("::") + 2));
        if (check && key) {
            record(v, key, check, true);
        }
    }
    return v;
}

/** Agreement of one check between us and a peer. */
export interface AgreementRow {
    check: Shared;
    compared: number;
    agree: number;
    /** We fail, the peer passes. */
    oursOnly: number;
    /** The peer fails, we pass. */
    peerOnly: number;
    /** Objects the peer judges on this check and we do not (no generic rule of ours). */
    peerOnlyJudged: number;
}

/** Per shared check: how many objects both judged and how often the verdicts agree. */
export function agreement(ours: Verdicts, peer: Verdicts): AgreementRow[] {
    return SHARED.map((check) => {
        const row: AgreementRow = { check, compared: 0, agree: 0, oursOnly: 0, peerOnly: 0, peerOnlyJudged: 0 };
        for (const [key, checks] of peer) {
            const theirs = checks.get(check);
            const mine = ours.get(key)?.get(check);
            if (theirs === undefined) {
                continue;
            }
            if (mine === undefined) {
                row.peerOnlyJudged++;
                continue;
            }
            row.compared++;
            if (mine === theirs) {
                row.agree++;
            } else if (mine === "fail") {
                row.oursOnly++;
            } else {
                row.peerOnly++;
            }
        }
        return row;
    });
}

/** The fraction of compared verdicts that agree (null when nothing was compared). */
export function agreementFraction(rows: readonly AgreementRow[]): number | null {
    const compared = rows.reduce((n, r) => n + r.compared, 0);
    return compared === 0 ? null : rows.reduce((n, r) => n + r.agree, 0) / compared;
}

/** A peer binary, or why it cannot run. */
export function peerBinary(dir: string, name: string): { path: string } | { missing: string } {
    const p = path.join(dir, name);
    try {
        fs.accessSync(p, fs.constants.X_OK);
        return { path: p };
    } catch {
        return {
            missing: `${p} is missing: run \`npm run toolchain\` (builds kube-score and Polaris from Go modules)`,
        };
    }
}

/** Runs a peer with its JSON output into a file (timed as our own check is); returns the run and the parsed output. */
export function runPeer(bin: string, args: string[], outFile: string): Timed & { json: unknown } {
    const r = timed([bin, ...args], path.dirname(outFile), outFile);
    try {
        return { ...r, json: JSON.parse(r.out) };
    } catch {
        throw new Error(
            `${path.basename(bin)} ${args.join(" ")} exited ${r.code} without JSON output: ${r.err.slice(0, 500)}`,
        );
    }
}

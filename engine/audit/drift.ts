// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Drift of a live cluster against what its stack declares (the objects `npm run render` writes):
// declared objects changed or missing, objects added out of band in the stack's namespaces, and Helm
// releases running another chart, version or values. Helm values are compared by key path only:
// no value of a release is ever put in a message.
import { RecordedResource } from "../recording/program";
import { redactWire } from "../manifests/read";
import { HelmReleaseRecord } from "./helmRecords";
import { AUDIT_KINDS } from "./kinds";
import { CLUSTER_SCOPED, declaredIdentity, displayName, identityOf, liveIdentity, RELEASE_TYPE } from "./live";

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Rec) : {});

/** One difference between the stack and the cluster. */
export interface DriftItem {
    change: "changed" | "missing" | "added";
    /** `Kind namespace/name` (or `Helm release namespace/name`). */
    object: string;
    /** The declared resource's URN ("" for an object the stack does not declare). */
    urn: string;
    /** What differs: key paths, with declared and live values except for Helm values. */
    details: string[];
}

/** Written into leaves that cannot be compared: redacted secrets and values unknown at preview. */
const UNCOMPARABLE = new Set(["[secret]", "(unknown)"]);

/** Quantities and int-or-strings the server normalises: `1` and `"1"` are the same value. */
function sameLeaf(a: unknown, b: unknown): boolean {
    return a === b || (typeof a === "number" && typeof b === "string" && String(a) === b);
}

/**
 * Paths where the declared value is not what the cluster holds; extra live fields (server defaults)
 * are not drift. Lists compare element by element. `show` false keeps values out of the lines.
 */
export function declaredNotLive(declared: unknown, live: unknown, at: string, show: boolean): string[] {
    const fmt = (v: unknown): string => (show ? (JSON.stringify(v) ?? "undefined") : "");
    if (typeof declared === "string" && UNCOMPARABLE.has(declared)) {
        return [];
    }
    if (Array.isArray(declared)) {
        if (!Array.isArray(live) || live.length !== declared.length) {
            return [show ? `${at}: declared ${fmt(declared)}, live ${fmt(live)}` : `${at}: differs`];
        }
        return declared.flatMap((d, i) => declaredNotLive(d, live[i], `${at}[${i}]`, show));
    }
    if (typeof declared === "object" && declared !== null) {
        if (typeof live !== "object" || live === null || Array.isArray(live)) {
            return [show ? `${at}: declared ${fmt(declared)}, live ${fmt(live)}` : `${at}: differs`];
        }
        return Object.entries(declared).flatMap(([k, v]) =>
            declaredNotLive(v, (live as Rec)[k], at ? `${at}.${k}` : k, show),
        );
    }
    if (declared === null || declared === undefined || sameLeaf(declared, live)) {
        return [];
    }
    return [
        show
            ? `${at}: declared ${fmt(declared)}, live ${fmt(live)}`
            : live === undefined
              ? `${at}: missing`
              : `${at}: differs`,
    ];
}

/** Key paths present in `live` but not in `declared` (values the release has that the stack does not set). */
function extraPaths(declared: unknown, live: unknown, at: string): string[] {
    if (typeof live !== "object" || live === null || Array.isArray(live)) {
        return [];
    }
    const d = rec(declared);
    return Object.entries(live).flatMap(([k, v]) => {
        const p = at ? `${at}.${k}` : k;
        return k in d ? extraPaths(d[k], v, p) : [`${p}: set on the cluster, not declared`];
    });
}

/** The audited kinds, version-free (`group/Kind`). */
const AUDITED = new Set(AUDIT_KINDS.map((k) => `${k.group}/${k.kind}`));

/** Objects Kubernetes itself puts in every namespace. */
const BUILT_IN = /^\/ConfigMap [^/]+\/kube-root-ca\.crt$/;

/** Whether Helm or an owner (controller, operator) made an object: not drift of the stack. */
function managedElsewhere(o: Rec): boolean {
    const meta = rec(o.metadata);
    const refs = meta.ownerReferences;
    return (
        (Array.isArray(refs) && refs.length > 0) ||
        rec(meta.labels)["app.kubernetes.io/managed-by"] === "Helm" ||
        rec(meta.annotations)["meta.helm.sh/release-name"] !== undefined
    );
}

/**
 * Drift of the cluster against the stack: each declared object of an audited kind compared with the
 * live one; each live object in a namespace the stack declares (and each clusterwide Cilium policy)
 * that the stack does not declare and neither Helm nor an owner made; each declared Helm release
 * against the revision that runs. Also returns the declared kinds the audit does not read.
 */
export function driftOf(
    declared: readonly RecordedResource[],
    live: ReadonlyMap<string, Rec>,
    releases: readonly { current: HelmReleaseRecord; latest: HelmReleaseRecord }[],
): { items: DriftItem[]; notCompared: string[] } {
    const items: DriftItem[] = [];
    const notCompared = new Set<string>();
    const declaredIds = new Set<string>();
    const namespaces = new Set<string>();
    for (const r of declared) {
        const id = declaredIdentity(r);
        if (!id) {
            continue;
        }
        const groupKind = id.slice(0, id.indexOf(" "));
        if (!AUDITED.has(groupKind)) {
            notCompared.add(groupKind.replace(/^\//, ""));
            continue;
        }
        declaredIds.add(id);
        // The version is not drift: a kind served at several versions holds the same object.
        const body = { ...(redactWire(r.wireInputs) as Rec) };
        delete body.apiVersion;
        delete body.kind;
        const meta = rec(body.metadata);
        const kind = groupKind.slice(groupKind.indexOf("/") + 1);
        if (kind === "Namespace") {
            namespaces.add(String(meta.name));
        }
        const object = displayName(
            kind,
            CLUSTER_SCOPED.has(kind) ? undefined : String(meta.namespace ?? "default"),
            String(meta.name ?? r.name),
        );
        const o = live.get(id);
        if (!o) {
            items.push({
                change: "missing",
                object,
                urn: r.urn,
                details: ["declared by the stack, not on the cluster"],
            });
            continue;
        }
        const details = declaredNotLive(body, o, "", true);
        if (details.length > 0) {
            items.push({ change: "changed", object, urn: r.urn, details });
        }
    }
    for (const [id, o] of live) {
        const meta = rec(o.metadata);
        const ns = meta.namespace as string | undefined;
        const inScope = (ns !== undefined && namespaces.has(ns)) || o.kind === "CiliumClusterwideNetworkPolicy";
        if (!inScope || declaredIds.has(id) || BUILT_IN.test(id) || managedElsewhere(o) || o.kind === "Namespace") {
            continue;
        }
        items.push({
            change: "added",
            object: displayName(String(o.kind), ns, String(meta.name)),
            urn: "",
            details: [`not declared by the stack; made out of band (no owner, not Helm's)`],
        });
    }
    for (const r of declared.filter((x) => x.type === RELEASE_TYPE)) {
        const name = String(r.inputs.name ?? r.name);
        const namespace = String(r.inputs.namespace ?? "default");
        const object = `Helm release ${namespace}/${name}`;
        const run = releases.find((x) => x.current.name === name && x.current.namespace === namespace);
        if (!run) {
            items.push({
                change: "missing",
                object,
                urn: r.urn,
                details: ["declared by the stack, no release record on the cluster"],
            });
            continue;
        }
        const details: string[] = [];
        const chart = String(r.inputs.chart ?? "");
        if (chart !== run.current.chart && !chart.endsWith(`/${run.current.chart}`)) {
            details.push(`chart: declared ${chart}, running ${run.current.chart}`);
        }
        if (
            typeof r.inputs.version === "string" &&
            r.inputs.version.replace(/^v/, "") !== run.current.chartVersion.replace(/^v/, "")
        ) {
            details.push(`version: declared ${r.inputs.version}, running ${run.current.chartVersion}`);
        }
        const declaredValues = redactWire(rec(r.wireInputs).values ?? {});
        details.push(
            ...declaredNotLive(declaredValues, run.current.values, "values", false),
            ...extraPaths(declaredValues, run.current.values, "values"),
        );
        if (run.latest.revision !== run.current.revision) {
            details.push(
                `revision ${run.latest.revision} is ${run.latest.status}; revision ${run.current.revision} is the last deployed one`,
            );
        }
        if (details.length > 0) {
            items.push({
                change: "changed",
                object: `${object} (revision ${run.current.revision})`,
                urn: r.urn,
                details,
            });
        }
    }
    return { items, notCompared: [...notCompared].sort() };
}

export { identityOf, liveIdentity };

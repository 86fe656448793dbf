// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Helm's own record of a release (Helm 3/4 storage driver "secret"): Secrets named
// sh.helm.release.v1.<release>.v<revision>, labels owner=helm, name, status, version, whose
// `release` key holds base64(gzip(JSON of the release)). Decoded in memory only: the values are
// handed to the pack and never printed or written.
import { gunzipSync } from "zlib";

/** What the audit takes from a release record: identity, chart, and the values the user supplied. */
export interface HelmReleaseRecord {
    name: string;
    namespace: string;
    revision: number;
    status: string;
    chart: string;
    chartVersion: string;
    appVersion?: string;
    /** The user-supplied values (`helm install -f/--set`, Pulumi's `values`): Helm's `config`. */
    values: Record<string, unknown>;
    /** The Secret it was decoded from. */
    secret: string;
}

/** Raised for a record that cannot be decoded; names the Secret and what is wrong (never its content). */
export class HelmRecordError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "HelmRecordError";
    }
}

const GZIP_MAGIC = [0x1f, 0x8b];

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Rec) : {});

/** Decodes one release Secret as the API server returns it (its `data.release` base64 of Helm's base64). */
export function decodeReleaseSecret(secret: Rec): HelmReleaseRecord {
    const meta = rec(secret.metadata);
    const where = `Secret ${String(meta.namespace)}/${String(meta.name)}`;
    const raw = rec(secret.data).release;
    if (typeof raw !== "string" || raw === "") {
        throw new HelmRecordError(`${where}: no data.release key; not a Helm release record`);
    }
    let json: string;
    try {
        const helmEncoded = Buffer.from(raw, "base64").toString("utf8");
        const bytes = Buffer.from(helmEncoded, "base64");
        json = (bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1] ? gunzipSync(bytes) : bytes).toString("utf8");
    } catch (err) {
        throw new HelmRecordError(`${where}: data.release is not base64 of gzip: ${(err as Error).message}`);
    }
    let release: Rec;
    try {
        release = rec(JSON.parse(json));
    } catch {
        throw new HelmRecordError(`${where}: data.release does not decode to a release JSON document`);
    }
    const chartMeta = rec(rec(release.chart).metadata);
    if (typeof release.name !== "string" || typeof chartMeta.name !== "string") {
        throw new HelmRecordError(`${where}: the decoded release has no name or no chart.metadata.name`);
    }
    return {
        name: release.name,
        namespace: String(release.namespace ?? meta.namespace ?? "default"),
        revision: typeof release.version === "number" ? release.version : Number(rec(meta.labels).version ?? 0),
        status: String(rec(release.info).status ?? rec(meta.labels).status ?? "unknown"),
        chart: chartMeta.name,
        chartVersion: String(chartMeta.version ?? ""),
        ...(typeof chartMeta.appVersion === "string" ? { appVersion: chartMeta.appVersion } : {}),
        values: rec(release.config),
        secret: String(meta.name),
    };
}

/** Whether a Secret is a Helm release record (type and labels Helm sets). */
export function isReleaseSecret(secret: Rec): boolean {
    const labels = rec(rec(secret.metadata).labels);
    return secret.type === "helm.sh/release.v1" && labels.owner === "helm";
}

/**
 * The revision that runs for each release: the highest `deployed` one. A release whose highest
 * revision is not deployed (failed, pending-upgrade) is returned with that revision's state in
 * `latest`, so the audit can say the cluster may be half-changed.
 */
export function currentReleases(records: readonly HelmReleaseRecord[]): {
    current: HelmReleaseRecord;
    latest: HelmReleaseRecord;
}[] {
    const byRelease = new Map<string, HelmReleaseRecord[]>();
    for (const r of records) {
        const key = `${r.namespace}/${r.name}`;
        byRelease.set(key, [...(byRelease.get(key) ?? []), r]);
    }
    return [...byRelease.values()]
        .map((revs) => {
            const sorted = [...revs].sort((a, b) => b.revision - a.revision);
            const deployed = sorted.find((r) => r.status === "deployed");
            return { current: deployed ?? sorted[0], latest: sorted[0] };
        })
        .sort((a, b) =>
            `${a.current.namespace}/${a.current.name}`.localeCompare(`${b.current.namespace}/${b.current.name}`),
        );
}

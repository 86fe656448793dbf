// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Reads what the audit judges from a live API server: every kind of AUDIT_KINDS cluster-wide and
// Helm's release records in the releases' namespaces. Every read is attempted; if any was refused,
// the whole read fails naming each refusal, so a missing permission can never pass as "nothing there".
import { ApiError, Denied, ForbiddenError, ReadOnlyClient } from "./client";
import { decodeReleaseSecret, HelmReleaseRecord, isReleaseSecret } from "./helmRecords";
import { AUDIT_KINDS, AuditKind, HELM_RELEASE_SECRETS, listPath, qualifiedResource } from "./kinds";

/** Raised when the server refused one or more reads; lists each (kind, namespace, verb). */
export class AuditPermissionError extends Error {
    constructor(
        readonly denied: readonly Denied[],
        readonly user: string,
    ) {
        super(
            `the audit's credentials (user ${user || "(none)"}) may not read everything it judges; nothing was judged. Missing:\n` +
                denied
                    .map(
                        (d) =>
                            `  - ${d.verb} ${d.resource} ${d.namespace ? `in namespace ${d.namespace}` : "in all namespaces (cluster-wide)"}`,
                    )
                    .join("\n") +
                "\nGrant deploy/rbac/audit-reader.yaml (ClusterRole cluster-platform-audit-reader) and the stack's " +
                "deploy/rbac/audit-helm-releases-<stack>.yaml (Roles in the Helm release namespaces); see `npm run -s audit -- --print-rbac`.",
        );
        this.name = "AuditPermissionError";
    }
}

/** What one audit read from the cluster. */
export interface ClusterRead {
    /** Every object read, with apiVersion and kind set, in AUDIT_KINDS order. */
    objects: Record<string, unknown>[];
    /** Kinds the server does not serve (CRD not installed): none of them exist there. */
    notServed: string[];
    /** Helm release records decoded, every revision. */
    releases: HelmReleaseRecord[];
    /** Lists made and pages read (pagination at {@link PAGE_SIZE}). */
    lists: number;
    pages: number;
}

/** Lists runs at most this many at once. */
const IN_FLIGHT = 4;

async function listKind(
    client: ReadOnlyClient,
    k: AuditKind,
): Promise<{ items: Record<string, unknown>[]; pages: number } | undefined> {
    for (const version of k.versions) {
        const listed = await client.list(listPath(k, version), { resource: qualifiedResource(k) });
        if (listed) {
            const apiVersion = k.group === "" ? version : `${k.group}/${version}`;
            // Items of a typed list carry no kind or apiVersion of their own.
            return { items: listed.items.map((o) => ({ apiVersion, kind: k.kind, ...o })), pages: listed.pages };
        }
    }
    return undefined;
}

/** Reads every audited kind and the release records in `releaseNamespaces`; throws AuditPermissionError naming every refusal. */
export async function readCluster(client: ReadOnlyClient, releaseNamespaces: readonly string[]): Promise<ClusterRead> {
    const denied: Denied[] = [];
    const byKind = new Map<AuditKind, Record<string, unknown>[]>();
    const notServed: string[] = [];
    const releases: HelmReleaseRecord[] = [];
    let lists = 0;
    let pages = 0;
    const tasks: (() => Promise<void>)[] = [
        ...AUDIT_KINDS.map((k) => async () => {
            const r = await listKind(client, k);
            lists += k.versions.length;
            if (!r) {
                notServed.push(qualifiedResource(k));
                return;
            }
            pages += r.pages;
            byKind.set(k, r.items);
        }),
        ...[...new Set(releaseNamespaces)].sort().map((ns) => async () => {
            const r = await client.list(
                listPath({ group: "", resource: HELM_RELEASE_SECRETS.resource }, "v1", ns),
                { resource: HELM_RELEASE_SECRETS.resource, namespace: ns },
                HELM_RELEASE_SECRETS.labelSelector,
            );
            lists++;
            pages += r?.pages ?? 0;
            for (const s of r?.items ?? []) {
                if (isReleaseSecret(s)) {
                    releases.push(decodeReleaseSecret(s));
                }
            }
        }),
    ];
    let next = 0;
    const worker = async (): Promise<void> => {
        while (next < tasks.length) {
            const task = tasks[next++];
            try {
                await task();
            } catch (err) {
                if (err instanceof ForbiddenError) {
                    denied.push(err.denied);
                } else {
                    throw err;
                }
            }
        }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    if (denied.length > 0) {
        throw new AuditPermissionError(
            denied.sort((a, b) =>
                `${a.resource} ${a.namespace ?? ""}`.localeCompare(`${b.resource} ${b.namespace ?? ""}`),
            ),
            client.conn.user,
        );
    }
    const objects = AUDIT_KINDS.flatMap((k) => byKind.get(k) ?? []);
    return { objects, notServed: notServed.sort(), releases, lists, pages };
}

export { ApiError };

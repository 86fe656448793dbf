// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Server-side apply of rendered Kubernetes objects through @kubernetes/client-node, strict field
// validation, and the comparisons the cluster tests make (stored vs rendered, pods of workloads).
import * as k8s from "@kubernetes/client-node";
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";

/** A Kubernetes object read from a rendered file. */
export interface RenderedObject {
    /** File it came from, relative to the rendered directory. */
    file: string;
    body: k8s.KubernetesObject & Record<string, unknown>;
}

/** A document of the rendered directory that is not an API object, and why. */
export interface SkippedDocument {
    file: string;
    reason: string;
}

/** `Kind namespace/name` (or `Kind name` for cluster-scoped objects). Pure. */
export function objectKey(o: k8s.KubernetesObject): string {
    const ns = o.metadata?.namespace;
    return `${o.kind} ${ns ? `${ns}/` : ""}${o.metadata?.name ?? "?"}`;
}

/**
 * Reads every YAML document under `dir` (recursively, sorted). API objects are returned; Pulumi-only
 * documents (providers, components, `helm.sh/v3` Releases, which Helm renders from a chart and no API
 * server stores) are listed as skipped with the reason. Throws naming the file on malformed YAML.
 */
export function readRenderedObjects(dir: string): { objects: RenderedObject[]; skipped: SkippedDocument[] } {
    const objects: RenderedObject[] = [];
    const skipped: SkippedDocument[] = [];
    const walk = (d: string): string[] =>
        fs
            .readdirSync(d, { withFileTypes: true })
            .sort((a, b) => a.name.localeCompare(b.name))
            .flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]))
            .filter((f) => /\.ya?ml$/.test(f));
    for (const abs of walk(dir)) {
        const file = path.relative(dir, abs);
        parseAllDocuments(fs.readFileSync(abs, "utf8")).forEach((doc, i) => {
            if (doc.errors.length > 0) {
                throw new Error(`${file}: document ${i}: malformed YAML: ${doc.errors[0].message.split("\n")[0]}`);
            }
            const body = doc.toJS() as Record<string, unknown> | null;
            if (body === null) {
                return;
            }
            if (typeof body.apiVersion !== "string" || typeof body.kind !== "string") {
                skipped.push({ file, reason: "no apiVersion/kind: a Pulumi provider or component, not an API object" });
            } else if (body.apiVersion === "helm.sh/v3" && body.kind === "Release") {
                skipped.push({ file, reason: "helm.sh/v3 Release: installed by Helm from its chart, not applied" });
            } else {
                objects.push({ file, body: body as RenderedObject["body"] });
            }
        });
    }
    return { objects, skipped };
}

const ORDER: Record<string, number> = {
    CustomResourceDefinition: 0,
    Namespace: 1,
    ServiceAccount: 2,
    ConfigMap: 2,
    Secret: 2,
    ClusterRole: 3,
    Role: 3,
    ClusterRoleBinding: 4,
    RoleBinding: 4,
};

/** Objects in the order an API server needs them: CRDs, namespaces, identities, RBAC, then the rest. Stable. Pure. */
export function applyOrder<T extends { body: k8s.KubernetesObject }>(objects: readonly T[]): T[] {
    return objects
        .map((o, i) => ({ o, i, r: ORDER[o.body.kind ?? ""] ?? 5 }))
        .sort((a, b) => a.r - b.r || a.i - b.i)
        .map((x) => x.o);
}

/** The message of a failed API call: the Status message when the server sent one. */
export function apiErrorMessage(err: unknown): string {
    if (err instanceof k8s.ApiException) {
        try {
            const status = JSON.parse(String(err.body)) as { message?: string };
            return `HTTP ${err.code}: ${status.message ?? err.body}`;
        } catch {
            return `HTTP ${err.code}: ${String(err.body)}`;
        }
    }
    return (err as Error).message ?? String(err);
}

/** An object as the API server sent it. */
export type StoredObject = k8s.KubernetesObject & Record<string, unknown>;

/** Result of applying one object. */
export interface ApplyResult {
    key: string;
    file: string;
    error?: string;
    uid?: string;
    resourceVersion?: string;
    /** The object the server stored, as it sent it (no typed deserialization). */
    stored?: StoredObject;
    /** `Warning` headers the server returned (deprecations, Pod Security warn mode). */
    warnings: string[];
}

/** A client that applies with server-side apply and strict field validation, and records warnings. */
export class Applier {
    /** The field manager of every apply (one owner, as Pulumi's provider would be). */
    static readonly FIELD_MANAGER = "cluster-platform-test";
    readonly api: k8s.KubernetesObjectApi;
    private lastWarnings: string[] = [];
    private rawBody: unknown;
    private rawResponse: unknown;

    constructor(kubeconfigPath: string) {
        const kc = new k8s.KubeConfig();
        kc.loadFromFile(kubeconfigPath);
        const server = kc.getCurrentCluster()!.server;
        const config = k8s.createConfiguration({
            baseServer: new k8s.ServerConfiguration(server, {}),
            authMethods: { default: kc },
            promiseMiddleware: [
                {
                    pre: async (ctx) => {
                        // Unknown or duplicate fields fail the request instead of being dropped with a warning.
                        if (
                            ctx.getHttpMethod() === k8s.HttpMethod.PATCH ||
                            ctx.getHttpMethod() === k8s.HttpMethod.POST
                        ) {
                            ctx.setQueryParam("fieldValidation", "Strict");
                        }
                        this.lastWarnings = [];
                        // The typed serializer drops every key its models lack (x-kubernetes-int-or-string of
                        // a CRD schema, a misspelled field); send the object exactly as rendered.
                        const writes = [k8s.HttpMethod.PATCH, k8s.HttpMethod.POST].includes(ctx.getHttpMethod());
                        if (writes && this.rawBody !== undefined) {
                            ctx.setBody(JSON.stringify(this.rawBody));
                            this.rawBody = undefined;
                        }
                        return ctx;
                    },
                    post: async (rsp) => {
                        const w = rsp.headers["warning"];
                        if (w) {
                            this.lastWarnings.push(...splitWarnings(w));
                        }
                        // The typed deserializer renames or drops fields (`from` becomes `_from`, CR fields
                        // vanish): keep the server's JSON exactly as sent and hand the client the same text.
                        const text = await rsp.body.text();
                        try {
                            this.rawResponse = JSON.parse(text);
                        } catch {
                            this.rawResponse = undefined;
                        }
                        return new k8s.ResponseContext(rsp.httpStatusCode, rsp.headers, {
                            text: async () => text,
                            binary: async () => Buffer.from(text),
                        });
                    },
                },
            ],
        });
        this.api = new k8s.KubernetesObjectApi(config);
    }

    /** Server-side apply (force, one field manager); never throws, the result carries the error. */
    async apply(o: RenderedObject, dryRun = false): Promise<ApplyResult> {
        const key = objectKey(o.body);
        try {
            this.rawBody = o.body;
            await this.api.patch(
                o.body,
                undefined,
                dryRun ? "All" : undefined,
                Applier.FIELD_MANAGER,
                true,
                k8s.PatchStrategy.ServerSideApply,
            );
            const stored = this.rawResponse as StoredObject;
            return {
                key,
                file: o.file,
                uid: stored.metadata?.uid,
                resourceVersion: stored.metadata?.resourceVersion,
                stored,
                warnings: [...this.lastWarnings],
            };
        } catch (err) {
            return { key, file: o.file, error: apiErrorMessage(err), warnings: [...this.lastWarnings] };
        }
    }

    /** Creates an object with `dryRun=All` (every admission stage runs, nothing is stored). */
    async dryRunCreate(o: k8s.KubernetesObject): Promise<{ error?: string; warnings: string[] }> {
        try {
            this.rawBody = o;
            await this.api.create(o, undefined, "All", Applier.FIELD_MANAGER);
            return { warnings: [...this.lastWarnings] };
        } catch (err) {
            return { error: apiErrorMessage(err), warnings: [...this.lastWarnings] };
        }
    }

    /** Reads the stored object as the server sends it. */
    async read(o: k8s.KubernetesObject): Promise<StoredObject> {
        await this.api.read({
            apiVersion: o.apiVersion!,
            kind: o.kind!,
            metadata: { name: o.metadata!.name!, namespace: o.metadata?.namespace },
        });
        return this.rawResponse as StoredObject;
    }
}

/** Splits a `Warning` header (`299 - "text", 299 - "text"`) into its texts. Pure. */
export function splitWarnings(header: string): string[] {
    return [...header.matchAll(/\d{3} \S+ "((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].replace(/\\(.)/g, "$1"));
}

/**
 * Paths where the rendered object is not contained in the stored one: a rendered value missing or
 * different in the server's copy. Extra stored fields (server defaults, status, metadata the server
 * adds) are allowed; lists must have the same length and match element by element. Pure.
 */
export function notContained(rendered: unknown, stored: unknown, at = ""): string[] {
    if (Array.isArray(rendered)) {
        if (!Array.isArray(stored) || stored.length !== rendered.length) {
            return [`${at || "."}: rendered ${JSON.stringify(rendered)}, stored ${JSON.stringify(stored)}`];
        }
        return rendered.flatMap((r, i) => notContained(r, stored[i], `${at}[${i}]`));
    }
    if (typeof rendered === "object" && rendered !== null) {
        if (typeof stored !== "object" || stored === null || Array.isArray(stored)) {
            return [`${at || "."}: rendered an object, stored ${JSON.stringify(stored)}`];
        }
        const s = stored as Record<string, unknown>;
        return Object.entries(rendered).flatMap(([k, v]) => notContained(v, s[k], `${at}.${k}`));
    }
    if (rendered === stored) {
        return [];
    }
    // The API server normalises quantities and int-or-string values; equal numbers compare equal.
    if (typeof rendered === "number" && typeof stored === "string" && String(rendered) === stored) {
        return [];
    }
    return [`${at}: rendered ${JSON.stringify(rendered)}, stored ${JSON.stringify(stored)}`];
}

/** Kinds whose pod template a controller turns into pods, with the path to that template. */
const POD_TEMPLATES: Record<string, string[]> = {
    Deployment: ["spec", "template"],
    StatefulSet: ["spec", "template"],
    DaemonSet: ["spec", "template"],
    ReplicaSet: ["spec", "template"],
    Job: ["spec", "template"],
    CronJob: ["spec", "jobTemplate", "spec", "template"],
};

/**
 * The Pod a controller would create from a workload's template (same namespace, labels and spec), or
 * undefined for kinds that have none. Creating it with dry-run puts it through the namespace's Pod
 * Security Admission `enforce` level exactly as the controller's pods would be. Pure.
 */
export function podOfWorkload(o: k8s.KubernetesObject & Record<string, unknown>): k8s.V1Pod | undefined {
    const route = POD_TEMPLATES[o.kind ?? ""];
    if (!route) {
        return undefined;
    }
    let t: unknown = o;
    for (const k of route) {
        t = (t as Record<string, unknown> | undefined)?.[k];
    }
    const template = (t ?? {}) as { metadata?: k8s.V1ObjectMeta; spec?: k8s.V1PodSpec };
    return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
            name: `${o.metadata!.name}-psa-probe`,
            namespace: o.metadata?.namespace ?? "default",
            labels: template.metadata?.labels,
        },
        spec: template.spec,
    };
}

/**
 * The object without what controllers write on their own (status, resourceVersion, their
 * managedFields entries): what a no-op apply by `manager` must leave exactly as it was. Pure.
 */
export function withoutControllerWrites(o: StoredObject, manager: string): StoredObject {
    const copy = JSON.parse(JSON.stringify(o)) as StoredObject & {
        metadata: k8s.V1ObjectMeta & { managedFields?: { manager?: string }[] };
    };
    delete copy.status;
    delete copy.metadata.resourceVersion;
    copy.metadata.managedFields = (copy.metadata.managedFields ?? []).filter((f) => f.manager === manager);
    return copy;
}

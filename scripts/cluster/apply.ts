// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Server-side apply of rendered Kubernetes objects through @kubernetes/client-node with strict field
// validation, and reads of the stored objects exactly as the server sends them.
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

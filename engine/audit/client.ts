// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// A read-only Kubernetes API client: GET only (it has no other verb), paginated lists, and errors
// that say what was refused. Plain node:https with the kubeconfig's credentials, so the audit loads
// no Kubernetes client library.
import * as http from "http";
import * as https from "https";
import { Connection } from "./kubeconfig";

/** A read the server refused for lack of permission: the verb, the resource and where. */
export interface Denied {
    verb: "list" | "get";
    /** `resource.group` (`networkpolicies.networking.k8s.io`). */
    resource: string;
    /** Undefined: all namespaces (a cluster-wide list). */
    namespace?: string;
    /** The server's message. */
    message: string;
}

/** Raised when the server refuses a read for lack of permission. */
export class ForbiddenError extends Error {
    constructor(readonly denied: Denied) {
        super(denied.message);
        this.name = "ForbiddenError";
    }
}

/** Raised when the server cannot be reached, refuses the credentials, or answers something unexpected. */
export class ApiError extends Error {
    constructor(
        message: string,
        readonly status?: number,
    ) {
        super(message);
        this.name = "ApiError";
    }
}

/** Items per page of a list (the server's `limit`). */
export const PAGE_SIZE = 500;

/** One list's objects and how many pages it took. */
export interface Listed {
    items: Record<string, unknown>[];
    pages: number;
}

/** GETs JSON from the API server; nothing else. */
export class ReadOnlyClient {
    private readonly agent: http.Agent | https.Agent;
    /** GET requests made (for the report). */
    requests = 0;

    constructor(
        readonly conn: Connection,
        private readonly timeoutMs = 30_000,
    ) {
        this.agent = conn.server.startsWith("https:")
            ? new https.Agent({
                  keepAlive: true,
                  maxSockets: 4,
                  ca: conn.ca,
                  cert: conn.cert,
                  key: conn.key,
                  rejectUnauthorized: !conn.insecureSkipTlsVerify,
                  ...(conn.tlsServerName ? { servername: conn.tlsServerName } : {}),
              })
            : new http.Agent({ keepAlive: true, maxSockets: 4 });
    }

    /** Closes idle connections. */
    close(): void {
        this.agent.destroy();
    }

    /** GET a path; resolves status and parsed JSON body. */
    private get(pathAndQuery: string): Promise<{ status: number; body: Record<string, unknown> }> {
        const url = new URL(pathAndQuery, `${this.conn.server}/`);
        const headers: Record<string, string> = { Accept: "application/json" };
        if (this.conn.token) {
            headers.Authorization = `Bearer ${this.conn.token}`;
        } else if (this.conn.basic) {
            headers.Authorization = `Basic ${Buffer.from(`${this.conn.basic.username}:${this.conn.basic.password}`).toString("base64")}`;
        }
        const lib = url.protocol === "https:" ? https : http;
        this.requests++;
        return new Promise((resolve, reject) => {
            const req = lib.request(
                url,
                { method: "GET", headers, agent: this.agent, timeout: this.timeoutMs },
                (res) => {
                    const chunks: Buffer[] = [];
                    res.on("data", (c: Buffer) => chunks.push(c));
                    res.on("error", reject);
                    res.on("end", () => {
                        const text = Buffer.concat(chunks).toString("utf8");
                        let body: Record<string, unknown> = {};
                        try {
                            body = text === "" ? {} : (JSON.parse(text) as Record<string, unknown>);
                        } catch {
                            body = { message: text.slice(0, 200) };
                        }
                        resolve({ status: res.statusCode ?? 0, body });
                    });
                },
            );
            req.on("timeout", () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
            req.on("error", (err) =>
                reject(
                    new ApiError(
                        `cannot reach the API server ${this.conn.server} (context ${this.conn.context}): ${err.message}`,
                    ),
                ),
            );
            req.end();
        });
    }

    /**
     * Lists every object at a list path, page by page (`limit`/`continue`). Resolves undefined when
     * the server does not serve the resource (404: its CRD is not installed, or not at this version).
     */
    async list(
        listPath: string,
        what: { resource: string; namespace?: string },
        labelSelector?: string,
    ): Promise<Listed | undefined> {
        const items: Record<string, unknown>[] = [];
        let cont: string | undefined;
        let pages = 0;
        do {
            const q = new URLSearchParams({ limit: String(PAGE_SIZE) });
            if (cont) {
                q.set("continue", cont);
            }
            if (labelSelector) {
                q.set("labelSelector", labelSelector);
            }
            const { status, body } = await this.get(`${listPath}?${q.toString()}`);
            if (status === 404 && pages === 0) {
                return undefined;
            }
            if (status === 403) {
                throw new ForbiddenError({
                    verb: "list",
                    resource: what.resource,
                    namespace: what.namespace,
                    message: String(body.message ?? "forbidden"),
                });
            }
            if (status === 401) {
                throw new ApiError(
                    `the API server ${this.conn.server} refused the credentials of user ${this.conn.user || "(none)"} in context ${this.conn.context} (401 Unauthorized)`,
                    401,
                );
            }
            if (status !== 200) {
                throw new ApiError(
                    `listing ${what.resource}${what.namespace ? ` in namespace ${what.namespace}` : ""}: HTTP ${status}: ${String(body.message ?? "")}`,
                    status,
                );
            }
            pages++;
            const page = Array.isArray(body.items) ? (body.items as Record<string, unknown>[]) : [];
            items.push(...page);
            const meta = (body.metadata ?? {}) as { continue?: string };
            cont = typeof meta.continue === "string" && meta.continue !== "" ? meta.continue : undefined;
        } while (cont);
        return { items, pages };
    }
}

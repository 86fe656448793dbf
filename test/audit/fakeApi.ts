// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// A loopback HTTP server answering list requests as kube-apiserver does (limit/continue pages,
// 404 for resources it does not serve, 403 for what the user may not list), recording every
// request's method, so tests can assert the audit only ever GETs. The real server is exercised by
// test/cluster/audit.cluster.ts.
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import { AddressInfo } from "net";
import { scratchDir } from "../support/scratch";

/** The fake server: its objects by list path, refusals, and the requests it saw. */
export class FakeApi {
    readonly requests: { method: string; path: string; query: URLSearchParams }[] = [];
    private server?: http.Server;
    url = "";

    constructor(
        /** Objects per list path (`/api/v1/configmaps`, `/api/v1/namespaces/kube-system/secrets`). */
        readonly objects: Map<string, Record<string, unknown>[]>,
        /** List paths answered 403. */
        readonly forbidden: Set<string> = new Set(),
    ) {}

    /** Starts on a free loopback port. */
    async start(): Promise<void> {
        this.server = http.createServer((req, res) => {
            const url = new URL(req.url ?? "/", "http://x");
            this.requests.push({ method: req.method ?? "", path: url.pathname, query: url.searchParams });
            const send = (status: number, body: unknown): void => {
                res.writeHead(status, { "content-type": "application/json" });
                res.end(JSON.stringify(body));
            };
            if (this.forbidden.has(url.pathname)) {
                send(403, { kind: "Status", message: `forbidden: ${url.pathname}`, reason: "Forbidden", code: 403 });
                return;
            }
            const all = this.objects.get(url.pathname);
            if (!all) {
                send(404, { kind: "Status", message: "the server could not find the requested resource", code: 404 });
                return;
            }
            const selector = url.searchParams.get("labelSelector");
            const matching = selector
                ? all.filter((o) =>
                      selector.split(",").every((term) => {
                          const [k, v] = term.split("=");
                          return (o.metadata as { labels?: Record<string, string> }).labels?.[k] === v;
                      }),
                  )
                : all;
            const limit = Number(url.searchParams.get("limit") ?? matching.length);
            const start = Number(url.searchParams.get("continue") ?? 0);
            const items = matching.slice(start, start + limit);
            const next = start + limit < matching.length ? String(start + limit) : undefined;
            send(200, { kind: "List", apiVersion: "v1", metadata: next ? { continue: next } : {}, items });
        });
        await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
        this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    }

    /** A kubeconfig file with one context `fake` (token auth) pointing at this server. */
    kubeconfig(): string {
        const dir = scratchDir("audit-fake-kubeconfig-");
        const file = path.join(dir, "config");
        fs.writeFileSync(
            file,
            JSON.stringify({
                apiVersion: "v1",
                kind: "Config",
                "current-context": "fake",
                clusters: [{ name: "fake", cluster: { server: this.url } }],
                users: [{ name: "auditor", user: { token: "fake-token" } }],
                contexts: [{ name: "fake", context: { cluster: "fake", user: "auditor" } }],
            }),
        );
        return file;
    }

    /** Stops the server. */
    async stop(): Promise<void> {
        await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    }
}

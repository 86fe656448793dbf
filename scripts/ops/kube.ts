// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// A minimal JSON client for the ops scripts: one kube context of the user's kubeconfig (never the
// current one implicitly), TLS and credentials as @kubernetes/client-node resolves them, raw JSON in and out.
import * as https from "https";
import * as k8s from "@kubernetes/client-node";

/** An API answer: HTTP status and the parsed body (or the raw text when it is not JSON). */
export interface KubeResponse {
    status: number;
    body: Record<string, unknown>;
    text: string;
}

/** A client bound to one named context. */
export class Kube {
    private constructor(
        private readonly kc: k8s.KubeConfig,
        readonly context: string,
        readonly server: string,
    ) {}

    /** Loads the kubeconfig ($KUBECONFIG or ~/.kube/config) and binds `context`; throws naming the contexts there are. */
    static forContext(context: string): Kube {
        const kc = new k8s.KubeConfig();
        kc.loadFromDefault();
        const names = kc.getContexts().map((c) => c.name);
        if (!names.includes(context)) {
            throw new Error(
                `kube context "${context}" is not in the kubeconfig (it has: ${names.join(", ") || "none"})`,
            );
        }
        kc.setCurrentContext(context);
        const cluster = kc.getCurrentCluster();
        if (!cluster) {
            throw new Error(`kube context "${context}" names no cluster`);
        }
        return new Kube(kc, context, cluster.server);
    }

    /** One request; never throws on an HTTP error status (the caller reads `status`). */
    async request(
        method: string,
        path: string,
        body?: unknown,
        contentType = "application/json",
    ): Promise<KubeResponse> {
        const url = new URL(path, this.server);
        const opts: https.RequestOptions = {
            method,
            hostname: url.hostname,
            port: url.port,
            path: `${url.pathname}${url.search}`,
            headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": contentType }) },
            timeout: 30_000,
        };
        await this.kc.applyToHTTPSOptions(opts);
        return new Promise((resolve, reject) => {
            const req = https.request(opts, (res) => {
                let text = "";
                res.on("data", (c) => (text += c));
                res.on("end", () => {
                    let parsed: Record<string, unknown> = {};
                    try {
                        parsed = JSON.parse(text) as Record<string, unknown>;
                    } catch {
                        // not JSON (a proxied service's plain answer): the caller reads `text`
                    }
                    resolve({ status: res.statusCode ?? 0, body: parsed, text });
                });
            });
            req.on("timeout", () => req.destroy(new Error(`${method} ${path}: no answer in 30 s`)));
            req.on("error", (e) => reject(new Error(`${method} ${path} on context ${this.context}: ${e.message}`)));
            if (body !== undefined) {
                req.write(typeof body === "string" ? body : JSON.stringify(body));
            }
            req.end();
        });
    }

    /** GET that must succeed; throws with the server's message otherwise. */
    async get(path: string): Promise<Record<string, unknown>> {
        const r = await this.request("GET", path);
        if (r.status !== 200) {
            throw new Error(`GET ${path}: HTTP ${r.status}: ${String(r.body.message ?? r.text)}`);
        }
        return r.body;
    }
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// A kubeconfig read for one context: the server, its CA and the user's credentials (token, token
// file, client certificate, basic auth, or an exec credential plugin), nothing else of the file.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";

/** Raised for a kubeconfig that cannot be used; names the file, the key path and what is wrong. */
export class KubeconfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "KubeconfigError";
    }
}

/** How to reach and authenticate to one API server. */
export interface Connection {
    /** The kubeconfig file(s) it came from (for messages). */
    source: string;
    context: string;
    /** `https://host:port` (or `http://` for a test server), without a trailing slash. */
    server: string;
    ca?: Buffer;
    cert?: Buffer;
    key?: Buffer;
    token?: string;
    basic?: { username: string; password: string };
    insecureSkipTlsVerify: boolean;
    tlsServerName?: string;
    /** Who the credentials say the user is (for messages; the server decides). */
    user: string;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Rec) : {});

/** The kubeconfig files in effect: `--kubeconfig`, else $KUBECONFIG (path list, first found wins per key), else ~/.kube/config. */
export function kubeconfigFiles(explicit?: string, env: NodeJS.ProcessEnv = process.env): string[] {
    if (explicit) {
        return [explicit];
    }
    if (env.KUBECONFIG) {
        return env.KUBECONFIG.split(path.delimiter).filter((f) => f !== "");
    }
    return [path.join(os.homedir(), ".kube", "config")];
}

function named(list: unknown, name: string): Rec | undefined {
    return (Array.isArray(list) ? list : []).map(rec).find((e) => e.name === name);
}

/**
 * The connection of a context from kubeconfig files (merged as kubectl merges them: the first file
 * that defines a name wins). `context` undefined means the files' `current-context`.
 */
export function loadConnection(
    files: readonly string[],
    context?: string,
    env: NodeJS.ProcessEnv = process.env,
): Connection {
    const docs: { file: string; doc: Rec }[] = [];
    for (const file of files) {
        let text: string;
        try {
            text = fs.readFileSync(file, "utf8");
        } catch (err) {
            if (files.length > 1 && (err as NodeJS.ErrnoException).code === "ENOENT") {
                continue;
            }
            throw new KubeconfigError(`${file}: cannot read the kubeconfig (${(err as Error).message})`);
        }
        try {
            docs.push({ file, doc: rec(parse(text, { maxAliasCount: 100 })) });
        } catch (err) {
            throw new KubeconfigError(`${file}: not valid YAML: ${(err as Error).message.split("\n")[0]}`);
        }
    }
    if (docs.length === 0) {
        throw new KubeconfigError(`no kubeconfig found (looked at ${files.join(", ")})`);
    }
    const source = docs.map((d) => d.file).join(path.delimiter);
    const ctxName = context ?? docs.map((d) => d.doc["current-context"]).find((c) => typeof c === "string" && c !== "");
    if (typeof ctxName !== "string") {
        throw new KubeconfigError(`${source}: no --context given and no current-context set`);
    }
    const find = (section: string, name: string): { file: string; entry: Rec } | undefined => {
        for (const d of docs) {
            const e = named(d.doc[section], name);
            if (e) {
                return { file: d.file, entry: e };
            }
        }
        return undefined;
    };
    const ctx = find("contexts", ctxName);
    if (!ctx) {
        const known = docs.flatMap((d) =>
            (Array.isArray(d.doc.contexts) ? d.doc.contexts : []).map((c) => String(rec(c).name)),
        );
        throw new KubeconfigError(
            `${source}: no context ${JSON.stringify(ctxName)} (contexts: ${known.join(", ") || "none"})`,
        );
    }
    const c = rec(ctx.entry.context);
    const clusterName = String(c.cluster ?? "");
    const userName = String(c.user ?? "");
    const cluster = find("clusters", clusterName);
    if (!cluster) {
        throw new KubeconfigError(
            `${ctx.file}: contexts[${ctxName}].context.cluster: no cluster named ${JSON.stringify(clusterName)}`,
        );
    }
    const cl = rec(cluster.entry.cluster);
    const at = (key: string): string => `${cluster.file}: clusters[${clusterName}].cluster.${key}`;
    if (typeof cl.server !== "string" || !/^https?:\/\//.test(cl.server)) {
        throw new KubeconfigError(
            `${at("server")}: must be an https:// (or http://) URL, got ${JSON.stringify(cl.server)}`,
        );
    }
    const dir = (file: string): string => path.dirname(path.resolve(file));
    const bytes = (entry: Rec, file: string, key: string, where: (k: string) => string): Buffer | undefined => {
        const data = entry[`${key}-data`];
        if (typeof data === "string" && data !== "") {
            return Buffer.from(data, "base64");
        }
        const p = entry[key];
        if (typeof p === "string" && p !== "") {
            try {
                return fs.readFileSync(path.resolve(dir(file), p));
            } catch (err) {
                throw new KubeconfigError(`${where(key)}: cannot read ${p} (${(err as Error).message})`);
            }
        }
        return undefined;
    };
    const conn: Connection = {
        source,
        context: ctxName,
        server: cl.server.replace(/\/+$/, ""),
        ca: bytes(cl, cluster.file, "certificate-authority", at),
        insecureSkipTlsVerify: cl["insecure-skip-tls-verify"] === true,
        ...(typeof cl["tls-server-name"] === "string" ? { tlsServerName: cl["tls-server-name"] } : {}),
        user: userName,
    };
    const user = userName === "" ? undefined : find("users", userName);
    if (!user) {
        return conn;
    }
    const u = rec(user.entry.user);
    const uat = (key: string): string => `${user.file}: users[${userName}].user.${key}`;
    conn.cert = bytes(u, user.file, "client-certificate", uat);
    conn.key = bytes(u, user.file, "client-key", uat);
    if (typeof u.token === "string" && u.token !== "") {
        conn.token = u.token;
    } else if (typeof u.tokenFile === "string" && u.tokenFile !== "") {
        try {
            conn.token = fs.readFileSync(path.resolve(dir(user.file), u.tokenFile), "utf8").trim();
        } catch (err) {
            throw new KubeconfigError(`${uat("tokenFile")}: cannot read ${u.tokenFile} (${(err as Error).message})`);
        }
    } else if (typeof u.username === "string" && typeof u.password === "string") {
        conn.basic = { username: u.username, password: u.password };
    }
    if (u.exec !== undefined) {
        Object.assign(conn, execCredential(rec(u.exec), uat("exec"), dir(user.file), env));
    }
    if (u["auth-provider"] !== undefined) {
        throw new KubeconfigError(
            `${uat("auth-provider")}: auth-provider plugins are not supported; use an exec credential plugin or a token`,
        );
    }
    return conn;
}

/** Runs an exec credential plugin (client.authentication.k8s.io) and takes its token or client certificate. */
function execCredential(exec: Rec, where: string, cwd: string, env: NodeJS.ProcessEnv): Partial<Connection> {
    if (typeof exec.command !== "string" || exec.command === "") {
        throw new KubeconfigError(`${where}.command: must name the credential plugin`);
    }
    const apiVersion = String(exec.apiVersion ?? "client.authentication.k8s.io/v1");
    const extra = Object.fromEntries(
        (Array.isArray(exec.env) ? exec.env : []).map(rec).map((e) => [String(e.name), String(e.value)]),
    );
    const r = spawnSync(exec.command, (Array.isArray(exec.args) ? exec.args : []).map(String), {
        cwd,
        encoding: "utf8",
        timeout: 60_000,
        env: {
            ...env,
            ...extra,
            KUBERNETES_EXEC_INFO: JSON.stringify({ apiVersion, kind: "ExecCredential", spec: { interactive: false } }),
        },
        stdio: ["ignore", "pipe", "pipe"],
    });
    if (r.error || r.status !== 0) {
        throw new KubeconfigError(
            `${where}: the credential plugin ${exec.command} failed (${r.error?.message ?? `exit ${r.status}`}): ${(r.stderr ?? "").trim().split("\n")[0]}`,
        );
    }
    let status: Rec;
    try {
        status = rec(rec(JSON.parse(r.stdout)).status);
    } catch {
        throw new KubeconfigError(`${where}: the credential plugin ${exec.command} printed no ExecCredential JSON`);
    }
    const out: Partial<Connection> = {};
    if (typeof status.token === "string") {
        out.token = status.token;
    }
    if (typeof status.clientCertificateData === "string" && typeof status.clientKeyData === "string") {
        out.cert = Buffer.from(status.clientCertificateData);
        out.key = Buffer.from(status.clientKeyData);
    }
    if (!out.token && !out.cert) {
        throw new KubeconfigError(
            `${where}: the credential plugin ${exec.command} returned neither a token nor a client certificate`,
        );
    }
    return out;
}

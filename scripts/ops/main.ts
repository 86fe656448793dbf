// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The runbooks' procedures and runtime tests as commands (docs/runbooks/). Every command takes the kube
// context by name (--context, risk CIL-TECH-002), is read-only unless given --execute, prints one line per
// check, and exits 1 when a check fails, 2 on a usage error.
import * as fs from "fs";
import { Kube } from "./kube";
import {
    diffUids,
    drainImpact,
    netcheckOutcome,
    netTestPod,
    PodState,
    procedurePermissions,
    rolloutDone,
    UidMap,
} from "./checks";
import { LabelSelector, selectorMatches } from "../../policies/lib/labelSelectors";

const USAGE = `usage: npm run -s ops -- <command> --context <kube-context> [options]
  uids-baseline  --file F [--namespace kube-system] [--selector 'k8s-app in (cilium,cilium-operator)']
  uids-verify    --file F [--namespace ...] [--selector ...]      same pods, same UIDs (no recreation)
  rollout        --namespace N --daemonset D | --deployment D [--wait-seconds 0] [--all-nodes]
  netcheck       --namespace N --to host:port --expect allow|deny [--image busybox:1.36] [--timeout-seconds 90] [--execute]
  drain-check    --namespace N                                   PDB arithmetic per node (read-only)
  rbac           --procedure P [--floe-namespace floe-platform] [--cache-namespace dragonfly-system] [--monitoring-namespace observability]
  restart        --namespace N --deployment D [--execute] [--wait-seconds 300]
  postgres       --namespace N [--cluster floe-postgres] [--max-backup-age-hours 26] [--backup --execute]
  metrics        --namespace N --service S:port --query Q [--alert A]  (Prometheus through the API server proxy)`;

/** A usage error: exit 2 with the message and the usage text. */
class UsageError extends Error {}

/** Parses `--key value` and `--flag` arguments; rejects unknown options. Pure. */
export function parseArgs(
    argv: readonly string[],
    allowed: readonly string[],
    flags: readonly string[] = [],
): Record<string, string> {
    const out: Record<string, string> = {};
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const key = a.replace(/^--/, "");
        if (!a.startsWith("--") || (!allowed.includes(key) && !flags.includes(key))) {
            throw new UsageError(`unknown option ${a}`);
        }
        if (flags.includes(key)) {
            out[key] = "true";
        } else {
            const v = argv[++i];
            if (v === undefined || v.startsWith("--")) {
                throw new UsageError(`${a} needs a value`);
            }
            out[key] = v;
        }
    }
    return out;
}

function required(args: Record<string, string>, ...keys: string[]): void {
    for (const k of keys) {
        if (!args[k]) {
            throw new UsageError(
                `--${k} is required${k === "context" ? " (risk CIL-TECH-002: name the cluster)" : ""}`,
            );
        }
    }
}

/** Collects check results and prints them as they come. */
class Report {
    private failed = 0;
    private total = 0;
    constructor(private readonly command: string) {}
    line(text: string): void {
        console.log(`ops ${this.command}: ${text}`);
    }
    check(ok: boolean, text: string): boolean {
        this.total++;
        if (!ok) {
            this.failed++;
        }
        this.line(`${ok ? "OK  " : "FAIL"} ${text}`);
        return ok;
    }
    finish(): number {
        this.line(`${this.total} check(s), ${this.failed} failed`);
        return this.failed > 0 ? 1 : 0;
    }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const q = (s: string) => encodeURIComponent(s);

interface PodItem {
    metadata: { name: string; uid: string; labels?: Record<string, string> };
    spec: { nodeName?: string };
    status?: { conditions?: { type: string; status: string }[]; phase?: string };
}

async function listPods(kube: Kube, namespace: string, selector?: string): Promise<PodItem[]> {
    const sel = selector ? `?labelSelector=${q(selector)}` : "";
    return ((await kube.get(`/api/v1/namespaces/${namespace}/pods${sel}`)).items ?? []) as PodItem[];
}

const CILIUM_SELECTOR = "k8s-app in (cilium,cilium-operator)";

async function uids(kube: Kube, a: Record<string, string>, r: Report, mode: "baseline" | "verify"): Promise<void> {
    required(a, "file");
    const ns = a.namespace ?? "kube-system";
    const selector = a.selector ?? CILIUM_SELECTOR;
    const pods = await listPods(kube, ns, selector);
    const now: UidMap = Object.fromEntries(pods.map((p) => [p.metadata.name, p.metadata.uid]));
    r.line(`${pods.length} pod(s) in ${ns} matching "${selector}" on context ${kube.context}`);
    if (mode === "baseline") {
        fs.writeFileSync(
            a.file,
            `${JSON.stringify({ context: kube.context, namespace: ns, selector, pods: now }, null, 2)}\n`,
        );
        r.check(pods.length > 0, `baseline of ${pods.length} pod UID(s) written to ${a.file}`);
        return;
    }
    let base: { context: string; pods: UidMap };
    try {
        base = JSON.parse(fs.readFileSync(a.file, "utf8")) as typeof base;
    } catch (e) {
        throw new UsageError(`--file ${a.file}: not a baseline written by uids-baseline (${(e as Error).message})`);
    }
    r.check(base.context === kube.context, `baseline was taken on context ${base.context}`);
    const d = diffUids(base.pods ?? {}, now);
    r.check(
        d.recreated.length === 0,
        `no pod recreated${d.recreated.length ? `: ${d.recreated.join(", ")} have new UIDs` : ""}`,
    );
    r.check(d.missing.length === 0, `no pod gone${d.missing.length ? `: ${d.missing.join(", ")}` : ""}`);
    r.check(d.added.length === 0, `no new pod${d.added.length ? `: ${d.added.join(", ")} (a replacement)` : ""}`);
}

async function rollout(kube: Kube, a: Record<string, string>, r: Report): Promise<void> {
    required(a, "namespace");
    const kind = a.daemonset ? "DaemonSet" : a.deployment ? "Deployment" : undefined;
    if (!kind) {
        throw new UsageError("give --daemonset or --deployment");
    }
    const name = a.daemonset ?? a.deployment;
    const path = `/apis/apps/v1/namespaces/${a.namespace}/${kind === "DaemonSet" ? "daemonsets" : "deployments"}/${name}`;
    const deadline = Date.now() + Number(a["wait-seconds"] ?? 0) * 1000;
    for (;;) {
        const o = await kube.get(path);
        const res = rolloutDone(kind, o);
        if (res.done || Date.now() >= deadline) {
            r.check(res.done, `${kind} ${a.namespace}/${name} rolled out (${res.why})`);
            if (a["all-nodes"] === "true") {
                const nodes = (((await kube.get("/api/v1/nodes")).items ?? []) as unknown[]).length;
                const ready = Number((o.status as { numberReady?: number } | undefined)?.numberReady ?? 0);
                r.check(nodes > 0 && ready === nodes, `${ready} ready pod(s) of ${kind} ${name} for ${nodes} node(s)`);
            }
            return;
        }
        await sleep(2000);
    }
}

async function netcheck(kube: Kube, a: Record<string, string>, r: Report): Promise<void> {
    required(a, "namespace", "to", "expect");
    if (a.expect !== "allow" && a.expect !== "deny") {
        throw new UsageError(`--expect must be allow or deny, not ${a.expect}`);
    }
    const name = `netcheck-${Date.now().toString(36)}`;
    const pod = netTestPod(a.namespace, a.to, a.image ?? "busybox:1.36", name);
    const base = `/api/v1/namespaces/${a.namespace}/pods`;
    const dry = await kube.request("POST", `${base}?dryRun=All`, pod);
    if (
        !r.check(
            dry.status === 201,
            `test pod admitted in ${a.namespace} (server dry-run: ${dry.status === 201 ? "admitted" : String(dry.body.message ?? dry.text)})`,
        )
    ) {
        return;
    }
    if (a.execute !== "true") {
        r.line(
            `read-only: would resolve the name and run "nc -z -w 5 ${a.to.replace(":", " ")}" from ${a.namespace} and expect ${a.expect}; add --execute to run it`,
        );
        return;
    }
    const created = await kube.request("POST", base, pod);
    if (!r.check(created.status === 201, `test pod ${a.namespace}/${name} created`)) {
        return;
    }
    try {
        let status: Parameters<typeof netcheckOutcome>[0] = { phase: "Pending" };
        const waitSeconds = Number(a["timeout-seconds"] ?? 90);
        const deadline = Date.now() + waitSeconds * 1000;
        while ((status.phase === "Pending" || status.phase === "Running") && Date.now() < deadline) {
            await sleep(2000);
            status = ((await kube.get(`${base}/${name}`)).status ?? {}) as typeof status;
            status.phase ??= "Pending";
        }
        if (status.phase !== "Succeeded" && status.phase !== "Failed") {
            r.check(false, `test pod finished within ${waitSeconds} s (still ${status.phase}: no node ran it)`);
            return;
        }
        const outcome = netcheckOutcome(status);
        r.check(
            outcome !== "name did not resolve" && (outcome === "connected") === (a.expect === "allow"),
            `${a.namespace} -> ${a.to}: ${outcome} (expected ${a.expect})`,
        );
    } finally {
        await kube.request("DELETE", `${base}/${name}`);
        r.line(`test pod ${a.namespace}/${name} deleted`);
    }
}

interface PdbItem {
    metadata: { name: string };
    spec: {
        selector?: LabelSelector | null;
        minAvailable?: number | string;
        maxUnavailable?: number | string;
    };
}

async function drainCheck(kube: Kube, a: Record<string, string>, r: Report): Promise<void> {
    required(a, "namespace");
    const pdbs = ((await kube.get(`/apis/policy/v1/namespaces/${a.namespace}/poddisruptionbudgets`)).items ??
        []) as PdbItem[];
    r.check(pdbs.length > 0, `${pdbs.length} PodDisruptionBudget(s) in ${a.namespace}`);
    // Matched here as the disruption controller matches them (matchLabels and matchExpressions), not by a label query.
    const all = await listPods(kube, a.namespace);
    for (const pdb of pdbs) {
        const selector = JSON.stringify(pdb.spec.selector ?? null);
        const pods: PodState[] = all
            .filter((p) => selectorMatches(pdb.spec.selector, p.metadata.labels ?? {}))
            .map((p) => ({
                name: p.metadata.name,
                node: p.spec.nodeName ?? "(unscheduled)",
                ready: p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false,
            }));
        const budget = { minAvailable: pdb.spec.minAvailable, maxUnavailable: pdb.spec.maxUnavailable };
        r.line(
            `PDB ${pdb.metadata.name}: ${pods.length} pod(s) selected by ${selector}, ${pods.filter((p) => p.ready).length} ready, budget ${JSON.stringify(budget)}`,
        );
        if (!r.check(pods.length > 0, `PDB ${pdb.metadata.name} selects pods`)) {
            continue;
        }
        for (const row of drainImpact(budget, pods)) {
            r.check(
                row.ok,
                `draining node ${row.node} evicts ${row.podsOnNode} ready pod(s) of PDB ${pdb.metadata.name}: ${row.healthyAfter} healthy left, ${row.required} required`,
            );
        }
    }
}

async function rbac(kube: Kube, a: Record<string, string>, r: Report): Promise<void> {
    required(a, "procedure");
    const perms = procedurePermissions({
        floe: a["floe-namespace"] ?? "floe-platform",
        cache: a["cache-namespace"] ?? "dragonfly-system",
        monitoring: a["monitoring-namespace"] ?? "observability",
    });
    const list = perms[a.procedure];
    if (!list) {
        throw new UsageError(`unknown --procedure ${a.procedure} (one of ${Object.keys(perms).join(", ")})`);
    }
    for (const p of list) {
        const res = await kube.request("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", {
            apiVersion: "authorization.k8s.io/v1",
            kind: "SelfSubjectAccessReview",
            spec: { resourceAttributes: p },
        });
        const allowed = (res.body.status as { allowed?: boolean } | undefined)?.allowed === true;
        const what = `${p.verb} ${p.group ? `${p.resource}.${p.group}` : p.resource}${p.subresource ? `/${p.subresource}` : ""} ${p.namespace ? `in ${p.namespace}` : "cluster-wide"}`;
        r.check(allowed, `${a.procedure}: may ${what}`);
    }
}

async function restart(kube: Kube, a: Record<string, string>, r: Report): Promise<void> {
    required(a, "namespace", "deployment");
    const path = `/apis/apps/v1/namespaces/${a.namespace}/deployments/${a.deployment}`;
    const before = rolloutDone("Deployment", await kube.get(path));
    r.line(`Deployment ${a.namespace}/${a.deployment} now: ${before.why}`);
    if (a.execute !== "true") {
        r.check(
            true,
            `read-only: would set spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"] (kubectl rollout restart); add --execute`,
        );
        return;
    }
    const at = new Date().toISOString();
    const patch = { spec: { template: { metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": at } } } } };
    const res = await kube.request("PATCH", path, patch, "application/strategic-merge-patch+json");
    if (
        !r.check(
            res.status === 200,
            `restart requested at ${at}${res.status === 200 ? "" : `: HTTP ${res.status} ${String(res.body.message ?? "")}`}`,
        )
    ) {
        return;
    }
    await rollout(
        kube,
        { namespace: a.namespace, deployment: a.deployment, "wait-seconds": a["wait-seconds"] ?? "300" },
        r,
    );
}

async function postgres(kube: Kube, a: Record<string, string>, r: Report): Promise<void> {
    required(a, "namespace");
    const name = a.cluster ?? "floe-postgres";
    const c = await kube.get(`/apis/postgresql.cnpg.io/v1/namespaces/${a.namespace}/clusters/${name}`);
    const spec = (c.spec ?? {}) as { instances?: number };
    const status = (c.status ?? {}) as {
        readyInstances?: number;
        currentPrimary?: string;
        targetPrimary?: string;
        lastSuccessfulBackup?: string;
    };
    r.check(
        (status.readyInstances ?? 0) >= (spec.instances ?? 1),
        `${status.readyInstances ?? 0}/${spec.instances ?? 1} instances ready`,
    );
    r.check(
        !!status.currentPrimary && status.currentPrimary === status.targetPrimary,
        `primary ${status.currentPrimary ?? "(none)"}, target ${status.targetPrimary ?? "(none)"}: no failover in progress`,
    );
    const rw = await kube.request("GET", `/api/v1/namespaces/${a.namespace}/services/${name}-rw`);
    r.check(
        rw.status === 200,
        `Service ${a.namespace}/${name}-rw exists: clients connect through it, so a failover needs no connection-string change`,
    );
    const maxAge = Number(a["max-backup-age-hours"] ?? 26);
    const last = status.lastSuccessfulBackup ? Date.parse(status.lastSuccessfulBackup) : NaN;
    const age = (Date.now() - last) / 3_600_000;
    r.check(
        Number.isFinite(age) && age <= maxAge,
        `last successful backup ${status.lastSuccessfulBackup ?? "never"}${Number.isFinite(age) ? ` (${age.toFixed(1)} h ago)` : ""}, at most ${maxAge} h`,
    );
    if (a.backup === "true") {
        if (a.execute !== "true") {
            r.line(`read-only: would create Backup ${name}-ops-<time> of cluster ${name}; add --execute`);
            return;
        }
        const body = {
            apiVersion: "postgresql.cnpg.io/v1",
            kind: "Backup",
            metadata: { name: `${name}-ops-${Date.now().toString(36)}`, namespace: a.namespace },
            spec: { cluster: { name } },
        };
        const res = await kube.request("POST", `/apis/postgresql.cnpg.io/v1/namespaces/${a.namespace}/backups`, body);
        r.check(
            res.status === 201,
            `on-demand Backup ${body.metadata.name} created${res.status === 201 ? "" : `: HTTP ${res.status} ${String(res.body.message ?? res.text)}`}`,
        );
    }
}

async function metrics(kube: Kube, a: Record<string, string>, r: Report): Promise<void> {
    required(a, "namespace", "service", "query");
    const proxy = `/api/v1/namespaces/${a.namespace}/services/${a.service}/proxy`;
    const res = await kube.request("GET", `${proxy}/api/v1/query?query=${q(a.query)}`);
    const data = (res.body.data ?? {}) as { result?: unknown[] };
    if (
        !r.check(
            res.status === 200,
            `Prometheus answers at ${a.namespace}/${a.service}${res.status === 200 ? "" : ` (HTTP ${res.status}: ${String(res.body.message ?? res.text).slice(0, 200)})`}`,
        )
    ) {
        return;
    }
    r.check(
        (data.result ?? []).length > 0,
        `query ${a.query} returns ${(data.result ?? []).length} series (must be non-empty)`,
    );
    if (a.alert) {
        const rules = await kube.request("GET", `${proxy}/api/v1/rules?type=alert`);
        const groups =
            (rules.body.data as { groups?: { rules: { name: string; health: string }[] }[] } | undefined)?.groups ?? [];
        const rule = groups.flatMap((g) => g.rules).find((x) => x.name === a.alert);
        r.check(
            rule !== undefined && rule.health === "ok",
            `alert ${a.alert} is loaded and evaluates (health ${rule?.health ?? "absent"})`,
        );
    }
}

const COMMANDS: Record<
    string,
    {
        needs: string[];
        options: string[];
        flags?: string[];
        run: (k: Kube, a: Record<string, string>, r: Report) => Promise<void>;
    }
> = {
    "uids-baseline": {
        needs: ["file"],
        options: ["file", "namespace", "selector"],
        run: (k, a, r) => uids(k, a, r, "baseline"),
    },
    "uids-verify": {
        needs: ["file"],
        options: ["file", "namespace", "selector"],
        run: (k, a, r) => uids(k, a, r, "verify"),
    },
    rollout: {
        needs: ["namespace"],
        options: ["namespace", "daemonset", "deployment", "wait-seconds"],
        flags: ["all-nodes"],
        run: rollout,
    },
    netcheck: {
        needs: ["namespace", "to", "expect"],
        options: ["namespace", "to", "expect", "image", "timeout-seconds"],
        flags: ["execute"],
        run: netcheck,
    },
    "drain-check": { needs: ["namespace"], options: ["namespace"], run: drainCheck },
    rbac: {
        needs: ["procedure"],
        options: ["procedure", "floe-namespace", "cache-namespace", "monitoring-namespace"],
        run: rbac,
    },
    restart: {
        needs: ["namespace", "deployment"],
        options: ["namespace", "deployment", "wait-seconds"],
        flags: ["execute"],
        run: restart,
    },
    postgres: {
        needs: ["namespace"],
        options: ["namespace", "cluster", "max-backup-age-hours"],
        flags: ["backup", "execute"],
        run: postgres,
    },
    metrics: {
        needs: ["namespace", "service", "query"],
        options: ["namespace", "service", "query", "alert"],
        run: metrics,
    },
};

/** Runs one command line; resolves the exit code (0 all checks passed, 1 a check failed, 2 usage). */
export async function main(argv: readonly string[]): Promise<number> {
    const [command, ...rest] = argv;
    if (command === "--help" || command === "-h" || command === "help") {
        console.log(USAGE);
        return 0;
    }
    const spec = command ? COMMANDS[command] : undefined;
    try {
        if (!spec) {
            throw new UsageError(command ? `unknown command ${command}` : "no command");
        }
        const a = parseArgs(rest, ["context", ...spec.options], spec.flags);
        required(a, "context", ...spec.needs);
        const kube = Kube.forContext(a.context);
        const r = new Report(command);
        r.line(
            `context ${kube.context} (${kube.server})${a.execute === "true" ? ", --execute: changes the cluster" : ", read-only"}`,
        );
        await spec.run(kube, a, r);
        return r.finish();
    } catch (e) {
        if (e instanceof UsageError) {
            console.error(`ops: ${e.message}\n${USAGE}`);
            return 2;
        }
        console.error(`ops ${command}: ${(e as Error).message}`);
        return 1;
    }
}

if (require.main === module) {
    void main(process.argv.slice(2)).then((code) => process.exit(code));
}

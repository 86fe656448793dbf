// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The ops scripts (scripts/ops) and the deploy verification (.github/workflows/verify-cluster.sh) on a
// real kube-apiserver: what an API server without kubelets can prove. Pod UIDs before and after (a
// recreated pod is caught, an untouched one passes), PDB drain arithmetic over real pods and nodes,
// RBAC through SelfSubjectAccessReview with a real ServiceAccount token, the network-test pod admitted
// by Pod Security `restricted` and deleted after it never ran, the restart patch, the CNPG status checks.
// Nothing here runs a container: connectivity, Prometheus answers and a rollout of real pods need a cluster with nodes.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ControlPlane } from "../../scripts/cluster/controlplane";
import { Kube } from "../../scripts/ops/kube";
import { installCrds, PROJECT_DIR, writeSummary } from "./support";
import { Applier } from "../../scripts/cluster/apply";
import { scratchDir } from "../support/scratch";

const CONTEXT = "infra";
const MAIN = path.join(PROJECT_DIR, "scripts", "ops", "main.ts");
const VERIFY = path.join(PROJECT_DIR, ".github", "workflows", "verify-cluster.sh");

describe("cluster: ops scripts and verify-cluster.sh on kube-apiserver", function () {
    this.timeout(600_000);
    let cp: ControlPlane;
    let kube: Kube;
    let dir: string;
    const saved = process.env.KUBECONFIG;
    const summary: Record<string, unknown> = {};

    const ops = (kubeconfig: string, ...argv: string[]) => {
        const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", MAIN, ...argv], {
            cwd: PROJECT_DIR,
            encoding: "utf8",
            env: { ...process.env, KUBECONFIG: kubeconfig },
        });
        return { code: r.status, out: r.stdout, err: r.stderr };
    };
    const admin = (...argv: string[]) => ops(cp.files.kubeconfig, ...argv);
    const ok = async (method: string, p: string, body?: unknown, type?: string) => {
        const r = await kube.request(method, p, body, type);
        assert.ok(r.status >= 200 && r.status < 300, `${method} ${p}: HTTP ${r.status} ${r.text}`);
        return r.body;
    };
    const pod = (ns: string, name: string, labels: Record<string, string>, node?: string) => ({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name, namespace: ns, labels },
        spec: { ...(node ? { nodeName: node } : {}), containers: [{ name: "c", image: "registry.k8s.io/pause:3.10" }] },
    });
    const markReady = (ns: string, name: string) =>
        ok(
            "PATCH",
            `/api/v1/namespaces/${ns}/pods/${name}/status`,
            { status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] } },
            "application/merge-patch+json",
        );

    before(async () => {
        // No controller manager: no controller rewrites the statuses this test sets, and no pod is ever run.
        cp = await ControlPlane.start({ projectDir: PROJECT_DIR, context: CONTEXT, controllerManager: false });
        process.env.KUBECONFIG = cp.files.kubeconfig;
        kube = Kube.forContext(CONTEXT);
        dir = scratchDir("ops-cluster-");
        await installCrds(new Applier(cp.files.kubeconfig));
        for (const ns of ["dragonfly-system", "floe-platform"]) {
            await ok("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
        }
        await ok("POST", "/api/v1/namespaces", {
            apiVersion: "v1",
            kind: "Namespace",
            metadata: { name: "gitlab-system", labels: { "pod-security.kubernetes.io/enforce": "restricted" } },
        });
        // Without the controller manager no controller creates each namespace's `default` ServiceAccount, and the
        // ServiceAccount admission plugin refuses every pod that would run as it: create them as that controller would.
        for (const ns of ["kube-system", "dragonfly-system", "floe-platform", "gitlab-system"]) {
            await ok("POST", `/api/v1/namespaces/${ns}/serviceaccounts`, {
                apiVersion: "v1",
                kind: "ServiceAccount",
                metadata: { name: "default", namespace: ns },
            });
        }
        for (const n of ["n1", "n2", "n3"]) {
            await ok("POST", "/api/v1/nodes", { apiVersion: "v1", kind: "Node", metadata: { name: n } });
        }
    });

    after(() => {
        if (saved === undefined) {
            delete process.env.KUBECONFIG;
        } else {
            process.env.KUBECONFIG = saved;
        }
        cp?.stop();
        writeSummary("ops", summary);
    });

    it("drain-check: a PDB minAvailable 2 over 3 spread pods survives any one node's drain; co-located pods do not", async () => {
        for (const [i, n] of ["n1", "n2", "n3"].entries()) {
            await ok(
                "POST",
                "/api/v1/namespaces/dragonfly-system/pods",
                pod("dragonfly-system", `dragonfly-${i}`, { app: "dragonfly" }, n),
            );
            await markReady("dragonfly-system", `dragonfly-${i}`);
        }
        await ok("POST", "/apis/policy/v1/namespaces/dragonfly-system/poddisruptionbudgets", {
            apiVersion: "policy/v1",
            kind: "PodDisruptionBudget",
            metadata: { name: "dragonfly", namespace: "dragonfly-system" },
            spec: { minAvailable: 2, selector: { matchLabels: { app: "dragonfly" } } },
        });
        const spread = admin("drain-check", "--context", CONTEXT, "--namespace", "dragonfly-system");
        assert.strictEqual(spread.code, 0, spread.out + spread.err);
        assert.match(
            spread.out,
            /OK   draining node n1 evicts 1 ready pod\(s\) of PDB dragonfly: 2 healthy left, 2 required/,
        );
        await ok("DELETE", "/api/v1/namespaces/dragonfly-system/pods/dragonfly-2?gracePeriodSeconds=0");
        await ok(
            "POST",
            "/api/v1/namespaces/dragonfly-system/pods",
            pod("dragonfly-system", "dragonfly-2", { app: "dragonfly" }, "n1"),
        );
        await markReady("dragonfly-system", "dragonfly-2");
        const together = admin("drain-check", "--context", CONTEXT, "--namespace", "dragonfly-system");
        assert.strictEqual(together.code, 1);
        assert.match(
            together.out,
            /FAIL draining node n1 evicts 2 ready pod\(s\) of PDB dragonfly: 1 healthy left, 2 required/,
        );
        assert.match(together.out, /^ops drain-check: 4 check\(s\), 1 failed$/m);
        // A budget selecting by matchExpressions covers the same pods (the disruption controller's matching).
        await ok("POST", "/apis/policy/v1/namespaces/dragonfly-system/poddisruptionbudgets", {
            apiVersion: "policy/v1",
            kind: "PodDisruptionBudget",
            metadata: { name: "dragonfly-expr", namespace: "dragonfly-system" },
            spec: {
                maxUnavailable: 1,
                selector: { matchExpressions: [{ key: "app", operator: "In", values: ["dragonfly"] }] },
            },
        });
        const both = admin("drain-check", "--context", CONTEXT, "--namespace", "dragonfly-system");
        assert.strictEqual(both.code, 1);
        assert.match(both.out, /PDB dragonfly-expr: 3 pod\(s\) selected by \{"matchExpressions":/);
        assert.match(
            both.out,
            /FAIL draining node n1 evicts 2 ready pod\(s\) of PDB dragonfly-expr: 1 healthy left, 2 required/,
        );
        assert.match(both.out, /^ops drain-check: 7 check\(s\), 2 failed$/m);
        summary.drainCheck = both.out.split("\n");
    });

    it("verify-cluster.sh: the same Cilium pods pass; a recreated pod (restart count 0 again) fails by its UID", async () => {
        for (const name of ["cilium-aaaaa", "cilium-bbbbb"]) {
            await ok("POST", "/api/v1/namespaces/kube-system/pods", pod("kube-system", name, { "k8s-app": "cilium" }));
        }
        await ok(
            "POST",
            "/api/v1/namespaces/kube-system/pods",
            pod("kube-system", "cilium-operator-1", { "k8s-app": "cilium-operator" }),
        );
        const ds = await ok("POST", "/apis/apps/v1/namespaces/kube-system/daemonsets", {
            apiVersion: "apps/v1",
            kind: "DaemonSet",
            metadata: { name: "cilium", namespace: "kube-system" },
            spec: {
                selector: { matchLabels: { "k8s-app": "cilium" } },
                template: {
                    metadata: { labels: { "k8s-app": "cilium" } },
                    spec: { containers: [{ name: "c", image: "x" }] },
                },
            },
        });
        const generation = (ds.metadata as { generation: number }).generation;
        await ok(
            "PATCH",
            "/apis/apps/v1/namespaces/kube-system/daemonsets/cilium/status",
            {
                status: {
                    observedGeneration: generation,
                    desiredNumberScheduled: 3,
                    currentNumberScheduled: 3,
                    updatedNumberScheduled: 3,
                    numberReady: 3,
                    numberMisscheduled: 0,
                },
            },
            "application/merge-patch+json",
        );
        const dep = await ok("POST", "/apis/apps/v1/namespaces/kube-system/deployments", {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "cilium-operator", namespace: "kube-system" },
            spec: {
                replicas: 1,
                selector: { matchLabels: { "k8s-app": "cilium-operator" } },
                template: {
                    metadata: { labels: { "k8s-app": "cilium-operator" } },
                    spec: { containers: [{ name: "c", image: "x" }] },
                },
            },
        });
        await ok(
            "PATCH",
            "/apis/apps/v1/namespaces/kube-system/deployments/cilium-operator/status",
            {
                status: {
                    observedGeneration: (dep.metadata as { generation: number }).generation,
                    replicas: 1,
                    updatedReplicas: 1,
                    readyReplicas: 1,
                    availableReplicas: 1,
                },
            },
            "application/merge-patch+json",
        );
        const file = path.join(dir, "uids.json");
        const env = { ...process.env, KUBECONFIG: cp.files.kubeconfig };
        const sh = (mode: string) => spawnSync("bash", [VERIFY, mode, "infra", file], { encoding: "utf8", env });
        const base = sh("baseline");
        assert.strictEqual(base.status, 0, base.stdout + base.stderr);
        assert.deepStrictEqual(
            Object.keys((JSON.parse(fs.readFileSync(file, "utf8")) as { pods: object }).pods).sort(),
            ["cilium-aaaaa", "cilium-bbbbb", "cilium-operator-1"],
        );
        const same = sh("verify");
        assert.strictEqual(same.status, 0, same.stdout + same.stderr);
        assert.match(same.stdout, /OK   3 ready pod\(s\) of DaemonSet cilium for 3 node\(s\)/);
        assert.match(
            same.stdout,
            /verify infra \(infra\): Cilium rolled out on every node, no Cilium pod recreated during the update/,
        );
        await ok("DELETE", "/api/v1/namespaces/kube-system/pods/cilium-bbbbb?gracePeriodSeconds=0");
        await ok(
            "POST",
            "/api/v1/namespaces/kube-system/pods",
            pod("kube-system", "cilium-bbbbb", { "k8s-app": "cilium" }),
        );
        const recreated = sh("verify");
        assert.strictEqual(recreated.status, 1, recreated.stdout + recreated.stderr);
        assert.match(recreated.stdout, /FAIL no pod recreated: cilium-bbbbb have new UIDs/);
        summary.verifyCluster = { same: same.stdout.split("\n"), recreated: recreated.stdout.split("\n") };
    });

    it("netcheck: the test pod passes Pod Security restricted (dry-run); with --execute it is created, never runs here, and is deleted", async () => {
        const dry = admin(
            "netcheck",
            "--context",
            CONTEXT,
            "--namespace",
            "gitlab-system",
            "--to",
            "dragonfly.dragonfly-system.svc:6379",
            "--expect",
            "allow",
        );
        assert.strictEqual(dry.code, 0, dry.out + dry.err);
        assert.match(dry.out, /OK   test pod admitted in gitlab-system \(server dry-run: admitted\)/);
        assert.match(
            dry.out,
            /read-only: would resolve the name and run "nc -z -w 5 dragonfly.dragonfly-system.svc 6379" from gitlab-system and expect allow/,
        );
        const missing = admin(
            "netcheck",
            "--context",
            CONTEXT,
            "--namespace",
            "nowhere",
            "--to",
            "a.b:1",
            "--expect",
            "deny",
        );
        assert.strictEqual(missing.code, 1);
        assert.match(
            missing.out,
            /FAIL test pod admitted in nowhere \(server dry-run: namespaces "nowhere" not found\)/,
        );
        const exec = admin(
            "netcheck",
            "--context",
            CONTEXT,
            "--namespace",
            "gitlab-system",
            "--to",
            "dragonfly.dragonfly-system.svc:6379",
            "--expect",
            "allow",
            "--execute",
            "--timeout-seconds",
            "4",
        );
        assert.strictEqual(exec.code, 1, exec.out + exec.err);
        assert.match(exec.out, /FAIL test pod finished within 4 s \(still Pending: no node ran it\)/);
        assert.match(exec.out, /test pod gitlab-system\/netcheck-\S+ deleted/);
        const left = (await kube.get("/api/v1/namespaces/gitlab-system/pods")).items as unknown[];
        assert.deepStrictEqual(left, []);
        summary.netcheck = { dryRun: dry.out.split("\n"), execute: exec.out.split("\n") };
    });

    it("rbac: a ServiceAccount without a Role may not restart the daemon; with the Role it may", async () => {
        await ok("POST", "/api/v1/namespaces/floe-platform/serviceaccounts", {
            apiVersion: "v1",
            kind: "ServiceAccount",
            metadata: { name: "operator" },
        });
        const token = (
            (
                await ok("POST", "/api/v1/namespaces/floe-platform/serviceaccounts/operator/token", {
                    apiVersion: "authentication.k8s.io/v1",
                    kind: "TokenRequest",
                    spec: { expirationSeconds: 600 },
                })
            ).status as { token: string }
        ).token;
        const kc = path.join(dir, "operator.kubeconfig");
        fs.writeFileSync(kc, fs.readFileSync(cp.files.kubeconfig, "utf8").replace(/token: .*/, `token: ${token}`), {
            mode: 0o600,
        });
        const denied = ops(kc, "rbac", "--context", CONTEXT, "--procedure", "dagster-restart");
        assert.strictEqual(denied.code, 1);
        assert.match(denied.out, /FAIL dagster-restart: may patch deployments.apps in floe-platform/);
        const glass = ops(kc, "rbac", "--context", CONTEXT, "--procedure", "cilium-break-glass");
        assert.strictEqual(glass.code, 1);
        assert.match(glass.out, /^ops rbac: 32 check\(s\), 32 failed$/m);
        assert.match(glass.out, /FAIL cilium-break-glass: may patch daemonsets.apps in kube-system/);
        assert.match(
            glass.out,
            /FAIL cilium-break-glass: may create clusterroles.rbac.authorization.k8s.io cluster-wide/,
        );
        await ok("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/floe-platform/roles", {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "Role",
            metadata: { name: "dagster-restart" },
            rules: [{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "patch"] }],
        });
        await ok("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/floe-platform/rolebindings", {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "RoleBinding",
            metadata: { name: "dagster-restart" },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "dagster-restart" },
            subjects: [{ kind: "ServiceAccount", name: "operator", namespace: "floe-platform" }],
        });
        const allowed = ops(kc, "rbac", "--context", CONTEXT, "--procedure", "dagster-restart");
        assert.strictEqual(allowed.code, 0, allowed.out + allowed.err);
        assert.match(allowed.out, /^ops rbac: 2 check\(s\), 0 failed$/m);
        summary.rbac = { denied: denied.out.split("\n"), allowed: allowed.out.split("\n") };
    });

    it("restart: read-only changes nothing; --execute sets the restartedAt annotation and reports the unfinished rollout", async () => {
        await ok("POST", "/apis/apps/v1/namespaces/floe-platform/deployments", {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "dagster-daemon", namespace: "floe-platform" },
            spec: {
                replicas: 1,
                selector: { matchLabels: { component: "dagster-daemon" } },
                template: {
                    metadata: { labels: { component: "dagster-daemon" } },
                    spec: { containers: [{ name: "c", image: "x" }] },
                },
            },
        });
        const path_ = "/apis/apps/v1/namespaces/floe-platform/deployments/dagster-daemon";
        const rv = async () => ((await kube.get(path_)).metadata as { resourceVersion: string }).resourceVersion;
        const before = await rv();
        const ro = admin(
            "restart",
            "--context",
            CONTEXT,
            "--namespace",
            "floe-platform",
            "--deployment",
            "dagster-daemon",
        );
        assert.strictEqual(ro.code, 0, ro.out + ro.err);
        assert.strictEqual(await rv(), before, "read-only must not write");
        const ex = admin(
            "restart",
            "--context",
            CONTEXT,
            "--namespace",
            "floe-platform",
            "--deployment",
            "dagster-daemon",
            "--execute",
            "--wait-seconds",
            "0",
        );
        assert.strictEqual(ex.code, 1, ex.out + ex.err);
        assert.match(ex.out, /OK   restart requested at /);
        assert.match(ex.out, /FAIL Deployment floe-platform\/dagster-daemon rolled out \(0\/1 ready/);
        const annotations =
            ((await kube.get(path_)).spec as { template: { metadata: { annotations?: Record<string, string> } } })
                .template.metadata.annotations ?? {};
        assert.ok(annotations["kubectl.kubernetes.io/restartedAt"]);
    });

    it("postgres: CNPG status, the -rw Service and the backup age; an on-demand backup fails clearly without the Backup CRD", async () => {
        await ok("POST", "/apis/postgresql.cnpg.io/v1/namespaces/floe-platform/clusters", {
            apiVersion: "postgresql.cnpg.io/v1",
            kind: "Cluster",
            metadata: { name: "floe-postgres", namespace: "floe-platform" },
            spec: { instances: 3, storage: { size: "1Gi" } },
        });
        await ok(
            "PATCH",
            "/apis/postgresql.cnpg.io/v1/namespaces/floe-platform/clusters/floe-postgres/status",
            {
                status: {
                    readyInstances: 3,
                    currentPrimary: "floe-postgres-1",
                    targetPrimary: "floe-postgres-1",
                    lastSuccessfulBackup: new Date(Date.now() - 3_600_000).toISOString(),
                },
            },
            "application/merge-patch+json",
        );
        const noService = admin("postgres", "--context", CONTEXT, "--namespace", "floe-platform");
        assert.strictEqual(noService.code, 1);
        assert.match(noService.out, /FAIL Service floe-platform\/floe-postgres-rw exists/);
        await ok("POST", "/api/v1/namespaces/floe-platform/services", {
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: "floe-postgres-rw" },
            spec: { ports: [{ port: 5432 }] },
        });
        const good = admin("postgres", "--context", CONTEXT, "--namespace", "floe-platform");
        assert.strictEqual(good.code, 0, good.out + good.err);
        assert.match(good.out, /OK   last successful backup .* \(1\.0 h ago\), at most 26 h/);
        const backup = admin("postgres", "--context", CONTEXT, "--namespace", "floe-platform", "--backup", "--execute");
        assert.strictEqual(backup.code, 1);
        assert.match(backup.out, /FAIL on-demand Backup floe-postgres-ops-\S+ created: HTTP 404/);
        summary.postgres = good.out.split("\n");
    });

    it("metrics: a Prometheus that is not there is a failed check, not a pass", () => {
        const r = admin(
            "metrics",
            "--context",
            CONTEXT,
            "--namespace",
            "observability",
            "--service",
            "prometheus-operated:9090",
            "--query",
            'count({__name__=~"dragonfly_.+"})',
        );
        assert.strictEqual(r.code, 1);
        assert.match(r.out, /FAIL Prometheus answers at observability\/prometheus-operated:9090 \(HTTP 404/);
    });
});

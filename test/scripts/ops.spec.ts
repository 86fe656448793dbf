// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The ops scripts without a cluster: their pure checks, their usage and their errors. What they prove
// against a real API server is in test/cluster/ops.cluster.ts (npm run test:cluster).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
    diffUids,
    drainImpact,
    netcheckOutcome,
    netTestPod,
    parseTarget,
    procedurePermissions,
    rolloutDone,
    scaled,
} from "../../scripts/ops/checks";
import { main } from "../../scripts/ops/main";
import { scratchDir } from "../support/scratch";

/** Runs the CLI in-process and captures what it prints. */
async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const log = console.log;
    const error = console.error;
    console.log = (...a: unknown[]) => out.push(a.join(" "));
    console.error = (...a: unknown[]) => err.push(a.join(" "));
    try {
        return { code: await main(argv), out: out.join("\n"), err: err.join("\n") };
    } finally {
        console.log = log;
        console.error = error;
    }
}

describe("ops scripts (scripts/ops): checks, usage and errors", () => {
    let kubeconfig: string;
    const saved = process.env.KUBECONFIG;

    before(() => {
        const dir = scratchDir("ops-spec-");
        kubeconfig = path.join(dir, "kubeconfig");
        // A context whose server refuses connections (port 1 on loopback).
        fs.writeFileSync(
            kubeconfig,
            [
                "apiVersion: v1",
                "kind: Config",
                "current-context: apps",
                "clusters: [{name: infra, cluster: {server: 'https://127.0.0.1:1'}}]",
                "users: [{name: u, user: {token: t}}]",
                "contexts: [{name: infra, context: {cluster: infra, user: u}}, {name: apps, context: {cluster: infra, user: u}}]",
                "",
            ].join("\n"),
        );
        process.env.KUBECONFIG = kubeconfig;
    });
    after(() => {
        if (saved === undefined) {
            delete process.env.KUBECONFIG;
        } else {
            process.env.KUBECONFIG = saved;
        }
    });

    it("compares UID snapshots: recreated, gone and new pods", () => {
        assert.deepStrictEqual(
            diffUids(
                { "cilium-a": "1", "cilium-b": "2", op: "3" },
                { "cilium-a": "1", "cilium-b": "9", "cilium-c": "4" },
            ),
            { recreated: ["cilium-b"], missing: ["op"], added: ["cilium-c"] },
        );
        assert.deepStrictEqual(diffUids({ a: "1" }, { a: "1" }), { recreated: [], missing: [], added: [] });
    });

    it("does the PDB arithmetic of a drain per node (minAvailable 2 of 3 spread, and co-located)", () => {
        const spread = [
            { name: "d-0", node: "n1", ready: true },
            { name: "d-1", node: "n2", ready: true },
            { name: "d-2", node: "n3", ready: true },
        ];
        assert.deepStrictEqual(
            drainImpact({ minAvailable: 2 }, spread).map((r) => [r.node, r.healthyAfter, r.ok]),
            [
                ["n1", 2, true],
                ["n2", 2, true],
                ["n3", 2, true],
            ],
        );
        const together = spread.map((p) => ({ ...p, node: p.name === "d-2" ? "n2" : "n1" }));
        assert.deepStrictEqual(
            drainImpact({ minAvailable: 2 }, together).map((r) => [r.node, r.healthyAfter, r.ok]),
            [
                ["n1", 1, false],
                ["n2", 2, true],
            ],
        );
        assert.deepStrictEqual(
            drainImpact({ maxUnavailable: "34%" }, spread).map((r) => [r.required, r.ok]),
            [
                [1, true],
                [1, true],
                [1, true],
            ],
        );
        assert.strictEqual(scaled("50%", 3), 2);
        assert.throws(() => scaled("half", 3), /"half" is neither an integer nor a percentage/);
    });

    it("builds a restricted-compliant network-test pod and refuses a malformed target", () => {
        const pod = netTestPod(
            "gitlab-system",
            "dragonfly.dragonfly-system.svc:6379",
            "busybox:1.36",
            "netcheck-x",
        ) as {
            spec: { containers: { command: string[] }[]; securityContext: Record<string, unknown> };
        };
        assert.deepStrictEqual(pod.spec.containers[0].command, [
            "sh",
            "-c",
            'nslookup "$1" >/dev/null 2>&1 || exit 3; exec nc -z -w 5 "$1" "$2"',
            "netcheck",
            "dragonfly.dragonfly-system.svc",
            "6379",
        ]);
        assert.strictEqual(pod.spec.securityContext.runAsNonRoot, true);
        assert.throws(() => parseTarget("dragonfly:99999"), /--to "dragonfly:99999" must be host:port/);
        assert.throws(() => parseTarget("; rm -rf /:1"), /must be host:port/);
    });

    it("reads a test pod's outcome from its exit code: a name that does not resolve is neither allow nor deny", () => {
        const exited = (exitCode: number, phase = exitCode === 0 ? "Succeeded" : "Failed") => ({
            phase,
            containerStatuses: [{ state: { terminated: { exitCode } } }],
        });
        assert.deepStrictEqual(
            [exited(0), exited(1), exited(3), { phase: "Succeeded" }, { phase: "Failed" }].map(netcheckOutcome),
            ["connected", "refused or timed out", "name did not resolve", "connected", "refused or timed out"],
        );
    });

    it("lists what the Cilium break-glass apply needs: Helm's Secrets, and get, create and patch on every kind the chart renders", () => {
        const perms = procedurePermissions({ floe: "f", cache: "c", monitoring: "m" })["cilium-break-glass"];
        assert.strictEqual(perms.length, 32);
        assert.deepStrictEqual(perms.slice(0, 5), [
            { verb: "list", resource: "secrets", namespace: "kube-system" },
            { verb: "get", resource: "secrets", namespace: "kube-system" },
            { verb: "get", resource: "daemonsets", group: "apps", namespace: "kube-system" },
            { verb: "create", resource: "daemonsets", group: "apps", namespace: "kube-system" },
            { verb: "patch", resource: "daemonsets", group: "apps", namespace: "kube-system" },
        ]);
        assert.deepStrictEqual(perms[perms.length - 1], {
            verb: "patch",
            resource: "clusterrolebindings",
            group: "rbac.authorization.k8s.io",
        });
    });

    it("reads a rollout as done only when observed, updated and ready", () => {
        const ds = (gen: number, obs: number, ready: number) => ({
            metadata: { generation: gen },
            status: {
                observedGeneration: obs,
                desiredNumberScheduled: 3,
                updatedNumberScheduled: 3,
                numberReady: ready,
            },
        });
        assert.deepStrictEqual(rolloutDone("DaemonSet", ds(2, 2, 3)), { done: true, why: "3/3 ready, 3/3 updated" });
        assert.deepStrictEqual(rolloutDone("DaemonSet", ds(3, 2, 3)).done, false);
        assert.deepStrictEqual(rolloutDone("DaemonSet", ds(2, 2, 2)), { done: false, why: "2/3 ready, 3/3 updated" });
    });

    it("usage errors exit 2 and name the problem (no command, unknown command, missing --context, unknown option)", async () => {
        const cases: [string[], string][] = [
            [[], "ops: no command"],
            [["explode"], "ops: unknown command explode"],
            [["uids-verify", "--file", "x"], "ops: --context is required (risk CIL-TECH-002: name the cluster)"],
            [["drain-check", "--context", "infra", "--namespace"], "ops: --namespace needs a value"],
            [["drain-check", "--context", "infra", "--force"], "ops: unknown option --force"],
            [
                ["netcheck", "--context", "infra", "--namespace", "x", "--to", "a:1", "--expect", "maybe"],
                "ops: --expect must be allow or deny, not maybe",
            ],
            [
                ["rbac", "--context", "infra", "--procedure", "nope"],
                "ops: unknown --procedure nope (one of dagster-restart, postgres-failover, postgres-backup, netcheck, drain-check, cilium-break-glass, metrics-check)",
            ],
        ];
        for (const [argv, first] of cases) {
            const r = await run(...argv);
            assert.deepStrictEqual([r.code, r.err.split("\n")[0]], [2, first], argv.join(" "));
            assert.match(r.err, /^usage: npm run -s ops -- <command> --context <kube-context>/m);
        }
    });

    it("--help, -h and help print the usage on stdout and exit 0", async () => {
        for (const flag of ["--help", "-h", "help"]) {
            const r = await run(flag);
            assert.deepStrictEqual([r.code, r.err], [0, ""], flag);
            assert.match(r.out, /^usage: npm run -s ops -- <command> --context <kube-context>/, flag);
            assert.match(r.out, /^ {2}drain-check /m, flag);
        }
    });

    it("never falls back to the current context: an unknown context exits 1 naming the ones there are", async () => {
        const r = await run("drain-check", "--context", "prod", "--namespace", "x");
        assert.deepStrictEqual(
            [r.code, r.err],
            [1, 'ops drain-check: kube context "prod" is not in the kubeconfig (it has: infra, apps)'],
        );
    });

    it("an unreachable API server exits 1 with the request and the context", async () => {
        const r = await run("drain-check", "--context", "infra", "--namespace", "cache");
        assert.strictEqual(r.code, 1);
        assert.match(r.out, /^ops drain-check: context infra \(https:\/\/127\.0\.0\.1:1\), read-only$/m);
        assert.match(
            r.err,
            /^ops drain-check: GET \/apis\/policy\/v1\/namespaces\/cache\/poddisruptionbudgets on context infra: connect ECONNREFUSED 127\.0\.0\.1:1$/,
        );
    });
});

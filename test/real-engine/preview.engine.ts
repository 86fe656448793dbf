// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The differential: the real `pulumi preview --policy-pack ./policies` (CLI, Kubernetes provider and
// policy analyzer built from Go modules; our language host) against the offline engine
// (engine/evaluate.ts), on both real stacks and on mutations. Run with `npm run test:engine`.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { evaluateResources, findingOf, StackEvaluation } from "../../engine/evaluate";
import { RecordedResource } from "../../engine/record";
import { PackInfo, PolicyServer } from "../../engine/server";
import { recordStack } from "../../engine/stack";
import { UNKNOWN_SENTINEL } from "../../engine/wire";
import { Finding } from "../../policies/lib/findings";
import { PROJECT_DIR } from "../support/stacks";
import { EngineProject, PolicyEvent, PreviewResult, TEST_SECRET, testStackConfig } from "./harness";
import { EngineMutation, MUTATIONS } from "./mutations";
import { killProcessesUnder } from "./sweep";

/** What both engines must agree on for each finding. */
function keyOf(f: Finding): string {
    return [f.policy, f.risk, f.resource, f.enforcement, f.waiver ? `waived by ${f.waiver.owner}` : "", f.message].join(
        " | ",
    );
}

/** The engine's policy events as findings, read exactly as the offline engine reads its diagnostics. */
function engineFindings(events: PolicyEvent[], info: PackInfo): Finding[] {
    return events.map((e) =>
        findingOf(
            {
                policyName: e.policyName,
                description: info.policies.find((p) => p.name === e.policyName)?.description ?? "",
                message: e.message,
                enforcementLevel: e.enforcementLevel === "mandatory" ? "mandatory" : "advisory",
                urn: e.resourceUrn ?? "",
            },
            info,
        ),
    );
}

/** The mutation applied to the offline engine's recorded graph (wire inputs, as test/support/mutate.ts does). */
function mutateRecorded(resources: RecordedResource[], m: EngineMutation): RecordedResource[] {
    const copy = JSON.parse(JSON.stringify(resources)) as RecordedResource[];
    const target = copy.find((r) => r.name === m.target);
    if (!target) {
        throw new Error(`no recorded resource named ${m.target}`);
    }
    m.change?.(target.wireInputs as Record<string, unknown>, UNKNOWN_SENTINEL);
    if (m.protect !== undefined) {
        target.options.protect = m.protect;
    }
    return copy;
}

interface Row {
    name: string;
    offline: string;
    engine: string;
    equal: boolean;
    exit: number | null;
    seconds: number;
}

function summary(fs: Finding[]): string {
    if (fs.length === 0) {
        return "none";
    }
    return fs
        .map((f) => `${f.risk}/${f.enforcement}${f.waiver ? "/waived" : ""}${f.unprovable ? "/unknown" : ""}`)
        .sort()
        .join(", ");
}

describe("real engine: pulumi preview --policy-pack against the offline engine", function () {
    this.timeout(0);
    const projects = new Map<string, EngineProject>();
    const recorded = new Map<string, RecordedResource[]>();
    const rows: Row[] = [];
    let server: PolicyServer;
    let info: PackInfo;

    before(async () => {
        server = await PolicyServer.start();
        info = await server.info();
        for (const stack of ["infra", "apps"]) {
            projects.set(stack, await EngineProject.create(stack));
            recorded.set(stack, await recordStack(testStackConfig(stack)));
        }
    });

    after(async () => {
        await server?.stop();
        for (const p of projects.values()) {
            killProcessesUnder(p.dir);
            p.dispose();
        }
        const table = [
            "| stack or mutation | offline findings | engine findings | equal | preview exit | seconds |",
            "|---|---|---|---|---|---|",
            ...rows.map(
                (r) =>
                    `| ${r.name} | ${r.offline} | ${r.engine} | ${r.equal ? "yes" : "NO"} | ${r.exit} | ${r.seconds} |`,
            ),
        ].join("\n");
        fs.mkdirSync(path.join(PROJECT_DIR, "reports"), { recursive: true });
        fs.writeFileSync(path.join(PROJECT_DIR, "reports", "engine-differential.md"), `${table}\n`);
        console.log(`\n${table}\n`);
    });

    /** Runs one preview and the offline engine on the same program; asserts they agree. */
    async function compare(
        name: string,
        stack: string,
        options: { mutation?: EngineMutation; packDir?: string } = {},
    ): Promise<{ offline: StackEvaluation; engine: Finding[]; result: PreviewResult }> {
        const m = options.mutation;
        const resources = m ? mutateRecorded(recorded.get(stack)!, m) : recorded.get(stack)!;
        const offline = await evaluateResources(stack, resources, { server, packConfig: m?.packConfig as never });
        const result = await projects
            .get(stack)!
            .preview({ mutation: m?.id, packConfig: m?.packConfig, packDir: options.packDir });
        const engine = engineFindings(result.events, info);
        const equal = JSON.stringify(engine.map(keyOf).sort()) === JSON.stringify(offline.findings.map(keyOf).sort());
        rows.push({
            name,
            offline: summary(offline.findings),
            engine: summary(engine),
            equal,
            exit: result.code,
            seconds: Math.round(result.seconds),
        });
        assert.ok(!result.output.includes(TEST_SECRET), "the test secret appeared in the preview output");
        if (result.events.length === 0 && result.code !== 0) {
            assert.fail(`preview failed before any policy ran:\n${result.output}`);
        }
        assert.deepStrictEqual(engine.map(keyOf).sort(), offline.findings.map(keyOf).sort());
        assert.strictEqual(result.code === 0, !offline.blocked, `preview exit ${result.code}:\n${result.output}`);
        return { offline, engine, result };
    }

    for (const stack of ["infra", "apps"]) {
        it(`stack ${stack}: the same findings, and the preview passes`, async () => {
            const { offline, result } = await compare(`stack ${stack}`, stack);
            assert.strictEqual(offline.blocked, false);
            assert.strictEqual(result.code, 0, result.output);
        });
    }

    for (const m of MUTATIONS) {
        it(`${m.stack}: ${m.id} gives ${m.risk} in both engines and ${m.blocks ? "fails" : "passes"} the preview`, async () => {
            const { engine, result } = await compare(m.id, m.stack, { mutation: m });
            assert.ok(
                engine.some((f) => f.risk === m.risk),
                `no ${m.risk} finding from the engine`,
            );
            assert.strictEqual(result.code !== 0, m.blocks, result.output);
        });
    }

    it("the pack runs as published: an isolated copy of policies/ with only its own dependencies", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cp-pack-"));
        try {
            fs.cpSync(path.join(PROJECT_DIR, "policies"), dir, {
                recursive: true,
                filter: (src) => path.basename(src) !== "node_modules",
            });
            const install = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: dir, encoding: "utf8" });
            assert.strictEqual(install.status, 0, install.stderr);
            const ts = JSON.parse(fs.readFileSync(path.join(dir, "node_modules/typescript/package.json"), "utf8")) as {
                version: string;
            };
            assert.match(ts.version, /^5\./);
            await compare("stack infra, pack from an isolated install", "infra", { packDir: dir });
        } finally {
            killProcessesUnder(dir);
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

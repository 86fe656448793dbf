// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The differential: the real `pulumi preview --policy-pack ./policies` (CLI, Kubernetes provider and
// policy analyzer built from Go modules; our language host) against the offline engine
// (engine/evaluate.ts), on both real stacks and on mutations. Run with `npm run test:engine`.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { evaluateResources, findingOf, StackEvaluation } from "../../engine/evaluate";
import { RecordedResource } from "../../engine/recording/program";
import { PackInfo, PackClient } from "../../engine/protocol/client";
import { recordStack } from "../../engine/recording/stack";
import { UNKNOWN_SENTINEL } from "../../policies/runtime/wire";
import { staleSource } from "../../policies/lib/compiledPack";
import { Finding } from "../../policies/lib/findings";
import { PROJECT_DIR } from "../support/stacks";
import { EngineProject, PolicyEvent, PreviewResult, TEST_SECRET, testStackConfig } from "./harness";
import { EngineMutation, MUTATIONS } from "./mutations";
import { installPackedPack } from "./packed";
import { killProcessesUnder } from "./sweep";
import { scratchDir } from "../support/scratch";

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
                // The CLI attributes a stack policy's URN-less diagnostic to the root Stack resource, which
                // the offline engine does not record: compare both as URN-less.
                urn: /::pulumi:pulumi:Stack::/.test(e.resourceUrn ?? "") ? "" : (e.resourceUrn ?? ""),
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

/** The blocking mutation also judged by the pack installed from its tarball (several risks, one blocking). */
const PACKED_MUTATION = MUTATIONS.find((m) => m.id === "cilium-wrong-context")!;

/** One preview to run: a real stack, a mutation, or the isolated pack install. */
interface Job {
    name: string;
    stack: "infra" | "apps";
    mutation?: EngineMutation;
    /** The pack folder: ./policies as users run it (compiled ahead into policies/bin), or an isolated install. */
    pack: "./policies" | string;
}

const JOBS = Number(process.env.CP_ENGINE_JOBS ?? 3);

describe("real engine: pulumi preview --policy-pack against the offline engine", function () {
    this.timeout(0);
    const idle = new Map<string, EngineProject[]>();
    const all: EngineProject[] = [];
    const recorded = new Map<string, RecordedResource[]>();
    const results = new Map<string, Promise<PreviewResult>>();
    const rows: Row[] = [];
    const scratch = scratchDir("cp-engine-");
    const packed = path.join(scratch, "packed", "package");
    let server: PackClient;
    let info: PackInfo;

    // CP_ENGINE_ONLY=<regex> runs only the matching cases (to re-run one difference); CI runs them all.
    const only = process.env.CP_ENGINE_ONLY ? new RegExp(process.env.CP_ENGINE_ONLY) : undefined;
    const allJobs: Job[] = [
        { name: "stack infra", stack: "infra", pack: "./policies" },
        { name: "stack apps", stack: "apps", pack: "./policies" },
        ...MUTATIONS.map((m): Job => ({ name: m.id, stack: m.stack, mutation: m, pack: "./policies" })),
        { name: "stack infra, pack from an isolated install", stack: "infra", pack: path.join(scratch, "isolated") },
        // The tarball `npm pack` makes, installed outside the repository: a stack and a blocking mutation.
        { name: "stack infra, pack from its npm pack tarball", stack: "infra", pack: packed },
        {
            name: `${PACKED_MUTATION.id}, pack from its npm pack tarball`,
            stack: PACKED_MUTATION.stack,
            mutation: PACKED_MUTATION,
            pack: packed,
        },
    ];
    const jobs = allJobs.filter((j) => !only || only.test(j.name));

    /** Runs every job's preview, at most JOBS at a time, each on a project copy of its own. */
    function startAll(): void {
        let running = 0;
        const queue: (() => void)[] = [];
        const slot = async (): Promise<void> => {
            if (running >= JOBS) {
                await new Promise<void>((r) => queue.push(r));
            }
            running++;
        };
        const release = (): void => {
            running--;
            queue.shift()?.();
        };
        for (const job of jobs) {
            results.set(
                job.name,
                (async () => {
                    await slot();
                    try {
                        const free = idle.get(job.stack) ?? [];
                        const project = free.pop() ?? (await EngineProject.create(job.stack));
                        if (!all.includes(project)) {
                            all.push(project);
                        }
                        try {
                            return await project.preview({
                                mutation: job.mutation?.id,
                                packConfig: job.mutation?.packConfig,
                                packDir: job.pack,
                            });
                        } finally {
                            idle.set(job.stack, [...(idle.get(job.stack) ?? []), project]);
                        }
                    } finally {
                        release();
                    }
                })(),
            );
            results.get(job.name)!.catch(() => undefined);
        }
    }

    before(async () => {
        server = await PackClient.start();
        info = await server.info();
        for (const stack of ["infra", "apps"]) {
            recorded.set(stack, await recordStack(testStackConfig(stack)));
        }
        // The engine runs the pack's compiled entry (policies/bin, built by `npm run build`); a stale one refuses to start.
        const stale = staleSource(path.join(PROJECT_DIR, "policies"), path.join(PROJECT_DIR, "policies", "bin"));
        assert.strictEqual(stale, undefined, `policies/bin was not built from policies/${stale}: run npm run build`);
        if (jobs.some((j) => j.pack === path.join(scratch, "isolated"))) {
            installIsolatedPack(path.join(scratch, "isolated"));
        }
        if (jobs.some((j) => j.pack === packed)) {
            assert.strictEqual(installPackedPack(path.dirname(packed)), packed);
        }
        startAll();
    });

    after(async () => {
        await server?.stop();
        await Promise.allSettled(results.values());
        for (const p of all) {
            killProcessesUnder(p.dir);
            p.dispose();
        }
        killProcessesUnder(scratch);
        fs.rmSync(scratch, { recursive: true, force: true });
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

    /** Waits for a job's preview, runs the offline engine on the same program, asserts they agree. */
    async function compare(job: Job): Promise<{ offline: StackEvaluation; engine: Finding[]; result: PreviewResult }> {
        const m = job.mutation;
        const resources = m ? mutateRecorded(recorded.get(job.stack)!, m) : recorded.get(job.stack)!;
        const offline = await evaluateResources(job.stack, resources, { server, packConfig: m?.packConfig as never });
        const result = await results.get(job.name)!;
        const engine = engineFindings(result.events, info);
        const hidden = m?.engineCannotSee;
        if (hidden) {
            assert.ok(
                offline.findings.some((f) => hidden.message.test(f.message)),
                `the offline engine no longer reports ${hidden.message}`,
            );
            offline.findings = offline.findings.filter((f) => !hidden.message.test(f.message));
        }
        const equal = JSON.stringify(engine.map(keyOf).sort()) === JSON.stringify(offline.findings.map(keyOf).sort());
        rows.push({
            name: job.name,
            offline: summary(offline.findings),
            engine: summary(engine),
            equal,
            exit: result.code,
            seconds: Math.round(result.seconds),
        });
        // Each row is also written as soon as it is known, so an interrupted run keeps what it measured.
        const r = rows[rows.length - 1];
        fs.mkdirSync(path.join(PROJECT_DIR, "reports"), { recursive: true });
        fs.appendFileSync(
            path.join(PROJECT_DIR, "reports", "engine-differential.partial.md"),
            `| ${r.name} | ${r.offline} | ${r.engine} | ${r.equal ? "yes" : "NO"} | ${r.exit} | ${r.seconds} |\n`,
        );
        assert.ok(!result.output.includes(TEST_SECRET), "the test secret appeared in the preview output");
        if (result.events.length === 0 && result.code !== 0) {
            assert.fail(`preview failed before any policy ran:\n${result.output}`);
        }
        assert.deepStrictEqual(engine.map(keyOf).sort(), offline.findings.map(keyOf).sort());
        assert.strictEqual(result.code === 0, !offline.blocked, `preview exit ${result.code}:\n${result.output}`);
        return { offline, engine, result };
    }

    for (const job of jobs.filter((j) => !j.mutation)) {
        it(`${job.name}: the same findings in both engines, and the preview passes`, async () => {
            const { offline, result } = await compare(job);
            assert.strictEqual(offline.blocked, false);
            assert.strictEqual(result.code, 0, result.output);
        });
    }

    for (const job of jobs.filter((j) => j.mutation)) {
        const m = job.mutation!;
        it(`${m.stack}: ${job.name} gives ${m.risk} in both engines and ${m.blocks ? "fails" : "passes"} the preview`, async () => {
            const { engine, result } = await compare(job);
            assert.ok(
                engine.some((f) => f.risk === m.risk),
                `no ${m.risk} finding from the engine`,
            );
            assert.strictEqual(result.code !== 0, m.blocks, result.output);
        });
    }
});

/**
 * An isolated copy of policies/ (sources only) with only its own dependencies installed (`npm ci` from
 * its lockfile), whose `prepare` compiles it, as when a published pack is installed.
 */
function installIsolatedPack(dir: string): void {
    const src = path.join(PROJECT_DIR, "policies");
    fs.cpSync(src, dir, {
        recursive: true,
        filter: (p) => path.basename(p) !== "node_modules" && p !== path.join(src, "bin"),
    });
    const install = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: dir, encoding: "utf8" });
    assert.strictEqual(install.status, 0, install.stderr);
    assert.strictEqual(staleSource(dir, path.join(dir, "bin")), undefined, "npm ci did not build the pack's bin/");
    const ts = JSON.parse(fs.readFileSync(path.join(dir, "node_modules/typescript/package.json"), "utf8")) as {
        version: string;
    };
    assert.match(ts.version, /^5\./);
}

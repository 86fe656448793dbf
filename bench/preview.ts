// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The figure a platform engineer feels: the real `pulumi preview` of each stack, and of a stack of
// about 1,000 resources (bench/large-stack), without and with `--policy-pack ./policies`, alternating,
// with the CLI, language host and provider `npm run toolchain` builds. Each project is a copy with a
// local backend and an unreachable cluster (test/real-engine/harness.ts), as in `npm run test:engine`.
import * as fs from "fs";
import * as path from "path";
import { EngineProject, pulumiCli } from "../test/real-engine/harness";
import { killProcessesUnder } from "../test/real-engine/sweep";
import { round, Timed, timed } from "./measure";

/**
 * Without and with the pack, for one stack: medians over the alternating pairs. Wall time only: the
 * CLI does not wait for its plugins, so GNU time's CPU figure would leave the pack and hosts out.
 */
export interface PreviewFigure {
    /** Median wall time of the preview without the pack, seconds. */
    without_s: number;
    /** Median wall time of the preview with `--policy-pack ./policies`, seconds. */
    with_s: number;
    /** Median over the pairs of with ÷ without. */
    ratio: number;
    /** Median over the pairs of with − without, seconds. */
    added_s: number;
    /** Median wall time of the preview with an empty pack (one policy that reports nothing), seconds. */
    empty_pack_s: number;
    /** Median over the rounds of empty pack − without: what any Node.js pack adds under this CLI. */
    empty_pack_added_s: number;
    /** Median over the rounds of with − empty pack: what our rules add over any Node.js pack. */
    ours_over_empty_s: number;
    /** Rounds measured (after one discarded warm-up of each variant). */
    pairs: number;
    /** Resources the preview plans to create (the stack and the provider included). */
    resources: number;
}

/** The stacks measured: the two real ones (the program as users run it) and the large one. */
const STACKS: { name: string; stack: "infra" | "apps"; entry: string }[] = [
    { name: "infra", stack: "infra", entry: "index.ts" },
    { name: "apps", stack: "apps", entry: "index.ts" },
    { name: "large", stack: "apps", entry: "bench/large-stack/entry.ts" },
];

const PACK_NAME = "cluster-platform-risk-rules";

/** `+1.25` or `−0.30`: a difference with its sign. */
const signed = (n: number): string => `${n < 0 ? "−" : "+"}${Math.abs(n).toFixed(2)}`;

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** `--policy-pack` of each measured variant: none, the empty pack (any Node.js pack's cost), ours. */
type Variant = "without" | "empty" | "with";

/**
 * A pack of one advisory policy that reports nothing: what `pulumi preview` pays for any Node.js
 * policy pack (the CLI's plugin start, @pulumi/pulumi's run-policy-pack, which loads TypeScript and
 * ts-node for every pack, and @pulumi/policy), so the figures can tell that cost from our rules'.
 */
const EMPTY_PACK = {
    "PulumiPolicy.yaml": "runtime: nodejs\ndescription: empty pack (bench)\n",
    "package.json": `${JSON.stringify({ name: "empty-pack", version: "0.0.1", main: "index.js" })}\n`,
    "index.js": `const { PolicyPack } = require("@pulumi/policy");
new PolicyPack("empty-pack", {
    policies: [{ name: "nothing", description: "Reports nothing.", enforcementLevel: "advisory", validateResource: () => undefined }],
});
`,
};

function writeEmptyPack(project: EngineProject): string {
    const dir = path.join(project.dir, "empty-pack");
    fs.mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(EMPTY_PACK)) {
        fs.writeFileSync(path.join(dir, file), text);
    }
    return "./empty-pack";
}

/** One preview in a fresh CLI process; throws unless it passed and the pack asked for (if any) ran. */
function previewOnce(project: EngineProject, variant: Variant, scratch: string): Timed {
    const args = ["preview", "--stack", project.stack, "--non-interactive"];
    const pack = variant === "with" ? "./policies" : variant === "empty" ? writeEmptyPack(project) : undefined;
    if (pack) {
        args.push("--policy-pack", pack);
    }
    const r = timed([project.cli, ...args], project.dir, path.join(scratch, "preview-out.txt"), project.env);
    // Plugins a failed CLI could not stop.
    killProcessesUnder(project.dir);
    if (r.code !== 0) {
        throw new Error(`pulumi ${args.join(" ")} exited ${r.code}:\n${(r.out + r.err).slice(-3000)}`);
    }
    const ran = variant === "with" ? PACK_NAME : variant === "empty" ? "empty-pack" : undefined;
    if (ran ? !r.out.includes(ran) : r.out.includes(PACK_NAME)) {
        throw new Error(`pulumi ${args.join(" ")}: the pack ${ran ? "did not run" : "ran"}:\n${r.out.slice(-3000)}`);
    }
    return r;
}

/** Rotating triples (A B C, B C A, C A B, …) after a discarded warm-up of each variant. */
function measure(project: EngineProject, pairs: number, scratch: string): PreviewFigure {
    const order: Variant[] = ["without", "empty", "with"];
    previewOnce(project, "without", scratch);
    previewOnce(project, "empty", scratch);
    const warm = previewOnce(project, "with", scratch);
    const runs: Record<Variant, Timed[]> = { without: [], empty: [], with: [] };
    for (let i = 0; i < pairs; i++) {
        for (let k = 0; k < order.length; k++) {
            const v = order[(i + k) % order.length];
            runs[v].push(previewOnce(project, v, scratch));
        }
    }
    const planned = /\+ (\d+) to create/.exec(warm.out);
    const per = (f: (i: number) => number) => round(median(runs.without.map((_, i) => f(i))));
    return {
        without_s: round(median(runs.without.map((t) => t.s))),
        with_s: round(median(runs.with.map((t) => t.s))),
        ratio: per((i) => runs.with[i].s / runs.without[i].s),
        added_s: per((i) => runs.with[i].s - runs.without[i].s),
        empty_pack_s: round(median(runs.empty.map((t) => t.s))),
        empty_pack_added_s: per((i) => runs.empty[i].s - runs.without[i].s),
        ours_over_empty_s: per((i) => runs.with[i].s - runs.empty[i].s),
        pairs,
        resources: planned ? Number(planned[1]) : NaN,
    };
}

/**
 * Measures every stack; `missing` says why nothing ran (no CLI or provider built). `log` receives a
 * line per stack as soon as it is measured.
 */
export async function previewFigures(
    pairs: number,
    scratch: string,
    log: (line: string) => void,
): Promise<{ figures: Record<string, PreviewFigure> } | { missing: string }> {
    try {
        pulumiCli();
    } catch (err) {
        return { missing: (err as Error).message };
    }
    const figures: Record<string, PreviewFigure> = {};
    for (const s of STACKS) {
        const project = await EngineProject.create(s.stack, s.entry);
        try {
            const f = measure(project, pairs, scratch);
            figures[s.name] = f;
            log(
                `  ${s.name} (${f.resources} resources): without ${f.without_s.toFixed(2)} s, with ${f.with_s.toFixed(2)} s; ` +
                    `${f.ratio.toFixed(2)}×, ${signed(f.added_s)} s; an empty pack ${f.empty_pack_s.toFixed(2)} s (${signed(f.empty_pack_added_s)} s), ` +
                    `ours over it ${signed(f.ours_over_empty_s)} s (medians of ${pairs} rotating rounds)`,
            );
        } finally {
            killProcessesUnder(project.dir);
            project.dispose();
        }
    }
    return { figures };
}

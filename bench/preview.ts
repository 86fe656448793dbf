// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The figure a platform engineer feels: the real `pulumi preview` of each stack, and of a stack of
// about 1,000 resources (bench/large-stack), without and with `--policy-pack ./policies`, alternating,
// with the CLI, language host and provider `npm run toolchain` builds. Each project is a copy with a
// local backend and an unreachable cluster (test/real-engine/harness.ts), as in `npm run test:engine`.
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
    /** Pairs measured (after one discarded warm-up pair). */
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

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One preview in a fresh CLI process; throws unless it passed and (with the pack) the pack ran. */
function previewOnce(project: EngineProject, withPack: boolean, scratch: string): Timed {
    const args = ["preview", "--stack", project.stack, "--non-interactive"];
    if (withPack) {
        args.push("--policy-pack", "./policies");
    }
    const r = timed([project.cli, ...args], project.dir, path.join(scratch, "preview-out.txt"), project.env);
    // Plugins a failed CLI could not stop.
    killProcessesUnder(project.dir);
    if (r.code !== 0) {
        throw new Error(`pulumi ${args.join(" ")} exited ${r.code}:\n${(r.out + r.err).slice(-3000)}`);
    }
    if (withPack !== r.out.includes(PACK_NAME)) {
        throw new Error(
            `pulumi ${args.join(" ")}: the pack ${withPack ? "did not run" : "ran"}:\n${r.out.slice(-3000)}`,
        );
    }
    return r;
}

/** Alternating pairs (A B, B A, …) after a discarded warm-up pair. */
function measure(project: EngineProject, pairs: number, scratch: string): PreviewFigure {
    previewOnce(project, false, scratch);
    const warm = previewOnce(project, true, scratch);
    const without: Timed[] = [];
    const withPack: Timed[] = [];
    for (let i = 0; i < pairs; i++) {
        for (const pack of i % 2 === 0 ? [false, true] : [true, false]) {
            (pack ? withPack : without).push(previewOnce(project, pack, scratch));
        }
    }
    const planned = /\+ (\d+) to create/.exec(warm.out);
    return {
        without_s: round(median(without.map((t) => t.s))),
        with_s: round(median(withPack.map((t) => t.s))),
        ratio: round(median(without.map((t, i) => withPack[i].s / t.s))),
        added_s: round(median(without.map((t, i) => withPack[i].s - t.s))),
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
                    `${f.ratio.toFixed(2)}×, +${f.added_s.toFixed(2)} s (medians of ${pairs} alternating pairs)`,
            );
        } finally {
            killProcessesUnder(project.dir);
            project.dispose();
        }
    }
    return { figures };
}

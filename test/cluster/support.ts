// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Shared steps of the cluster tests: CRD installation, rendering a stack, a summary file per test.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Applier, RenderedObject, readRenderedObjects } from "../../scripts/cluster/apply";

/** The repository root. */
export const PROJECT_DIR = path.resolve(__dirname, "../..");
/** The vendored upstream CRDs (see vendor/SOURCES.md). */
export const CRD_DIR = path.join(PROJECT_DIR, "vendor", "crds");

/** Applies every vendored CRD and waits until the server reports each Established; returns their names. */
export async function installCrds(applier: Applier, timeoutMs = 60_000): Promise<string[]> {
    const { objects } = readRenderedObjects(CRD_DIR);
    const failed: string[] = [];
    for (const o of objects) {
        const r = await applier.apply(o);
        if (r.error) {
            failed.push(`${o.file}: ${r.error}`);
        }
    }
    if (failed.length > 0) {
        throw new Error(`vendored CRDs refused by the API server:\n  ${failed.join("\n  ")}`);
    }
    const names = objects.map((o) => o.body.metadata!.name!);
    const deadline = Date.now() + timeoutMs;
    for (const o of objects) {
        for (;;) {
            const crd = (await applier.read(o.body)) as {
                status?: { conditions?: { type: string; status: string }[] };
            };
            if (crd.status?.conditions?.some((c) => c.type === "Established" && c.status === "True")) {
                break;
            }
            if (Date.now() > deadline) {
                throw new Error(`CRD ${o.body.metadata!.name} not Established after ${timeoutMs} ms`);
            }
            await new Promise((r) => setTimeout(r, 200));
        }
    }
    return names;
}

/** Runs `npm run render` (its launcher) for a stack into a fresh temp dir and reads the API objects back. */
export function renderStackObjects(stack: string): {
    dir: string;
    objects: RenderedObject[];
    skipped: { file: string; reason: string }[];
} {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cluster-render-${stack}-`));
    const r = spawnSync(
        process.execPath,
        [path.join(PROJECT_DIR, "scripts", "launch.js"), "render", "--stack", stack, "--out", dir],
        {
            cwd: PROJECT_DIR,
            encoding: "utf8",
        },
    );
    if (r.status !== 0) {
        throw new Error(`npm run render -- --stack ${stack} failed (${r.status}): ${r.stderr}`);
    }
    return { dir, ...readRenderedObjects(dir) };
}

/** Writes one JSON summary of a cluster test under reports/cluster/ (for the CI log and the closing note). */
export function writeSummary(name: string, summary: unknown): void {
    const dir = path.join(PROJECT_DIR, "reports", "cluster");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(summary, null, 2)}\n`);
}

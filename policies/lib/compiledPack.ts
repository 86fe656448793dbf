// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The pack runs as JavaScript compiled ahead into bin/ (`npm run build`, run by `prepare`), so that no
// preview compiles or type-checks it. A bin/ older than its sources would judge with old rules and
// nobody would notice: the entry refuses to start from one.
import * as fs from "fs";
import * as path from "path";

/** The pack's TypeScript sources under `dir`, relative to it (dependencies, the output and scratch files left out). */
function sourcesUnder(dir: string, outDir: string, rel = ""): string[] {
    const out: string[] = [];
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
        const p = path.join(rel, entry.name);
        if (entry.isDirectory()) {
            if (entry.name !== "node_modules" && path.join(dir, p) !== outDir) {
                out.push(...sourcesUnder(dir, outDir, p));
            }
        } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") && !entry.name.endsWith(".tmp.ts")) {
            out.push(p);
        }
    }
    return out;
}

/** True when the source map beside a compiled file holds exactly `source` (tsc's `inlineSources`). */
function builtFrom(js: string, source: string): boolean {
    try {
        const map = JSON.parse(fs.readFileSync(`${js}.map`, "utf8")) as { sourcesContent?: unknown[] };
        return map.sourcesContent?.length === 1 && map.sourcesContent[0] === source;
    } catch {
        return false;
    }
}

/**
 * The first TypeScript source of the pack in `packDir` whose compiled file in `outDir` is missing or
 * was built from other text, relative to `packDir`; undefined when every one is current. A compiled
 * file at least as new as its source is current; an older one (a copy or a checkout that rewrote
 * the times) is current when its source map holds the source's exact text.
 */
export function staleSource(packDir: string, outDir: string): string | undefined {
    for (const rel of sourcesUnder(packDir, outDir)) {
        const ts = path.join(packDir, rel);
        const js = path.join(outDir, rel.replace(/\.ts$/, ".js"));
        let fresh: boolean;
        try {
            fresh = fs.statSync(js).mtimeMs >= fs.statSync(ts).mtimeMs || builtFrom(js, fs.readFileSync(ts, "utf8"));
        } catch {
            fresh = false;
        }
        if (!fresh) {
            return rel;
        }
    }
    return undefined;
}

/**
 * Throws when the entry runs from a pack's `bin/` (as `pulumi preview --policy-pack` runs it) that was
 * not built from the sources beside it. `entryDir` is the running entry's folder.
 */
export function assertCompiledIsCurrent(entryDir: string): void {
    if (path.basename(entryDir) !== "bin") {
        return;
    }
    const packDir = path.dirname(entryDir);
    const stale = staleSource(packDir, entryDir);
    if (stale !== undefined) {
        throw new Error(
            `the policy pack's compiled JavaScript in ${entryDir} was not built from ${path.join(packDir, stale)}: ` +
                `run \`npm run build\` in ${packDir} (or in the repository root) and run the preview again`,
        );
    }
}

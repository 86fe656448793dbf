// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { assertCompiledIsCurrent, staleSource } from "../../policies/lib/compiledPack";
import { scratchDir } from "../support/scratch";

const SOURCES: Record<string, string> = {
    "index.ts": 'import "./lib/a";\n',
    "lib/a.ts": "export const a = 1;\n",
    "rules/deep/b.ts": "export const b = 2;\n",
};

function write(file: string, text: string, mtime?: Date): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    if (mtime) {
        fs.utimesSync(file, mtime, mtime);
    }
}

/** A pack folder with sources and, in bin/, their compiled files and maps (as tsc writes them with inlineSources). */
function pack(opts: { compiledAt?: Date; sourcesAt?: Date; mapText?: (rel: string) => string } = {}): string {
    const dir = scratchDir("cp-compiled-pack-");
    for (const [rel, text] of Object.entries(SOURCES)) {
        const js = path.join(dir, "bin", rel.replace(/\.ts$/, ".js"));
        write(js, `"use strict";\n`, opts.compiledAt);
        const map = { version: 3, sources: [path.basename(rel)], sourcesContent: [opts.mapText?.(rel) ?? text] };
        write(`${js}.map`, JSON.stringify(map), opts.compiledAt);
        write(path.join(dir, rel), text, opts.sourcesAt);
    }
    return dir;
}

const EARLY = new Date("2026-01-01T00:00:00Z");
const LATE = new Date("2026-06-01T00:00:00Z");

describe("policies: the compiled pack is refused when not built from its sources (policies/lib/compiledPack.ts)", () => {
    it("is current when every compiled file is at least as new as its source", () => {
        const dir = pack({ sourcesAt: EARLY, compiledAt: LATE });
        assert.strictEqual(staleSource(dir, path.join(dir, "bin")), undefined);
    });

    it("is current when a copy made the sources newer but every source map holds the source's exact text", () => {
        const dir = pack({ sourcesAt: LATE, compiledAt: EARLY });
        assert.strictEqual(staleSource(dir, path.join(dir, "bin")), undefined);
    });

    it("names a source changed since the build", () => {
        const dir = pack({ sourcesAt: EARLY, compiledAt: LATE });
        write(path.join(dir, "rules/deep/b.ts"), "export const b = 3;\n", new Date());
        assert.strictEqual(staleSource(dir, path.join(dir, "bin")), path.join("rules", "deep", "b.ts"));
    });

    it("names a newer source whose map holds other text, or whose map is missing", () => {
        const other = pack({ sourcesAt: LATE, compiledAt: EARLY, mapText: (rel) => (rel === "lib/a.ts" ? "old" : "") });
        assert.strictEqual(staleSource(other, path.join(other, "bin")), "index.ts");
        const noMap = pack({ sourcesAt: EARLY, compiledAt: LATE });
        fs.rmSync(path.join(noMap, "bin", "lib", "a.js.map"));
        write(path.join(noMap, "lib/a.ts"), SOURCES["lib/a.ts"], new Date());
        assert.strictEqual(staleSource(noMap, path.join(noMap, "bin")), path.join("lib", "a.ts"));
    });

    it("names a source with no compiled file (added since the build)", () => {
        const dir = pack({ sourcesAt: EARLY, compiledAt: LATE });
        write(path.join(dir, "lib/new.ts"), "export const n = 0;\n");
        assert.strictEqual(staleSource(dir, path.join(dir, "bin")), path.join("lib", "new.ts"));
    });

    it("ignores declarations, scratch files, dependencies and the output folder itself", () => {
        const dir = pack({ sourcesAt: EARLY, compiledAt: LATE });
        write(path.join(dir, "lib/types.d.ts"), "export {};\n");
        write(path.join(dir, "lib/try.tmp.ts"), "export {};\n");
        write(path.join(dir, "node_modules/x/index.ts"), "export {};\n");
        write(path.join(dir, "bin/stray.ts"), "export {};\n");
        assert.strictEqual(staleSource(dir, path.join(dir, "bin")), undefined);
    });

    it("the entry throws from a stale bin/, naming the folder, the source and the fix; elsewhere it checks nothing", () => {
        const dir = pack({ sourcesAt: EARLY, compiledAt: LATE });
        assert.doesNotThrow(() => assertCompiledIsCurrent(path.join(dir, "bin")));
        write(path.join(dir, "lib/a.ts"), "export const a = 2;\n", new Date());
        assert.throws(() => assertCompiledIsCurrent(path.join(dir, "bin")), {
            message:
                `the policy pack's compiled JavaScript in ${path.join(dir, "bin")} was not built from ` +
                `${path.join(dir, "lib", "a.ts")}: run \`npm run build\` in ${dir} (or in the repository root) ` +
                "and run the preview again",
        });
        // From the sources (ts-node) or from the repository's bin/policies, which launch.js checks itself.
        assert.doesNotThrow(() => assertCompiledIsCurrent(dir));
    });
});

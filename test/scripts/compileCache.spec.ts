// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { scratchDir } from "../support/scratch";

interface CompileCache {
    cacheFileOf(root: string, command: string, dir?: string): string;
    installCompileCache(file: string): () => boolean;
    compileCacheFor(root: string, command: string): (() => boolean) | undefined;
    readStore(file: string): { entries: Record<string, [string, number, number]>; data: Buffer };
}
// A plain CommonJS file (launch.js loads it before any TypeScript support exists).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cache = require("../../scripts/compileCache") as CompileCache;

/** Loads a module afresh with the cache installed; returns its export and whether the store was written. */
function loadWithCache(store: string, file: string): { value: unknown; wrote: boolean } {
    delete require.cache[file];
    const save = cache.installCompileCache(store);
    let value: unknown;
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        value = require(file);
    } catch (err) {
        save();
        throw err;
    }
    // save() also puts the loader back.
    return { value, wrote: save() };
}

describe("the V8 compile cache of scripts/launch.js", () => {
    let dir: string;
    let mod: string;
    let store: string;

    beforeEach(() => {
        dir = scratchDir("cp-compile-cache-");
        mod = path.join(dir, "m.js");
        store = cache.cacheFileOf(dir, "check", path.join(dir, "cache"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("is one file per checkout, command and V8 version", () => {
        const other = cache.cacheFileOf(path.join(dir, "other"), "check", path.join(dir, "cache"));
        assert.notStrictEqual(other, store);
        assert.notStrictEqual(cache.cacheFileOf(dir, "render", path.join(dir, "cache")), store);
        assert.ok(path.basename(store).startsWith("check-"));
        assert.ok(path.basename(store).endsWith(`-v8-${process.versions.v8}.cache`));
    });

    it("writes the store only when a module was compiled afresh, and runs the module the same either way", () => {
        fs.writeFileSync(mod, "module.exports = { answer: 6 * 7, file: __filename, dir: __dirname };\n");
        const first = loadWithCache(store, mod);
        assert.deepStrictEqual(first.value, { answer: 42, file: mod, dir });
        assert.strictEqual(first.wrote, true);
        const entries = cache.readStore(store).entries;
        assert.deepStrictEqual(Object.keys(entries), [mod]);
        const stamp = fs.statSync(store).mtimeMs;

        const second = loadWithCache(store, mod);
        assert.deepStrictEqual(second.value, { answer: 42, file: mod, dir });
        assert.strictEqual(second.wrote, false, "an accepted cache must not rewrite the store");
        assert.strictEqual(fs.statSync(store).mtimeMs, stamp);

        fs.writeFileSync(mod, "module.exports = { answer: 43 };\n");
        const third = loadWithCache(store, mod);
        assert.deepStrictEqual(third.value, { answer: 43 });
        assert.strictEqual(third.wrote, true, "a changed source is compiled afresh and stored");
        assert.notStrictEqual(cache.readStore(store).entries[mod][0], entries[mod][0]);
    });

    it("keeps entries of modules another run loaded while their file exists, and drops deleted ones", () => {
        const other = path.join(dir, "other.js");
        fs.writeFileSync(other, "module.exports = 1;\n");
        fs.writeFileSync(mod, "module.exports = 2;\n");
        loadWithCache(store, other);
        loadWithCache(store, mod);
        assert.deepStrictEqual(Object.keys(cache.readStore(store).entries).sort(), [mod, other].sort());
        fs.rmSync(other);
        fs.writeFileSync(mod, "module.exports = 3;\n");
        loadWithCache(store, mod);
        assert.deepStrictEqual(Object.keys(cache.readStore(store).entries), [mod]);
    });

    it("lets a cached module use import() as under Node's own loader (Node names the option experimental)", async () => {
        fs.writeFileSync(mod, "module.exports = () => import('node:path').then((p) => p.sep);\n");
        // Node warns once per process the first time such an import() runs; captured and asserted here, not printed.
        const warnings: string[] = [];
        const emitWarning = process.emitWarning;
        process.emitWarning = ((warning: string | Error) => {
            warnings.push(String(warning instanceof Error ? warning.message : warning));
        }) as typeof process.emitWarning;
        try {
            const first = loadWithCache(store, mod);
            assert.strictEqual(await (first.value as () => Promise<string>)(), path.sep);
            const second = loadWithCache(store, mod);
            assert.strictEqual(second.wrote, false);
            assert.strictEqual(await (second.value as () => Promise<string>)(), path.sep);
        } finally {
            process.emitWarning = emitWarning;
        }
        assert.deepStrictEqual(warnings, [
            "vm.USE_MAIN_CONTEXT_DEFAULT_LOADER is an experimental feature and might change at any time",
        ]);
    });

    it("reads a damaged store as empty and a require of the module still works", () => {
        fs.mkdirSync(path.dirname(store), { recursive: true });
        fs.writeFileSync(store, "not a cache");
        fs.writeFileSync(mod, "module.exports = 'ok';\n");
        assert.deepStrictEqual(cache.readStore(store).entries, {});
        const r = loadWithCache(store, mod);
        assert.strictEqual(r.value, "ok");
        assert.strictEqual(r.wrote, true);
    });

    it("is not installed at all when DISABLE_V8_COMPILE_CACHE is set", () => {
        const before = process.env.DISABLE_V8_COMPILE_CACHE;
        process.env.DISABLE_V8_COMPILE_CACHE = "1";
        try {
            assert.strictEqual(cache.compileCacheFor(dir, "check"), undefined);
        } finally {
            if (before === undefined) {
                delete process.env.DISABLE_V8_COMPILE_CACHE;
            } else {
                process.env.DISABLE_V8_COMPILE_CACHE = before;
            }
        }
    });

    it("never throws when the store cannot be written (only a speed-up)", () => {
        const blocked = path.join(dir, "file-not-dir");
        fs.writeFileSync(blocked, "");
        fs.writeFileSync(mod, "module.exports = 'still runs';\n");
        const r = loadWithCache(path.join(blocked, "check.cache"), mod);
        assert.strictEqual(r.value, "still runs");
        assert.strictEqual(r.wrote, false);
    });
});

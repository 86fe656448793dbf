// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// V8 code cache for the compiled commands (scripts/launch.js): compiling ~1,200 modules is a third
// of a check's start-up. Node 22 has module.enableCompileCache(); Node 20 has none. Written here
// instead of v8-compile-cache-lib, which asked V8 for new cache data on every compile, so every run
// rewrote its whole store (40+ MiB once several checkouts shared it: a second of CPU a run).
// Here one file per checkout, command and Node version holds the cache; it is read once, and
// written (to a temp file, renamed) only when a module was missing, changed or rejected by V8.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const os = require("os");
const path = require("path");
const vm = require("vm");

const MAGIC = "cluster-platform-v8-cache-1";

/** The cache file of a checkout's command: under the temp folder, per user, checkout, command and Node version. */
function cacheFileOf(
    root,
    command,
    dir = path.join(os.tmpdir(), `cluster-platform-v8-cache-${process.getuid?.() ?? "user"}`),
) {
    const checkout = crypto.createHash("sha1").update(path.resolve(root)).digest("hex").slice(0, 12);
    return path.join(dir, `${command}-${checkout}-v8-${process.versions.v8}.cache`);
}

/** The stored index (file → [source sha1, offset, end]) and data, or an empty store for a missing or foreign file. */
function readStore(file) {
    try {
        const buf = fs.readFileSync(file);
        const headerLength = buf.readUInt32LE(0);
        const header = JSON.parse(buf.subarray(4, 4 + headerLength).toString("utf8"));
        if (header.magic !== MAGIC || typeof header.entries !== "object" || header.entries === null) {
            return { entries: {}, data: Buffer.alloc(0) };
        }
        return { entries: header.entries, data: buf.subarray(4 + headerLength) };
    } catch {
        return { entries: {}, data: Buffer.alloc(0) };
    }
}

/** Writes a store atomically (temp file, then rename): a concurrent reader sees the old file or the new one. */
function writeStore(file, entries, chunks) {
    const header = Buffer.from(JSON.stringify({ magic: MAGIC, entries }), "utf8");
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length, 0);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    try {
        fs.writeFileSync(tmp, Buffer.concat([length, header, ...chunks]));
        fs.renameSync(tmp, file);
    } finally {
        fs.rmSync(tmp, { force: true });
    }
}

function sha1(text) {
    return crypto.createHash("sha1").update(text, "utf8").digest("hex");
}

/** The `require` a CommonJS module gets, as Node's loader builds it. */
function requireFor(mod) {
    const require = (id) => mod.require(id);
    const resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
    resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
    require.resolve = resolve;
    require.main = process.mainModule;
    require.extensions = Module._extensions;
    require.cache = Module._cache;
    return require;
}

/**
 * Installs the cache on the CommonJS loader for the rest of this process; returns `save`, which
 * writes the store when anything was compiled afresh (call it at exit; it never throws) and
 * reports whether it wrote. Cache data is taken at save time, so functions compiled lazily while
 * the command ran are in it too.
 */
function installCompileCache(file) {
    const stored = readStore(file);
    const fresh = new Map(); // filename → { hash, script }
    const used = new Set();
    const previousCompile = Module.prototype._compile;
    Module.prototype._compile = function compileWithCache(content, filename) {
        if (!filename.endsWith(".js") || content.charCodeAt(0) === 35 /* #! */) {
            return previousCompile.call(this, content, filename);
        }
        const hash = sha1(content);
        const entry = stored.entries[filename];
        const cachedData = entry && entry[0] === hash ? stored.data.subarray(entry[1], entry[2]) : undefined;
        const script = new vm.Script(Module.wrap(content), {
            filename,
            cachedData,
            // `import()` inside a module resolves as under Node's own loader (Node 20.16+; before, it throws).
            ...(vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER
                ? { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER }
                : {}),
        });
        if (cachedData && !script.cachedDataRejected) {
            used.add(filename);
        } else {
            fresh.set(filename, { hash, script });
        }
        const wrapper = script.runInThisContext({ displayErrors: true });
        return wrapper.call(this.exports, this.exports, requireFor(this), this, filename, path.dirname(filename));
    };
    return function save() {
        Module.prototype._compile = previousCompile;
        if (fresh.size === 0) {
            return false;
        }
        try {
            const entries = {};
            const chunks = [];
            let offset = 0;
            const add = (filename, hash, data) => {
                entries[filename] = [hash, offset, offset + data.length];
                chunks.push(data);
                offset += data.length;
            };
            for (const [filename, { hash, script }] of fresh) {
                add(filename, hash, script.createCachedData());
            }
            // Entries this run did not load stay (another option set loads other modules) while their file exists.
            for (const [filename, [hash, start, end]] of Object.entries(stored.entries)) {
                if (!fresh.has(filename) && (used.has(filename) || fs.existsSync(filename))) {
                    add(filename, hash, stored.data.subarray(start, end));
                }
            }
            writeStore(file, entries, chunks);
            return true;
        } catch {
            // Only a speed-up: a full disk or read-only temp folder must not change a verdict's exit code.
            return false;
        }
    };
}

/**
 * Installs the code cache of a checkout's command unless DISABLE_V8_COMPILE_CACHE is set, and returns
 * the function that writes it (undefined when switched off). Throws only what installing throws.
 */
function compileCacheFor(root, command) {
    return process.env.DISABLE_V8_COMPILE_CACHE ? undefined : installCompileCache(cacheFileOf(root, command));
}

module.exports = { cacheFileOf, compileCacheFor, installCompileCache, readStore };

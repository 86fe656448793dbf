// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Preloaded into the pack process `check --engine protocol` starts (engine/protocol/packProcess.ts), outside
// the unmodified pack: the V8 code cache of scripts/compileCache.js for its ~900 modules (the
// Pulumi SDK that @pulumi/policy loads, the rules). The pack is stopped by a signal, which runs no
// exit handler, so the cache is written once the entry has loaded (the first turn of the event loop).
"use strict";
const path = require("path");

try {
    const save = require("./compileCache").compileCacheFor(path.resolve(__dirname, ".."), "pack");
    if (save) setImmediate(save);
} catch {
    // Only a speed-up.
}

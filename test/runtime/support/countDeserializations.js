// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Preloaded into a pack process by test/runtime/contract.spec.ts, before the pack loads @pulumi/policy:
// counts the SDK deserializer's real work per request Struct, one line `<struct id>` per call, in the
// file DESERIALIZE_COUNT_FILE names. A server that calls the deserializer without the pack's memo
// (captured before the patch, or the patch missing) shows as a Struct counted more than once.
"use strict";
const fs = require("fs");
const file = process.env.DESERIALIZE_COUNT_FILE;
const mod = require(require.resolve("@pulumi/policy/deserialize", { paths: [process.cwd()] }));
const original = mod.deserializeProperties;
const ids = new WeakMap();
let next = 0;
mod.deserializeProperties = function countedDeserializeProperties(struct, proxySecrets) {
    let id = ids.get(struct);
    if (id === undefined) {
        id = next++;
        ids.set(struct, id);
    }
    fs.appendFileSync(file, `${id}\n`);
    return original.call(this, struct, proxySecrets);
};

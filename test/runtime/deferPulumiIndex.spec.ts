// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as path from "path";
import { deferPulumiIndex } from "../../policies/runtime/deferPulumiIndex";

const ROOT = path.resolve(__dirname, "..", "..");

/** Runs `script` in a fresh Node process from the pack's folder (this process has the index loaded). */
function inFreshPack(script: string): unknown {
    const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
        cwd: path.join(ROOT, "policies"),
        env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, "policies", "tsconfig.json") },
        encoding: "utf8",
    });
    return JSON.parse(out) as unknown;
}

describe("pack: @pulumi/pulumi's index deferred at start-up (policies/runtime/deferPulumiIndex.ts)", function () {
    this.timeout(120000);

    it("loads @pulumi/policy without the automation API or the closure serializer (and its TypeScript), with the SDK's assets working", () => {
        const seen = inFreshPack(`
            const loaded = (part) => Object.keys(require.cache).some((k) => k.includes(part));
            const installed = require("./runtime/deferPulumiIndex").deferPulumiIndex();
            require("@pulumi/policy");
            const { deserializeProperties } = require("@pulumi/policy/deserialize");
            const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
            const sig = "4dabf18193072939515e22adb298388d";
            const props = deserializeProperties(
                Struct.fromJavaScript({ a: { [sig]: "c44067f5952c0a294b673a41bacd8c17", path: "x.txt" } }),
                false,
            );
            const pulumi = require("@pulumi/pulumi");
            const before = { automation: loaded("@pulumi/pulumi/automation/"), closureSerializer: loaded("@pulumi/pulumi/runtime/closure/") };
            const sameAsset = pulumi.asset.FileAsset === require("@pulumi/pulumi/asset").FileAsset;
            const sameOutput = pulumi.Output === require("@pulumi/pulumi/output").Output;
            const isFileAsset = props.a instanceof pulumi.asset.FileAsset;
            const runtime = typeof pulumi.runtime.isDryRun;
            console.log(JSON.stringify({
                installed, before, sameAsset, sameOutput, isFileAsset, runtime,
                after: loaded("@pulumi/pulumi/automation/"),
                realIndex: typeof require("@pulumi/pulumi").automation,
                keys: Object.keys(pulumi).includes("runtime"),
                again: require("./runtime/deferPulumiIndex").deferPulumiIndex(),
            }));
        `);
        assert.deepStrictEqual(seen, {
            installed: true,
            before: { automation: false, closureSerializer: false },
            sameAsset: true,
            sameOutput: true,
            isFileAsset: true,
            runtime: "function",
            after: true,
            realIndex: "object",
            keys: true,
            again: false,
        });
    });

    it("leaves an index that is loaded already alone", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const real = require("@pulumi/pulumi") as object;
        assert.strictEqual(deferPulumiIndex(), false);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        assert.strictEqual(require("@pulumi/pulumi"), real);
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { AnalyzerInfoModules, installAnalyzerInfoOnce } from "../../policies/runtime/analyzerInfoOnce";
import { PACK_NAME, policies } from "../../policies/policies";

/* eslint-disable @typescript-eslint/no-require-imports */
const protoutil = require("@pulumi/policy/protoutil") as {
    makeAnalyzerInfo(...args: unknown[]): {
        serializeBinary(): Uint8Array;
        getPoliciesList(): { getConfigschema(): { getProperties(): object } | undefined }[];
    };
};
/* eslint-enable @typescript-eslint/no-require-imports */

const modules = { protoutil, struct: structproto } as unknown as AnalyzerInfoModules;
const infoBytes = (): Buffer =>
    Buffer.from(protoutil.makeAnalyzerInfo(PACK_NAME, "4.0.1", "advisory", { policies }, {}).serializeBinary());

describe("policies: GetAnalyzerInfo converts each distinct config schema once (policies/runtime/analyzerInfoOnce.ts)", () => {
    const schemas = policies.filter((p) => p.configSchema).length;
    const before = infoBytes();
    const schemaStructs = (): number =>
        new Set(
            protoutil
                .makeAnalyzerInfo(PACK_NAME, "4.0.1", "advisory", { policies }, {})
                .getPoliciesList()
                .map((p) => p.getConfigschema()?.getProperties())
                .filter((s) => s !== undefined),
        ).size;
    const unpatched = schemaStructs();
    installAnalyzerInfoOnce(modules);
    installAnalyzerInfoOnce(modules);

    it("answers with the same bytes as the SDK, call after call", () => {
        assert.ok(schemas >= 40, `only ${schemas} policies with a config schema`);
        assert.ok(before.length > 40 * 1000, `an answer of ${before.length} bytes cannot hold ${schemas} schemas`);
        assert.deepStrictEqual(infoBytes(), before);
        assert.deepStrictEqual(infoBytes(), before);
    });

    it("converts the pack's one waiver schema once instead of once per policy", () => {
        assert.strictEqual(unpatched, schemas);
        assert.strictEqual(schemaStructs(), 1);
    });

    it("leaves every other Struct alone: converted afresh outside the call, serialized from its own fields", () => {
        const value = { waivers: { type: "array" } };
        const a = structproto.Struct.fromJavaScript(value);
        const b = structproto.Struct.fromJavaScript(value);
        assert.notStrictEqual(a, b);
        a.getFieldsMap().set("added", structproto.Value.fromJavaScript(1));
        assert.deepStrictEqual(structproto.Struct.deserializeBinary(a.serializeBinary()).toJavaScript(), {
            waivers: { type: "array" },
            added: 1,
        });
    });

    it("keeps a schema holding undefined apart from the same schema without it (the SDK's conversion throws on it)", () => {
        const calls: unknown[] = [];
        const fake = {
            protoutil: {
                makeAnalyzerInfo: () => [
                    fakeStruct.Struct.fromJavaScript({ a: 1 }),
                    fakeStruct.Struct.fromJavaScript({ a: 1, b: undefined }),
                    fakeStruct.Struct.fromJavaScript({ a: 1 }),
                ],
            },
        };
        const fakeStruct = {
            Struct: {
                fromJavaScript: (v: unknown) => (
                    calls.push(v),
                    { serializeBinary: () => new Uint8Array([calls.length]) }
                ),
                serializeBinaryToWriter: () => undefined,
            },
        };
        installAnalyzerInfoOnce({ ...fake, struct: fakeStruct } as unknown as AnalyzerInfoModules);
        const [x, y, z] = fake.protoutil.makeAnalyzerInfo() as object[];
        assert.strictEqual(calls.length, 2);
        assert.strictEqual(x, z);
        assert.notStrictEqual(x, y);
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { BinaryReader } from "google-protobuf";
import * as structPb from "google-protobuf/google/protobuf/struct_pb";
import { analyzeRequestBytes, StackRequestBuilder } from "../../engine/protocol/messages";
import { providersByUrn, providerUrnOf } from "../../engine/recording/graph";
import { RecordedResource } from "../../engine/recording/program";
import { structBytes } from "../../engine/protocol/structEncoding";
import { SECRET_SIG, SECRET_SIG_KEY, UNKNOWN_SENTINEL, UNKNOWN_SENTINELS } from "../../policies/runtime/wire";
import {
    AnalyzerServiceModule,
    installDeserializeOnce,
    installLazyStructs,
    StructModule,
} from "../../policies/runtime/deserializeOnce";
import { decodeStruct, StructDecodeError } from "../../policies/runtime/structDecoding";
import { recordedStacks } from "../support/stacks";
import { STRUCT_EDGE_CASES } from "../engine/structCases";

const { Struct } = structPb;
/** What google-protobuf reads from the same bytes: the reference the decoder must equal. */
const reference = (bytes: Uint8Array): Record<string, unknown> =>
    Struct.deserializeBinaryFromReader(new Struct(), new BinaryReader(bytes)).toJavaScript();

/** A Struct of one entry `key` whose Value holds `valueBytes` (hand-made wire bytes). */
function entry(key: string, valueBytes: number[]): number[] {
    const k = [...Buffer.from(key)];
    const inner = [0x0a, k.length, ...k, 0x12, valueBytes.length, ...valueBytes];
    return [0x0a, inner.length, ...inner];
}
const NUMBER_1 = [0x11, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f];
const NUMBER_2 = [0x11, 0, 0, 0, 0, 0, 0, 0, 0x40];

/** A copy of the Analyzer service's definitions: installing on it leaves this process's own untouched. */
function serviceCopy(): AnalyzerServiceModule {
    const s = analyzerGrpc.AnalyzerService as unknown as AnalyzerServiceModule["AnalyzerService"];
    return {
        AnalyzerService: {
            analyze: { ...s.analyze },
            analyzeStack: { ...s.analyzeStack },
            remediate: { ...s.remediate },
        },
    };
}

describe("pack: Structs decoded straight from request bytes (policies/runtime/structDecoding.ts)", function () {
    this.timeout(120000);
    let stacks: RecordedResource[][];

    before(async () => (stacks = await recordedStacks()));

    it("decodes every recorded resource's properties to what google-protobuf reads, key order included", () => {
        let n = 0;
        for (const r of stacks.flat()) {
            const bytes = structBytes(r.wireInputs as object);
            const decoded = decodeStruct(bytes, UNKNOWN_SENTINELS);
            assert.strictEqual(JSON.stringify(decoded.value), JSON.stringify(reference(bytes)), r.urn);
            assert.deepStrictEqual(decoded.value, reference(bytes), r.urn);
            n++;
        }
        assert.ok(n > 50, `only ${n} resources recorded`);
    });

    it("decodes edge cases as google-protobuf does: unicode, -0, NaN, infinities, empty and long values", () => {
        for (const [k, v] of Object.entries(STRUCT_EDGE_CASES)) {
            const bytes = structBytes({ [k]: v });
            assert.deepStrictEqual(decodeStruct(bytes).value, reference(bytes), k);
        }
        const all = structBytes(STRUCT_EDGE_CASES);
        assert.strictEqual(Object.keys(decodeStruct(all).value).join(), Object.keys(reference(all)).join());
        assert.ok(Object.is((decodeStruct(structBytes({ z: -0 })).value as { z: number }).z, -0));
    });

    it("sorts keys and lets the last repeated key and oneof case win, as google-protobuf's map and oneof do", () => {
        // b=1, a=2, b=… : wire order unsorted, b repeated; then a Value that sets a number, then a string.
        const bytes = Uint8Array.from([
            ...entry("b", NUMBER_1),
            ...entry("a", NUMBER_2),
            ...entry("b", [...NUMBER_1, 0x1a, 0x01, 0x78]),
        ]);
        assert.deepStrictEqual(reference(bytes), { a: 2, b: "x" });
        const decoded = decodeStruct(bytes).value;
        assert.deepStrictEqual(decoded, { a: 2, b: "x" });
        assert.deepStrictEqual(Object.keys(decoded), ["a", "b"]);
    });

    it("says when the SDK's deserializer must see the value (signatures, __proto__) and when it holds an unknown", () => {
        const plain = (v: object): boolean => decodeStruct(structBytes(v), UNKNOWN_SENTINELS).plain;
        const unknown = (v: object): boolean => decodeStruct(structBytes(v), UNKNOWN_SENTINELS).unknown;
        assert.deepStrictEqual(
            [
                plain({ a: { b: [1, "x"] } }),
                plain({ a: [{ [SECRET_SIG_KEY]: SECRET_SIG, value: "s" }] }),
                plain({ [SECRET_SIG_KEY]: SECRET_SIG }),
                decodeStruct(Uint8Array.from(entry("__proto__", NUMBER_1))).plain,
            ],
            [true, false, false, false],
        );
        assert.deepStrictEqual(
            [
                unknown({ a: [{ b: UNKNOWN_SENTINEL }] }),
                unknown({ a: [{ b: "x" }] }),
                unknown({ [UNKNOWN_SENTINEL]: 1 }),
            ],
            [true, false, false],
        );
    });

    it("refuses a Value with no kind with google-protobuf's error, and malformed bytes with the offset", () => {
        const noKind = Uint8Array.from(entry("a", []));
        assert.throws(() => reference(noKind), /^Error: Unexpected struct type$/);
        assert.throws(() => decodeStruct(noKind), /^Error: Unexpected struct type$/);
        const cases: [number[], string][] = [
            [[0x0a, 0x05, 0x0a], "a field of 5 bytes runs past the end at byte 2"],
            [[0x0a], "varint runs past the end at byte 1"],
            [entry("a", [0x11, 0, 0]), "a number runs past the end at byte 8"],
            [entry("a", [0x3b]), "wire type 3 at byte 8"],
            [entry("a", [0x10, 0x01]), "field 2 of a Value has wire type 0 at byte 8"],
        ];
        for (const [bytes, message] of cases) {
            assert.throws(
                () => decodeStruct(Uint8Array.from(bytes)),
                (err: Error) =>
                    err instanceof StructDecodeError && err.message === `malformed google.protobuf.Struct: ${message}`,
                message,
            );
        }
    });

    it("reads Analyze, Remediate and AnalyzeStack requests with their Structs kept as bytes, and nothing else changes", () => {
        const service = serviceCopy();
        installLazyStructs({ service, struct: structPb as unknown as StructModule, reader: BinaryReader });
        const readStruct = Struct.deserializeBinaryFromReader;
        let n = 0;
        for (const resources of stacks) {
            const providers = providersByUrn(resources);
            for (const r of resources.filter((x) => x.custom)) {
                const bytes = analyzeRequestBytes(r, providers.get(providerUrnOf(r.provider)));
                const eager = analyzerPb.AnalyzeRequest.deserializeBinary(bytes);
                // Remediate takes the same request message, read the same way.
                for (const method of ["analyze", "remediate"] as const) {
                    const lazy = service.AnalyzerService[method].requestDeserialize(bytes) as analyzerPb.AnalyzeRequest;
                    assert.deepStrictEqual(lazy.getProperties()!.toJavaScript(), eager.getProperties()!.toJavaScript());
                    assert.deepStrictEqual(
                        lazy.getProvider()?.getProperties()?.toJavaScript(),
                        eager.getProvider()?.getProperties()?.toJavaScript(),
                    );
                    // Anything else reads the message itself: the same message, byte for byte.
                    assert.ok(
                        Buffer.from(lazy.serializeBinary()).equals(Buffer.from(eager.serializeBinary())),
                        `${method} ${r.urn}`,
                    );
                    n++;
                }
            }
            const bytes = new StackRequestBuilder(resources, providers).bytes();
            const lazy = service.AnalyzerService.analyzeStack.requestDeserialize(
                bytes,
            ) as analyzerPb.AnalyzeStackRequest;
            const eager = analyzerPb.AnalyzeStackRequest.deserializeBinary(bytes);
            assert.deepStrictEqual(
                lazy.getResourcesList().map((x) => x.getProperties()!.toJavaScript()),
                eager.getResourcesList().map((x) => x.getProperties()!.toJavaScript()),
            );
            assert.deepStrictEqual(lazy.toObject(), eager.toObject());
        }
        assert.ok(n > 50, `only ${n} requests`);
        // No Value message is built until something other than toJavaScript asks for the message.
        const readValue = structPb.Value.deserializeBinaryFromReader;
        let valuesRead = 0;
        structPb.Value.deserializeBinaryFromReader = (m, r) => (valuesRead++, readValue(m, r));
        try {
            const r = stacks[0].find((x) => x.custom)!;
            const lazy = service.AnalyzerService.analyze.requestDeserialize(
                analyzeRequestBytes(r),
            ) as analyzerPb.AnalyzeRequest;
            lazy.getProperties()!.toJavaScript();
            assert.strictEqual(valuesRead, 0);
            lazy.serializeBinary();
            assert.ok(valuesRead > 3, `${valuesRead} values read`);
        } finally {
            structPb.Value.deserializeBinaryFromReader = readValue;
        }
        // The byte-keeping reader is in place only while a request is read.
        assert.strictEqual(Struct.deserializeBinaryFromReader, readStruct);
        const outside = Struct.deserializeBinary(structBytes({ a: 1 }));
        assert.deepStrictEqual(outside.getFieldsMap().getEntryList().length, 1);
    });

    it("gives the SDK's deserializer's result for a request's properties, secrets and unknowns included", () => {
        const service = serviceCopy();
        installLazyStructs({ service, struct: structPb as unknown as StructModule, reader: BinaryReader });
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const sdk = require("@pulumi/policy/deserialize") as {
            deserializeProperties(s: object, p: boolean): Record<string, unknown>;
        };
        const original = sdk.deserializeProperties;
        const once = { deserializeProperties: original };
        const proxy = { unknownCheckingProxy: <T>(o: T): T => o };
        installDeserializeOnce(once, proxy);
        const props = {
            spec: { replicas: 3 },
            data: { [SECRET_SIG_KEY]: SECRET_SIG, value: "s3cr3t" },
            status: { ip: UNKNOWN_SENTINEL },
        };
        const resource = stacks[0].find((r) => r.custom)!;
        const request = (value: Record<string, unknown>): analyzerPb.AnalyzeRequest =>
            service.AnalyzerService.analyze.requestDeserialize(
                analyzeRequestBytes({ ...resource, wireInputs: value }, undefined),
            ) as analyzerPb.AnalyzeRequest;
        for (const value of [props, { spec: { replicas: 3 } }]) {
            const eager = original(Struct.deserializeBinary(structBytes(value)), false);
            const lazy = request(value).getProperties()!;
            assert.deepStrictEqual(once.deserializeProperties(lazy, false), eager);
            assert.strictEqual(once.deserializeProperties(lazy, false), once.deserializeProperties(lazy, false));
        }
        assert.deepStrictEqual(once.deserializeProperties(request(props).getProperties()!, false).data, "s3cr3t");
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { analyzeRequestBytes, analyzerOptionsOf, StackRequestBuilder } from "../../engine/protocol/messages";
import { providersByUrn, providerUrnOf } from "../../engine/recording/graph";
import { RecordedResource } from "../../engine/recording/program";
import { structBytes } from "../../engine/protocol/structEncoding";
import { SECRET_SIG, SECRET_SIG_KEY } from "../../policies/runtime/wire";
import { recordedStacks } from "../support/stacks";
import { STRUCT_EDGE_CASES } from "./structCases";

/** What google-protobuf writes for the same value: the reference the hand-written bytes must equal. */
const reference = (o: object): Buffer => Buffer.from(Struct.fromJavaScript(o as never).serializeBinary());

/** The request as google-protobuf builds it with Struct objects (the client before the byte path). */
function referenceRequest(r: RecordedResource, provider?: RecordedResource): analyzerPb.AnalyzeRequest {
    const req = new analyzerPb.AnalyzeRequest();
    req.setType(r.type);
    req.setName(r.name);
    req.setUrn(r.urn);
    req.setProperties(Struct.fromJavaScript(r.wireInputs as never));
    // The options are built as the client builds them; the bytes under test are the properties.
    req.setOptions(analyzerOptionsOf(r));
    if (provider) {
        const p = new analyzerPb.AnalyzerProviderResource();
        p.setType(provider.type);
        p.setName(provider.name);
        p.setUrn(provider.urn);
        p.setProperties(Struct.fromJavaScript(provider.wireInputs as never));
        req.setProvider(p);
    }
    return req;
}

const EDGE_CASES: Record<string, unknown> = {
    ...STRUCT_EDGE_CASES,
    secret: { [SECRET_SIG_KEY]: SECRET_SIG, value: "s3cr3t" },
};

describe("protocol requests from bytes (engine/protocol/structEncoding.ts)", function () {
    this.timeout(120000);
    let stacks: RecordedResource[][];

    before(async () => (stacks = await recordedStacks()));

    it("writes the bytes google-protobuf writes for every recorded resource's properties", () => {
        let n = 0;
        for (const r of stacks.flat()) {
            assert.ok(structBytes(r.wireInputs as object).equals(reference(r.wireInputs as object)), r.urn);
            n++;
        }
        assert.ok(n > 50, `only ${n} resources recorded`);
    });

    it("writes the same bytes for edge cases: unicode, -0, NaN, infinities, empty values, deep and long values, key order", () => {
        for (const [k, v] of Object.entries(EDGE_CASES)) {
            assert.ok(structBytes({ [k]: v }).equals(reference({ [k]: v })), k);
        }
        assert.ok(structBytes(EDGE_CASES).equals(reference(EDGE_CASES)));
        // google-protobuf's map is a plain object: a `__proto__` key was never written, and setting
        // it wrote to Object.prototype. The bytes leave it out, and nothing is polluted.
        const nullProto = Object.assign(Object.create(null) as object, {
            ["__proto__"]: { value: 1 },
            constructor: "c",
        });
        assert.deepStrictEqual(Struct.deserializeBinary(structBytes(nullProto)).toJavaScript(), { constructor: "c" });
        assert.ok(structBytes(nullProto).equals(reference({ constructor: "c" })));
        assert.strictEqual(({} as Record<string, unknown>).value, undefined);
    });

    it("refuses what google-protobuf refuses, with its message", () => {
        for (const bad of [() => 1, BigInt(1), Symbol("s")]) {
            assert.throws(() => reference({ a: bad }), /^Error: Unexpected struct type\.$/);
            assert.throws(() => structBytes({ a: bad }), /^Error: Unexpected struct type\.$/);
        }
    });

    it("writes undefined as JSON does (google-protobuf threw): a key left out, a list item null", () => {
        const value = { a: undefined, b: [1, undefined, "x"], c: { d: undefined, e: 2 } };
        assert.throws(() => reference(value), /^Error: Unexpected struct type\.$/);
        const json = JSON.parse(JSON.stringify(value)) as object;
        assert.deepStrictEqual(json, { b: [1, null, "x"], c: { e: 2 } });
        assert.ok(structBytes(value).equals(reference(json)));
    });

    it("writes bytes as their base64 text, as manifest mode reads !!binary (google-protobuf threw on a Buffer)", () => {
        const value = { b: Buffer.from("hello"), u: Uint8Array.from([0, 255]), l: [Buffer.from("x")] };
        assert.throws(() => reference(value), /^Error: Unexpected struct type\.$/);
        assert.ok(structBytes(value).equals(reference({ b: "aGVsbG8=", u: "AP8=", l: ["eA=="] })));
    });

    it("an entry that cannot be built fails the AnalyzeStack request, never the step built while calls are out", () => {
        const bad = { ...stacks[0][1], wireInputs: { f: () => 1 } as Record<string, unknown> };
        const builder = new StackRequestBuilder([stacks[0][0], bad, stacks[0][2]], new Map());
        builder.advance(3);
        assert.throws(() => builder.bytes(), /^Error: Unexpected struct type\.$/);
    });

    it("Analyze requests decode to the message google-protobuf builds, provider included", () => {
        for (const resources of stacks) {
            const providers = providersByUrn(resources);
            let withProvider = 0;
            for (const r of resources.filter((x) => x.custom)) {
                const provider = providers.get(providerUrnOf(r.provider));
                withProvider += provider ? 1 : 0;
                const decoded = analyzerPb.AnalyzeRequest.deserializeBinary(analyzeRequestBytes(r, provider));
                assert.deepStrictEqual(decoded.toObject(), referenceRequest(r, provider).toObject(), r.urn);
                assert.deepStrictEqual(decoded.getProperties()?.toJavaScript(), r.wireInputs, r.urn);
            }
            assert.ok(withProvider > 10, `only ${withProvider} resources with a provider`);
        }
    });

    it("builds the same AnalyzeStack request a few resources at a time as in one go", () => {
        for (const resources of stacks) {
            const providers = providersByUrn(resources);
            const whole = new StackRequestBuilder(resources, providers).bytes();
            const stepwise = new StackRequestBuilder(resources, providers);
            stepwise.advance();
            stepwise.advance(3);
            assert.ok(stepwise.bytes().equals(whole));
            const ahead = new StackRequestBuilder(resources, providers);
            ahead.advance(resources.length + 5);
            assert.ok(ahead.bytes().equals(whole));
            assert.ok(whole.length > 1000 * resources.length, `${whole.length} bytes`);
        }
    });

    it("the AnalyzeStack request decodes to the whole graph, in order, with parents, dependencies and providers", () => {
        for (const resources of stacks) {
            const providers = providersByUrn(resources);
            const decoded = analyzerPb.AnalyzeStackRequest.deserializeBinary(
                new StackRequestBuilder(resources, providers).bytes(),
            ).getResourcesList();
            assert.strictEqual(decoded.length, resources.length);
            decoded.forEach((a, i) => {
                const r = resources[i];
                const ref = referenceRequest(r, providers.get(providerUrnOf(r.provider))).toObject();
                assert.deepStrictEqual(
                    {
                        type: a.getType(),
                        name: a.getName(),
                        urn: a.getUrn(),
                        properties: a.getProperties()?.toObject(),
                        options: a.getOptions()?.toObject(),
                        provider: a.getProvider()?.toObject(),
                    },
                    {
                        type: ref.type,
                        name: ref.name,
                        urn: ref.urn,
                        properties: ref.properties,
                        options: ref.options,
                        provider: ref.provider,
                    },
                    r.urn,
                );
                assert.strictEqual(a.getParent(), r.parent);
                assert.deepStrictEqual(a.getDependenciesList(), r.dependencies);
                const deps: Record<string, string[]> = {};
                a.getPropertydependenciesMap().forEach((v, k) => (deps[k] = v.getUrnsList()));
                assert.deepStrictEqual(deps, r.propertyDependencies);
            });
        }
    });
});

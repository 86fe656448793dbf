// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// GetAnalyzerInfo is answered before a preview runs the program, so its cost is paid in full. With
// @pulumi/policy 1.21 it converts every policy's config schema with google-protobuf's
// Struct.fromJavaScript and serializes each one: the pack's 41 policies carry the same waiver schema,
// and those 41 conversions and serializations were most of the call (0.2–0.4 s of CPU here). The
// server calls makeAnalyzerInfo through its module object, so converting each distinct schema once
// and writing its bytes once changes what the call costs and nothing of what it returns.
import * as path from "path";

interface Writer {
    writeSerializedMessage(bytes: Uint8Array, start: number, end: number): void;
}

interface StructClass {
    fromJavaScript(value: unknown): { serializeBinary(): Uint8Array };
    serializeBinaryToWriter(message: object, writer: Writer): void;
}

/** The modules @pulumi/policy's server uses to answer GetAnalyzerInfo. */
export interface AnalyzerInfoModules {
    protoutil: { makeAnalyzerInfo: (...args: unknown[]) => unknown };
    struct: { Struct: StructClass };
}

const INSTALLED = Symbol.for("cluster-platform.analyzerInfoOnce");
/** The serialized bytes of each Struct converted once per distinct schema. */
const bytesOf = new WeakMap<object, Uint8Array>();

/** The modules @pulumi/policy's server itself loads (the pack may sit beside its own copies). */
function policyModules(): AnalyzerInfoModules {
    const policyDir = path.dirname(require.resolve("@pulumi/policy/protoutil", { paths: [__dirname] }));
    /* eslint-disable @typescript-eslint/no-require-imports */
    return {
        protoutil: require(path.join(policyDir, "protoutil")) as AnalyzerInfoModules["protoutil"],
        struct: require(
            require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [policyDir] }),
        ) as AnalyzerInfoModules["struct"],
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
}

/** A key equal for values Struct.fromJavaScript converts alike (undefined kept apart: it makes the conversion throw). */
function keyOf(value: unknown): string {
    return JSON.stringify(value, (_k, v: unknown) => (v === undefined ? "\u0000undefined" : v));
}

/**
 * While makeAnalyzerInfo runs, equal config schemas share one Struct, and that Struct's bytes are
 * computed once and copied wherever it is serialized. Every other Struct converts and serializes as
 * before. Idempotent per module.
 */
export function installAnalyzerInfoOnce(modules: AnalyzerInfoModules = policyModules()): void {
    const { protoutil, struct } = modules;
    const marked = protoutil as unknown as Record<symbol, boolean>;
    if (marked[INSTALLED]) {
        return;
    }
    marked[INSTALLED] = true;
    const Struct = struct.Struct;
    const make = protoutil.makeAnalyzerInfo;
    const fromJavaScript = Struct.fromJavaScript;
    const serialize = Struct.serializeBinaryToWriter;
    Struct.serializeBinaryToWriter = (message, writer) => {
        const bytes = bytesOf.get(message);
        if (bytes) {
            writer.writeSerializedMessage(bytes, 0, bytes.length);
        } else {
            serialize(message, writer);
        }
    };
    protoutil.makeAnalyzerInfo = (...args: unknown[]) => {
        const byKey = new Map<string, ReturnType<StructClass["fromJavaScript"]>>();
        Struct.fromJavaScript = (value: unknown) => {
            const key = keyOf(value);
            let converted = byKey.get(key);
            if (!converted) {
                converted = fromJavaScript.call(Struct, value);
                bytesOf.set(converted, converted.serializeBinary());
                byKey.set(key, converted);
            }
            return converted;
        };
        try {
            return make(...args);
        } finally {
            Struct.fromJavaScript = fromJavaScript;
        }
    };
}

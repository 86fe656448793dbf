// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// One deserialization per resource and request inside the pack server. @pulumi/policy 1.21's server
// deserializes a resource's properties once per policy (Analyze) and once per resource per stack
// policy (AnalyzeStack): with twenty policies and ten thousand resources that is most of the pack's
// time. The server calls both helpers through their module objects, so memoizing them here changes
// what they cost and nothing of what they return. A request's Structs are kept as bytes until a
// policy reads them, then decoded straight to plain data (./structDecoding).
import * as path from "path";
import type { DeserializeModule, ProxyModule } from "./sdkInternals";
import { decodeStruct } from "./structDecoding";
import { UNKNOWN_SENTINELS } from "./wire";

/** True when a deserialized value holds an unknown sentinel anywhere. */
export function holdsUnknown(value: unknown): boolean {
    if (typeof value === "string") {
        return UNKNOWN_SENTINELS.has(value);
    }
    if (Array.isArray(value)) {
        return value.some(holdsUnknown);
    }
    if (typeof value === "object" && value !== null) {
        for (const k in value) {
            if (holdsUnknown((value as Record<string, unknown>)[k])) {
                return true;
            }
        }
    }
    return false;
}

const INSTALLED = Symbol.for("cluster-platform.deserializeOnce");
const LAZY_INSTALLED = Symbol.for("cluster-platform.lazyStructs");

/** The Struct bytes of every request Struct not yet read as a message (see {@link installLazyStructs}). */
const pendingBytes = new WeakMap<object, Uint8Array>();

/**
 * Memoizes the SDK's deserializer per request Struct (the protobuf message hands out the same Struct
 * object on every `getProperties()` of one request), and lets its unknown-checking proxy return
 * data that holds no unknown as it is: the proxy only ever acts on unknowns. Every policy then sees
 * the same plain object for a resource, as in `check`'s in-process engine. Idempotent.
 */
export function installDeserializeOnce(
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    deserialize: DeserializeModule = require("@pulumi/policy/deserialize") as DeserializeModule,
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    proxy: ProxyModule = require("@pulumi/policy/proxy") as ProxyModule,
): void {
    const marked = deserialize as unknown as Record<symbol, boolean>;
    if (marked[INSTALLED]) {
        return;
    }
    marked[INSTALLED] = true;
    const original = deserialize.deserializeProperties.bind(deserialize);
    const byStruct = new WeakMap<object, Record<string, unknown>>();
    const unknownFree = new WeakSet<object>();
    deserialize.deserializeProperties = (struct, proxySecrets) => {
        if (proxySecrets || typeof struct !== "object" || struct === null) {
            return original(struct, proxySecrets);
        }
        let props = byStruct.get(struct);
        if (!props) {
            const bytes = pendingBytes.get(struct);
            const decoded = bytes ? decodeStruct(bytes, UNKNOWN_SENTINELS) : undefined;
            // Plain decoded data is what the SDK's deserializer returns for it; anything else goes through it.
            props = decoded?.plain ? decoded.value : original(struct, false);
            byStruct.set(struct, props);
            if (decoded?.plain ? !decoded.unknown : !holdsUnknown(props)) {
                unknownFree.add(props);
            }
        }
        return props;
    };
    const proxyOf = proxy.unknownCheckingProxy.bind(proxy);
    proxy.unknownCheckingProxy = <T>(o: T): T =>
        typeof o === "object" && o !== null && unknownFree.has(o) ? o : proxyOf(o);
}

interface BinaryReader {
    getCursor(): number;
    getBuffer(): Uint8Array;
    nextField(): boolean;
    isEndGroup(): boolean;
    skipField(): void;
}
type ReadStruct = (message: object, reader: BinaryReader) => object;
/** The parts of google-protobuf's `struct_pb` module this touches. */
export interface StructModule {
    Struct: {
        deserializeBinaryFromReader: ReadStruct;
        prototype: { toJavaScript(): Record<string, unknown>; getFieldsMap(...args: unknown[]): unknown };
    };
}
/** The parts of `@pulumi/pulumi/proto/analyzer_grpc_pb` this touches. */
export interface AnalyzerServiceModule {
    AnalyzerService: Record<string, { requestDeserialize(bytes: Buffer): unknown }>;
}

/** The modules @pulumi/policy's server itself loads (the pack may sit beside its own copies). */
function sdkModules(): {
    service: AnalyzerServiceModule;
    struct: StructModule;
    reader: new (b: Uint8Array) => BinaryReader;
} {
    const from = (request: string, dir: string): string => require.resolve(request, { paths: [dir] });
    const policyDir = path.dirname(from("@pulumi/policy/server", __dirname));
    const servicePath = from("@pulumi/pulumi/proto/analyzer_grpc_pb", policyDir);
    const protoDir = path.dirname(servicePath);
    /* eslint-disable @typescript-eslint/no-require-imports */
    return {
        service: require(servicePath) as AnalyzerServiceModule,
        struct: require(from("google-protobuf/google/protobuf/struct_pb", protoDir)) as StructModule,
        reader: (require(from("google-protobuf", protoDir)) as { BinaryReader: new (b: Uint8Array) => BinaryReader })
            .BinaryReader,
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
}

/**
 * Keeps the properties Structs of Analyze, AnalyzeStack and Remediate requests as bytes: google-protobuf's
 * reader builds a message object per value, then the SDK turns them into plain data, and that
 * garbage was a third of the pack's CPU on ten thousand resources. A Struct read this way answers
 * `toJavaScript()` by decoding its bytes directly, and reads itself as a message the first time
 * anything else (`getFieldsMap`, so serializing or `toObject` too) asks. Idempotent per module.
 */
export function installLazyStructs(modules = sdkModules()): void {
    const { service, struct, reader: Reader } = modules;
    const proto = struct.Struct.prototype as unknown as Record<symbol, boolean> & StructModule["Struct"]["prototype"];
    const readStruct = struct.Struct.deserializeBinaryFromReader;
    if (!proto[LAZY_INSTALLED]) {
        proto[LAZY_INSTALLED] = true;
        const toJavaScript = proto.toJavaScript;
        const getFieldsMap = proto.getFieldsMap;
        proto.toJavaScript = function (this: object) {
            const bytes = pendingBytes.get(this);
            return bytes ? decodeStruct(bytes).value : toJavaScript.call(this);
        };
        proto.getFieldsMap = function (this: object, ...args: unknown[]) {
            const bytes = pendingBytes.get(this);
            if (bytes) {
                pendingBytes.delete(this);
                readStruct(this, new Reader(bytes));
            }
            return getFieldsMap.apply(this, args);
        };
    }
    const keepBytes: ReadStruct = (message, reader) => {
        const start = reader.getCursor();
        while (reader.nextField() && !reader.isEndGroup()) {
            reader.skipField();
        }
        pendingBytes.set(message, reader.getBuffer().subarray(start, reader.getCursor()));
        return message;
    };
    // Remediate takes an AnalyzeRequest too, and the CLI sends one per resource beside its Analyze.
    for (const method of ["analyze", "analyzeStack", "remediate"]) {
        const definition = service.AnalyzerService[method] as Record<symbol, boolean> & {
            requestDeserialize(b: Buffer): unknown;
        };
        if (definition[LAZY_INSTALLED]) {
            continue;
        }
        definition[LAZY_INSTALLED] = true;
        const decodeRequest = definition.requestDeserialize;
        definition.requestDeserialize = (bytes: Buffer) => {
            // Only while this request is read: every other Struct of the process reads as before.
            struct.Struct.deserializeBinaryFromReader = keepBytes;
            try {
                return decodeRequest(bytes);
            } finally {
                struct.Struct.deserializeBinaryFromReader = readStruct;
            }
        };
    }
}

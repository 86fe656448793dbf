// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// One deserialization per resource and request inside the pack server. @pulumi/policy 1.21's server
// deserializes a resource's properties once per policy (Analyze) and once per resource per stack
// policy (AnalyzeStack): with twenty policies and ten thousand resources that is most of the pack's
// time. The server calls both helpers through their module objects, so memoizing them here changes
// what they cost and nothing of what they return.

/** The SDK's unknown sentinels (proxy.js): a property holding one throws UnknownValueError when read. */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

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

interface DeserializeModule {
    deserializeProperties(struct: object, proxySecrets: boolean): Record<string, unknown>;
}
interface ProxyModule {
    unknownCheckingProxy<T>(o: T): T;
}

const INSTALLED = Symbol.for("cluster-platform.deserializeOnce");

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
            props = original(struct, false);
            byStruct.set(struct, props);
            if (!holdsUnknown(props)) {
                unknownFree.add(props);
            }
        }
        return props;
    };
    const proxyOf = proxy.unknownCheckingProxy.bind(proxy);
    proxy.unknownCheckingProxy = <T>(o: T): T =>
        typeof o === "object" && o !== null && unknownFree.has(o) ? o : proxyOf(o);
}

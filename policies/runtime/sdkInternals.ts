// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// @pulumi/policy's private modules that the pack and the in-process engine use as they are: the
// unknown-checking proxy and its error class, and the deserializer. Loaded from the modules
// themselves, not the index, which would load all of @pulumi/pulumi. test/runtime/contract.spec.ts
// fails when their shape changes.

/** The SDK's proxy module (`@pulumi/policy/proxy`). */
export interface ProxyModule {
    unknownCheckingProxy<T>(o: T): T;
}

/** The SDK's deserializer module (`@pulumi/policy/deserialize`). */
export interface DeserializeModule {
    deserializeProperties(struct: object, proxySecrets: boolean): Record<string, unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as ProxyModule & { UnknownValueError: new (...args: never[]) => Error };

/** The error the SDK's proxy throws when a policy reads an unknown value; its server reports "can't run policy". */
export const UnknownValueError = proxy.UnknownValueError;

/** The SDK's own unknown-checking proxy: the same code the pack server wraps every resource's properties in. */
export function unknownCheckingProxy<T extends object>(o: T): T {
    return proxy.unknownCheckingProxy(o);
}

/** The SDK's deserializer (secrets unwrapped, assets rebuilt), loaded only for data that holds special values. */
export function deserializeWireProperties(wire: Record<string, unknown>): Record<string, unknown> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require("@pulumi/policy/deserialize") as DeserializeModule;
    return sdk.deserializeProperties({ toJavaScript: () => wire }, false);
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { holdsUnknown, installDeserializeOnce } from "../../policies/runtime/deserializeOnce";
import { UNKNOWN_SENTINEL } from "../../policies/runtime/wire";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdkProxy = require("@pulumi/policy/proxy") as { unknownCheckingProxy<T>(o: T): T };

/** Stand-ins for the SDK's deserialize and proxy modules that count the work done. */
function fakes(): {
    deserialize: { deserializeProperties(s: object, p: boolean): Record<string, unknown> };
    proxy: { unknownCheckingProxy<T>(o: T): T };
    calls: { deserialize: number; proxy: number };
} {
    const calls = { deserialize: 0, proxy: 0 };
    return {
        calls,
        deserialize: {
            deserializeProperties: (s: object) => {
                calls.deserialize++;
                return JSON.parse(JSON.stringify((s as { js: unknown }).js)) as Record<string, unknown>;
            },
        },
        proxy: {
            unknownCheckingProxy: <T>(o: T): T => {
                calls.proxy++;
                return sdkProxy.unknownCheckingProxy(o);
            },
        },
    };
}

describe("pack: one deserialization per resource and request", () => {
    it("deserializes a request's Struct once for every policy and passes unknown-free data unproxied", () => {
        const f = fakes();
        installDeserializeOnce(f.deserialize, f.proxy);
        const struct = { js: { spec: { replicas: 3 } } };
        const seen = [1, 2, 3].map(() =>
            f.proxy.unknownCheckingProxy(f.deserialize.deserializeProperties(struct, false)),
        );
        assert.deepStrictEqual(f.calls, { deserialize: 1, proxy: 0 });
        assert.strictEqual(seen[0], seen[2]);
        assert.deepStrictEqual(seen[0], { spec: { replicas: 3 } });
        // Another request's Struct is its own.
        f.deserialize.deserializeProperties({ js: { a: 1 } }, false);
        assert.strictEqual(f.calls.deserialize, 2);
    });

    it("keeps the SDK's proxy where a value is unknown, and does not memoize secret-proxying calls", () => {
        const f = fakes();
        installDeserializeOnce(f.deserialize, f.proxy);
        installDeserializeOnce(f.deserialize, f.proxy); // idempotent: no double wrapping
        const struct = { js: { spec: { clusterIP: UNKNOWN_SENTINEL } } };
        const props = f.proxy.unknownCheckingProxy(f.deserialize.deserializeProperties(struct, false)) as {
            spec: { clusterIP: string };
        };
        assert.throws(() => props.spec.clusterIP, {
            message: "string value at .spec.clusterIP can't be known during preview",
        });
        assert.strictEqual(f.calls.proxy, 1);
        f.deserialize.deserializeProperties(struct, true);
        f.deserialize.deserializeProperties(struct, true);
        assert.strictEqual(f.calls.deserialize, 3);
    });

    it("finds unknowns in nested lists and objects only", () => {
        assert.deepStrictEqual(
            [{ a: [{ b: UNKNOWN_SENTINEL }] }, { a: [{ b: "x" }] }, UNKNOWN_SENTINEL, null, 3].map(holdsUnknown),
            [true, false, true, false, false],
        );
    });
});

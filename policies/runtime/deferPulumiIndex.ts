// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The pack's start-up. @pulumi/policy 1.21 requires @pulumi/pulumi's index for two things, its asset
// classes and Output (deserialize.js); the index also loads the automation API, the closure
// serializer and, through it, the TypeScript compiler: about a second of the pack's start, before it
// can answer the engine. Here the index is a facade that loads those two from their own modules and
// the whole index the first time anything else is asked of it.
import Module from "module";
import * as path from "path";

/** Where the @pulumi/pulumi that @pulumi/policy loads has its index. */
function sdkIndexPath(): string {
    const policyDir = path.dirname(require.resolve("@pulumi/policy/package.json", { paths: [__dirname] }));
    return require.resolve("@pulumi/pulumi", { paths: [policyDir] });
}

/**
 * Puts a facade of @pulumi/pulumi's index in the module cache, unless the index is loaded already.
 * `asset` and `Output` come from their own modules (the same objects the index exports); any other
 * property, key listing or `in` loads the real index, which then also answers every later require.
 * Returns whether the facade was installed.
 */
export function deferPulumiIndex(indexPath: string = sdkIndexPath()): boolean {
    if (require.cache[indexPath]) {
        return false;
    }
    const dir = path.dirname(indexPath);
    /* eslint-disable @typescript-eslint/no-require-imports -- modules chosen at run time */
    let real: object | undefined;
    const load = (): object => {
        if (!real) {
            delete require.cache[indexPath];
            real = require(indexPath) as object;
        }
        return real;
    };
    const light: Record<string, () => unknown> = {
        asset: () => require(path.join(dir, "asset")) as unknown,
        Output: () => (require(path.join(dir, "output")) as { Output: unknown }).Output,
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
    const facade = new Proxy(
        {},
        {
            get: (_t, prop) =>
                typeof prop === "string" && prop in light && !real ? light[prop]() : Reflect.get(load(), prop),
            has: (_t, prop) => Reflect.has(load(), prop),
            ownKeys: () => Reflect.ownKeys(load()),
            getOwnPropertyDescriptor: (_t, prop) => {
                const d = Reflect.getOwnPropertyDescriptor(load(), prop);
                return d && { ...d, configurable: true };
            },
        },
    );
    const stub = new Module(indexPath, module);
    stub.filename = indexPath;
    stub.loaded = true;
    stub.exports = facade;
    require.cache[indexPath] = stub;
    return true;
}

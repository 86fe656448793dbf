// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Program entry of the engine tests' project copy: registers the mutation named by
// CP_ENGINE_MUTATION as a resource transform, then runs the real program (index.ts) unchanged.
import * as pulumi from "@pulumi/pulumi";
import { MUTATIONS } from "./mutations";

const id = process.env.CP_ENGINE_MUTATION;
if (id) {
    const m = MUTATIONS.find((x) => x.id === id);
    if (!m) {
        throw new Error(`unknown mutation ${id}`);
    }
    // The SDK's value-unknown-at-preview; not in its typings.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const unknown = (require("@pulumi/pulumi/output") as { unknown: unknown }).unknown;
    pulumi.runtime.registerResourceTransform((args) => {
        if (args.name !== m.target) {
            return undefined;
        }
        const props = JSON.parse(JSON.stringify(args.props)) as Record<string, unknown>;
        m.change?.(props, unknown);
        return { props, opts: m.protect === undefined ? args.opts : { ...args.opts, protect: m.protect } };
    });
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
module.exports = require("../../index");

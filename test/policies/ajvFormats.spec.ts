// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { kubernetesAjv } from "../support/ajv";

describe("test support: Ajv with the Kubernetes formats", () => {
    it("applies int32, int64 and date-time instead of ignoring them", () => {
        const validate = kubernetesAjv().compile({
            type: "object",
            properties: {
                a: { type: "integer", format: "int32" },
                b: { type: "integer", format: "int64" },
                c: { type: "string", format: "date-time" },
            },
        });
        assert.strictEqual(validate({ a: 2147483647, b: 2 ** 40, c: "2026-02-28T10:00:00Z" }), true);
        assert.strictEqual(validate({ a: 2147483648 }), false);
        assert.deepStrictEqual(
            validate.errors?.map((e) => [e.instancePath, e.message]),
            [["/a", 'must match format "int32"']],
        );
        assert.strictEqual(validate({ b: 2 ** 60 }), false);
        assert.strictEqual(validate({ c: "yesterday" }), false);
    });
});

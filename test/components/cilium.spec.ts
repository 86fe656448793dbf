// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { kubernetesAjv } from "../support/ajv";
import * as fs from "fs";
import * as path from "path";
import { ciliumValues } from "../../components/cilium";
import { PROJECT_DIR, realStackConfig, STACKS } from "../support/stacks";

const schema = JSON.parse(
    fs.readFileSync(path.join(PROJECT_DIR, "vendor/cilium.values.schema.json"), "utf8"),
) as object;

describe("Cilium values against the chart's values schema", () => {
    const validate = kubernetesAjv().compile(schema);
    for (const stack of STACKS) {
        it(`validates the ${stack} values`, () => {
            assert.ok(validate(ciliumValues(realStackConfig(stack))), JSON.stringify(validate.errors, null, 1));
        });
    }
    it("rejects a value of the wrong type (the schema is really applied)", () => {
        const bad = { ...ciliumValues(realStackConfig("infra")), cluster: { name: "infra", id: "one" } };
        assert.strictEqual(validate(bad), false);
    });
});

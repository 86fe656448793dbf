// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { kubernetesAjv } from "../support/ajv";
import * as fs from "fs";
import * as path from "path";
import { ciliumValues } from "../../components/cilium";
import { PROJECT_DIR, realStackConfig, STACKS } from "../support/stacks";

// The values schema of the chart version both stacks pin (1.18.3), as the pack carries it (vendor/SOURCES.md).
const schema = JSON.parse(
    fs.readFileSync(path.join(PROJECT_DIR, "policies/vendor/cilium-1.18.3.values.schema.json"), "utf8"),
) as object;

describe("Cilium values against the pinned chart's values schema (1.18.3)", () => {
    const validate = kubernetesAjv().compile(schema);
    for (const stack of STACKS) {
        it(`validates the ${stack} values`, () => {
            assert.strictEqual(realStackConfig(stack).cilium.chartVersion, "1.18.3");
            assert.ok(validate(ciliumValues(realStackConfig(stack))), JSON.stringify(validate.errors, null, 1));
        });
    }
    it("rejects a value of the wrong type (the schema is really applied)", () => {
        const bad = { ...ciliumValues(realStackConfig("infra")), cluster: { name: "infra", id: "one" } };
        assert.strictEqual(validate(bad), false);
    });
});

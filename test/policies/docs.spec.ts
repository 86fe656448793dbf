// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import * as fs from "fs";
import { POLICY_DOCS, renderPolicyDocs } from "../../scripts/gen-policy-docs";

describe("docs/policies.md", () => {
    it("is generated from the current register and policies (run `npm run docs:policies`)", () => {
        assert.strictEqual(fs.readFileSync(POLICY_DOCS, "utf8"), renderPolicyDocs());
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import * as fs from "fs";
import {
    discoverRules,
    POLICY_DOCS,
    renderPolicyDocs,
    renderRuleIndex,
    RULE_INDEX,
} from "../../scripts/gen-policy-docs";

describe("generated files (run `npm run docs:policies` when these fail)", () => {
    it("docs/policies.md is generated from the current register and rules", () => {
        assert.strictEqual(fs.readFileSync(POLICY_DOCS, "utf8"), renderPolicyDocs());
    });

    it("policies/rules/index.ts lists exactly the rule files on disk", () => {
        assert.strictEqual(fs.readFileSync(RULE_INDEX, "utf8"), renderRuleIndex(discoverRules()));
    });
});

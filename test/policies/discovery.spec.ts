// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { policies } from "../../policies/policies";
import { REGISTER } from "../../policies/register";
import { RULES } from "../../policies/rules";
import { discoverRules, ruleExportOf, ruleFiles } from "../../scripts/gen-policy-docs";
import { ruleUrl, WAIVED_FINDINGS_POLICY } from "../../policies/lib/rule";
import { probes } from "../../policies/rules/workloads/probes";

const RULES_DIR = path.resolve(__dirname, "../../policies/rules");
const SPECS_DIR = path.resolve(__dirname, "rules");

describe("rule discovery and the generated index", () => {
    it("loads one rule from each file under policies/rules/<area>/, ordered by path", () => {
        const files = ruleFiles(RULES_DIR);
        const named = new Set(REGISTER.flatMap((e) => ("policies" in e.check ? e.check.policies : [])));
        named.delete(WAIVED_FINDINGS_POLICY);
        assert.strictEqual(files.length, named.size, "one rule file per policy the register names");
        assert.deepStrictEqual(
            RULES.map((r) => r.name),
            discoverRules(RULES_DIR).map((f) => f.rule.name),
        );
        assert.deepStrictEqual([...files].sort(), files);
        assert.deepStrictEqual(files.slice(0, 3), [
            "cilium/bgpAuth.ts",
            "cilium/chartSource.ts",
            "cilium/clusterMeshAddress.ts",
        ]);
    });

    it("gives the pack every discovered rule plus the waived-findings ledger last", () => {
        assert.deepStrictEqual(
            policies.map((p) => p.name).sort(),
            [...RULES.map((r) => r.name), WAIVED_FINDINGS_POLICY].sort(),
        );
        assert.strictEqual(policies[policies.length - 1].name, WAIVED_FINDINGS_POLICY);
    });

    it("finds each rule's spec at the mirrored path, describing the policy by name", () => {
        ruleFiles(RULES_DIR).forEach((file, i) => {
            const spec = path.join(SPECS_DIR, file.replace(/\.ts$/, ".spec.ts"));
            assert.ok(fs.existsSync(spec), `${file}: no spec at ${path.relative(process.cwd(), spec)}`);
            assert.ok(
                fs.readFileSync(spec, "utf8").includes(`describe("policy ${RULES[i].name}"`),
                `${path.relative(process.cwd(), spec)} does not describe policy ${RULES[i].name}`,
            );
        });
    });

    it("refuses a file that exports no rule or two rules, naming it", () => {
        assert.throws(
            () => ruleExportOf("x/helpers.ts", { helper: () => 1 }),
            /^Error: policies\/rules\/x\/helpers\.ts exports 0 rules; a rule file exports exactly one \(helpers go to policies\/lib\/\)$/,
        );
        assert.throws(() => ruleExportOf("x/two.ts", { a: probes, b: { ...probes } }), /x\/two\.ts exports 2 rules/);
        assert.deepStrictEqual(ruleExportOf("x/one.ts", { probes, parse: () => 1 }), {
            exportName: "probes",
            rule: probes,
        });
    });

    it("derives the docs link from the policy name unless the rule names its own", () => {
        assert.strictEqual(ruleUrl(probes), "docs/policies.md#cluster-platform-workload-probes");
        assert.strictEqual(
            ruleUrl({ ...probes, url: "docs/runbooks/cilium-handover.md#rollback" }),
            "docs/runbooks/cilium-handover.md#rollback",
        );
    });
});

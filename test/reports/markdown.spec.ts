// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import {
    gateSnippet,
    overallScore,
    priorityOf,
    renderMarkdown,
    reviewerLines,
    riskRows,
    writeStepSummary,
    ReportRun,
} from "../../engine/reports";
import { REGISTER } from "../../policies/register";
import { cacheFindings, evaluation, resource } from "./fixtures";
import { scratchDir } from "../support/scratch";

const CIL = "cluster-platform:cilium:Core";
const DF = "cluster-platform:dragonfly:Cluster";

function infraWithFindings() {
    const cil = resource("infra", CIL, "infra-cilium");
    const df = resource("infra", DF, "infra-dragonfly");
    const cr = resource("infra", "kubernetes:dragonflydb.io/v1alpha1:Dragonfly", "infra-dragonfly-dragonfly", df.urn);
    return evaluation("infra", [cil, df, cr], cacheFindings(cr.urn, "no NetworkPolicy selects the pods"));
}

describe("Markdown risk profile", () => {
    it("the gate snippet has exactly the source documents' keys, highest omitted when empty", () => {
        const clean = evaluation("infra", [resource("infra", CIL, "infra-cilium")], []);
        assert.strictEqual(
            gateSnippet(clean),
            [
                "risk_summary:",
                "  totals:",
                "    critical: 0",
                "    high: 0",
                "    medium: 0",
                "    low: 0",
                "  recommendations:",
                "    must_fix: []",
                "    should_fix: []",
                "  suggested_gate: PASS",
                "",
            ].join("\n"),
        );
        const snippet = parse(gateSnippet(infraWithFindings())).risk_summary;
        assert.deepStrictEqual(Object.keys(snippet), ["totals", "highest", "recommendations", "suggested_gate"]);
        assert.deepStrictEqual(Object.keys(snippet.recommendations), ["must_fix", "should_fix"]);
        assert.deepStrictEqual(snippet.highest, {
            id: "DFLY-SEC-001",
            score: 6,
            title: "No NetworkPolicy limits access to the cache",
        });
        assert.match(gateSnippet(infraWithFindings()), /^ {4}title: 'No NetworkPolicy limits access to the cache'$/m);
        assert.match(gateSnippet(infraWithFindings()), /^ {2}suggested_gate: CONCERNS$/m);
    });

    it("lists every register risk of the stack's components with its status", () => {
        const rows = riskRows(infraWithFindings(), new Set(["cluster-platform-cilium-bgp-auth"]));
        const expected = REGISTER.filter((r) => !r.id.startsWith("FLOE-")).map((r) => r.id);
        assert.deepStrictEqual(rows.map((r) => r.entry.id).sort(), [...expected].sort());
        const status = (id: string) => {
            const r = rows.find((x) => x.entry.id === id)!;
            return `${r.status}: ${r.reason}`;
        };
        assert.strictEqual(status("DFLY-SEC-001"), "finding: 1 unwaived finding(s), blocking");
        assert.strictEqual(
            status("DFLY-TECH-001"),
            "waived: waived by platform-team until 2099-01-01: single node lab",
        );
        assert.strictEqual(
            status("DFLY-OPS-001"),
            "mitigated: no finding from cluster-platform-dragonfly-disruption-budget",
        );
        assert.strictEqual(
            status("CIL-SEC-004"),
            "manual: its policies are disabled by the pack config (cluster-platform-cilium-bgp-auth)",
        );
        assert.strictEqual(
            status("CIL-BUS-001"),
            "manual: A schedule-buffer decision; nothing in the declared resources shows it.",
        );
    });

    it("floe risks apply only where floe runs", () => {
        const apps = evaluation("apps", [resource("apps", "cluster-platform:floe:Platform", "apps-floe")], []);
        const ids = riskRows(apps).map((r) => r.entry.id);
        assert.ok(ids.includes("FLOE-R-1"));
        assert.ok(!ids.some((id) => id.startsWith("DFLY-")));
    });

    it("the overall score follows the source formula (seeds/002: 3 high, 5 medium, 13 low → 19/100)", () => {
        const entry = (score: 2 | 4 | 6) => ({ ...REGISTER[0], score, mitigates: undefined });
        const rows = [
            ...Array.from({ length: 3 }, () => entry(6)),
            ...Array.from({ length: 5 }, () => entry(4)),
            ...Array.from({ length: 13 }, () => entry(2)),
        ].map((e) => ({ entry: e, status: "finding" as const, reason: "", findings: [] }));
        assert.strictEqual(overallScore(rows), 19);
        assert.strictEqual(overallScore([...rows, ...rows]), 0);
        assert.deepStrictEqual(
            [priorityOf(9), priorityOf(6), priorityOf(4), priorityOf(3), priorityOf(null)],
            ["P1", "P1", "P2", "P3", "—"],
        );
    });

    it("escapes control characters and backticks from the input (issue 23), as SARIF and JUnit carry them safely", () => {
        const df = resource("infra", DF, "infra-dragonfly");
        const hostileName = "cache\n# Approved\u202e`x`\u0007";
        const cr = resource("infra", "kubernetes:dragonflydb.io/v1alpha1:Dragonfly", hostileName, df.urn);
        const findings = cacheFindings(cr.urn, 'pod label app="x\r\n- BLOCK nothing"');
        findings[1].waiver = { owner: "me\u0000", expires: "2099-01-01", reason: "lab\n## waived" };
        const md = renderMarkdown(evaluation("infra", [df, cr], findings), "2026-01-01T00:00:00Z");
        assert.ok(
            md.includes(
                '- BLOCK ``cache\\u{000a}# Approved\\u{202e}`x`\\u{0007}`` (cluster-platform-dragonfly-network-isolation): pod label app="x\\u{000d}\\u{000a}- BLOCK nothing"\n',
            ),
            md,
        );
        assert.ok(md.includes("— waived by me\\u{0000} until 2099-01-01: lab\\u{000a}## waived\n"), md);
        assert.ok(md.includes("| waived: waived by me\\u{0000} until 2099-01-01: lab\\u{000a}## waived |"), md);
        // Nothing from the input starts a line: every line is the profile's own.
        assert.deepStrictEqual(
            md.split("\n").filter((l) => /^(# Approved|## waived|- BLOCK nothing)/.test(l)),
            [],
        );
        assert.doesNotMatch(md, /[\u0000-\u0009\u000b-\u001f\u202e]/);
    });

    it("renders the matrix with priority and status, and a testing line per risk", () => {
        const md = renderMarkdown(infraWithFindings(), "2026-01-01T00:00:00Z");
        assert.match(
            md,
            /^\| DFLY-SEC-001 \| Security \| No NetworkPolicy limits access to the cache \| 2 \| 3 \| 6 \| P1 \| finding: 1 unwaived finding\(s\), blocking \|$/m,
        );
        assert.match(
            md,
            /^\| Risk ID \| Category \| Description \| Prob \| Impact \| Score \| Priority \| Status \|$/m,
        );
        assert.match(md, /^- Overall Story Risk Score: \d+\/100 /m);
        const sections = md.split("\n### ").slice(1);
        assert.strictEqual(sections.length, riskRows(infraWithFindings()).length);
        for (const s of sections) {
            assert.match(s, /\n- Testing: .+\.\n/, s);
        }
        assert.match(
            md,
            /### DFLY-SEC-001 — .*\n- Status: finding .*\n- Mitigation: .*\n- BLOCK `infra-dragonfly-dragonfly` .*\n- Testing: DFLY-INT-010, DFLY-E2E-003 \(source document\); cluster-platform-dragonfly-network-isolation on every/,
        );
    });

    it("says what was judged and by which engine: the program or the manifests, in-process or over the protocol", () => {
        assert.deepStrictEqual(reviewerLines("infra", { engine: "inprocess" }), [
            "Reviewer: `npm run check` (offline preview: the program under the SDK mocks, judged by the policy pack's policies in-process)",
            "Related: Pulumi.infra.yaml, policies/register/entries.ts, docs/policies.md",
        ]);
        assert.deepStrictEqual(reviewerLines("manifests", { engine: "protocol", manifests: ["a.yaml", "rendered/"] }), [
            "Reviewer: `npm run check -- --manifests` (plain Kubernetes manifests, judged by the policy pack's own server over the Analyzer protocol)",
            "Related: a.yaml, rendered/, policies/register/entries.ts, docs/policies.md",
        ]);
        const md = renderMarkdown(infraWithFindings(), "2026-01-01T00:00:00Z", new Set(), { engine: "protocol" });
        assert.match(md, /^Reviewer: .*judged by the policy pack's own server over the Analyzer protocol\)$/m);
    });

    it("is appended to $GITHUB_STEP_SUMMARY when set, and nothing is written when not", () => {
        const file = path.join(scratchDir("cp-summary-"), "summary.md");
        const run: ReportRun = {
            evaluations: [infraWithFindings()],
            locate: () => () => ({ primary: { file: "x", line: 1 }, related: [] }),
            cross: [],
            version: "1.0.0",
            generated: "2026-01-01T00:00:00Z",
            policyNames: [],
            disabled: new Set(),
        };
        assert.strictEqual(writeStepSummary(run, {}), undefined);
        assert.ok(!fs.existsSync(file));
        assert.strictEqual(writeStepSummary(run, { GITHUB_STEP_SUMMARY: file }), file);
        writeStepSummary(run, { GITHUB_STEP_SUMMARY: file });
        const text = fs.readFileSync(file, "utf8");
        assert.strictEqual((text.match(/^## cluster-platform risk gate$/gm) ?? []).length, 2);
        assert.strictEqual(
            (text.match(/^<summary>stack infra: gate CONCERNS, 2 finding\(s\)<\/summary>$/gm) ?? []).length,
            2,
        );
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { Finding, parseFinding } from "../../policies/lib/findings";
import { computeGate } from "../../policies/lib/gate";
import { GATE_REGISTER } from "../../engine/evaluate";
import { resourcePolicy } from "../../policies/lib/rule";
import { riskById } from "../../policies/register";
import { imagePinned } from "../../policies/rules/workloads/imagePinned";
import { deployment } from "./fixtures";
import { mutate, stackViolationsOf, UNKNOWN, violationsOf } from "./helpers";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
describe("rule framework: unknown values", () => {
    it("a rule below the blocking score lets the SDK downgrade an unknown to advisory (it rethrows)", async () => {
        const policy = resourcePolicy(imagePinned) as ResourceValidationPolicy;
        const props = mutate(deployment() as Obj, (d) => (d.spec.template.spec.containers[0].image = UNKNOWN));
        await assert.rejects(
            violationsOf(policy, { type: "kubernetes:apps/v1:Deployment", props }),
            /string value at \.spec\.template\.spec\.containers\.0\.image can't be known during preview/,
        );
    });
});

describe("gate", () => {
    const f = (risk: string, extra: Partial<Finding> = {}): Finding => ({
        risk,
        score: riskById(risk).score!,
        policy: "p",
        enforcement: "advisory",
        resource: "r",
        message: "m",
        ...extra,
    });
    const gate = (findings: Finding[]) => computeGate(findings, GATE_REGISTER);

    it("PASS with no finding", async () => {
        assert.deepStrictEqual(gate([]), {
            totals: { critical: 0, high: 0, medium: 0, low: 0 },
            highest: null,
            recommendations: { must_fix: [], should_fix: [] },
            waived: [],
            suggested_gate: "PASS",
        });
    });

    it("PASS with only findings below 6, listed as should_fix when 4 or more", async () => {
        const g = gate([f("HYG-IMAGE-001"), f("HYG-PROBES-001"), f("HYG-PROBES-001")]);
        assert.deepStrictEqual(
            [g.suggested_gate, g.totals, g.recommendations.should_fix],
            [
                "PASS",
                { critical: 0, high: 0, medium: 1, low: 1 },
                ["HYG-IMAGE-001: Every image has an explicit tag other than latest, or a digest."],
            ],
        );
    });

    it("CONCERNS with an unwaived score-6 finding, which is must_fix and highest", async () => {
        const g = gate([f("HYG-IMAGE-001"), f("CIL-OPS-001")]);
        assert.strictEqual(g.suggested_gate, "CONCERNS");
        assert.deepStrictEqual(g.highest, { id: "CIL-OPS-001", score: 6, title: "Rollback procedure untested" });
        assert.deepStrictEqual(g.recommendations.must_fix, [
            "CIL-OPS-001: Release rolls back on failure (atomic / cleanupOnFail; for Flux spec.upgrade.remediation with retries or remediateLastFailure and strategy rollback, or spec.upgrade.cleanupOnFail, never strategy uninstall), is protected and retained on delete; runbook with < 10 min rollback.",
        ]);
    });

    it("CONCERNS with an open document-declared blocker below 6, which is must_fix and not should_fix", async () => {
        const g = gate([f("CIL-OPS-002", { enforcement: "mandatory" }), f("HYG-IMAGE-001")]);
        assert.deepStrictEqual(
            [g.suggested_gate, g.recommendations.must_fix.map((m) => m.split(":")[0]), g.recommendations.should_fix],
            [
                "CONCERNS",
                ["CIL-OPS-002"],
                ["HYG-IMAGE-001: Every image has an explicit tag other than latest, or a digest."],
            ],
        );
    });

    it("FAIL with an unwaived score-9 finding", async () => {
        assert.strictEqual(gate([{ ...f("CIL-OPS-001"), score: 9 }]).suggested_gate, "FAIL");
    });

    it("a waived score-6 finding keeps the gate at CONCERNS (a waiver is not a mitigation) and says who waived it until when", async () => {
        const waiver = { owner: "o", expires: "2026-12-31", reason: "r", approvedBy: ["dana", "lee", "sam"] };
        const g = gate([f("CIL-OPS-001", { enforcement: "mandatory", waiver })]);
        assert.deepStrictEqual(
            [g.suggested_gate, g.recommendations.must_fix, g.waived],
            [
                "CONCERNS",
                [
                    "CIL-OPS-001: Release rolls back on failure (atomic / cleanupOnFail; for Flux spec.upgrade.remediation with retries or remediateLastFailure and strategy rollback, or spec.upgrade.cleanupOnFail, never strategy uninstall), is protected and retained on delete; runbook with < 10 min rollback. (waived by dana + lee + sam until 2026-12-31 (owner o))",
                ],
                [
                    {
                        id: "CIL-OPS-001",
                        score: 6,
                        resource: "r",
                        owner: "o",
                        expires: "2026-12-31",
                        reason: "r",
                        approvedBy: ["dana", "lee", "sam"],
                    },
                ],
            ],
        );
        // A waived blocker below 6 stays CONCERNS too; a waived LOW risk leaves PASS.
        assert.strictEqual(
            gate([f("CIL-TECH-010", { enforcement: "mandatory", waiver: { ...waiver } })]).suggested_gate,
            "CONCERNS",
        );
        assert.strictEqual(gate([f("CIL-TECH-003", { waiver: { ...waiver, approvedBy: [] } })]).suggested_gate, "PASS");
    });

    it("FAIL while a waiver that does not count is attempted on a risk whose document says so", async () => {
        const g = gate([f("CIL-TECH-001", { enforcement: "mandatory", waiverRefused: true })]);
        assert.deepStrictEqual(
            [g.suggested_gate, g.gateReason],
            [
                "FAIL",
                'a waiver of CIL-TECH-001 was attempted that does not count, and its document says "If attempted without mitigation → Gate remains FAIL"',
            ],
        );
        // A refused waiver of a risk whose document says nothing of the kind leaves the gate to the score.
        assert.strictEqual(
            gate([f("DFLY-SEC-001", { enforcement: "mandatory", waiverRefused: true })]).suggested_gate,
            "CONCERNS",
        );
    });

    it("finding messages parse back, waived, refused or not", async () => {
        assert.deepStrictEqual(parseFinding("[CIL-OPS-001 · score 6] text"), {
            risk: "CIL-OPS-001",
            score: 6,
            message: "text",
        });
        assert.deepStrictEqual(parseFinding("[DFLY-VR-09.1 · score 6 · WAIVED until 2026-12-31 by a b: why] text"), {
            risk: "DFLY-VR-09.1",
            score: 6,
            message: "text",
            waiver: { expires: "2026-12-31", owner: "a b", reason: "why" },
        });
        assert.deepStrictEqual(
            parseFinding("[DFLY-VR-09.1 · score 6 · WAIVED until 2026-12-31 by team · approved by dana, lee: why] t"),
            {
                risk: "DFLY-VR-09.1",
                score: 6,
                message: "t",
                waiver: { expires: "2026-12-31", owner: "team", reason: "why", approvedBy: ["dana", "lee"] },
            },
        );
        assert.deepStrictEqual(parseFinding("[CIL-TECH-001 · score 6 · WAIVER REFUSED] t (why)"), {
            risk: "CIL-TECH-001",
            score: 6,
            message: "t (why)",
            waiverRefused: true,
        });
        assert.strictEqual(parseFinding("plain"), undefined);
    });
});

describe("test helpers", () => {
    const late = async (report: (m: string) => void) => {
        await new Promise((r) => setTimeout(r, 5));
        report("reported after an await");
    };

    it("violationsOf awaits an async resource validation", async () => {
        const policy: ResourceValidationPolicy = {
            name: "async-resource",
            description: "An async validation.",
            enforcementLevel: "advisory",
            validateResource: (_args, report) => late(report),
        };
        assert.deepStrictEqual(await violationsOf(policy, { type: "kubernetes:core/v1:Service", props: {} }), [
            "reported after an await",
        ]);
    });

    it("stackViolationsOf awaits an async stack validation", async () => {
        const policy: StackValidationPolicy = {
            name: "async-stack",
            description: "An async validation.",
            enforcementLevel: "advisory",
            validateStack: (_args, report) => late((m) => report(m)),
        };
        assert.deepStrictEqual(await stackViolationsOf(policy, []), ["reported after an await"]);
    });
});

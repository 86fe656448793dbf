// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { Finding, parseFinding } from "../../policies/lib/findings";
import { computeGate } from "../../policies/lib/gate";
import { resourcePolicy, waivedFindingsPolicy, waivedLedger } from "../../policies/lib/rule";
import { matchWaivers, parseWaivers } from "../../policies/lib/waivers";
import { authorityProblem } from "../../policies/lib/waiverAuthority";
import { riskById } from "../../policies/register";
import { ciliumRollbackSafety } from "../../policies/rules/cilium/releaseRollbackSafety";
import { imagePinned } from "../../policies/rules/workloads/imagePinned";
import { ciliumRelease, deployment } from "./fixtures";
import { mutate, stackViolationsOf, UNKNOWN, violationsOf } from "./helpers";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const REL = "kubernetes:helm.sh/v3:Release";
const unprotected = mutate(ciliumRelease() as Obj, (r) => delete r.atomic && (r.cleanupOnFail = false));
const waiver = (expires: string) => ({
    risk: "CIL-OPS-001",
    resource: "infra-cilium-*",
    reason: "bootstrap rollback tested by hand",
    owner: "platform-team",
    expires,
    approvedBy: "dana",
});
/** Who holds which role, as a pack config states it. */
const APPROVERS = { "VP Engineering": ["dana"], "Platform Engineering Lead": ["lee"] };
const NOW = new Date("2026-11-23T12:00:00Z");

describe("rule framework: waivers", () => {
    beforeEach(() => waivedLedger.clear());

    it("an active waiver moves the finding to the waived-findings report instead of blocking", async () => {
        const policy = resourcePolicy(ciliumRollbackSafety, () => NOW) as ResourceValidationPolicy;
        const blocking = await violationsOf(policy, {
            type: REL,
            name: "infra-cilium-release",
            props: unprotected,
            opts: { protect: true },
            config: { waivers: [waiver("2026-12-31")], approvers: APPROVERS },
        });
        assert.deepStrictEqual(blocking, []);
        const ledger = await stackViolationsOf(
            waivedFindingsPolicy("cluster-platform-waived-findings") as StackValidationPolicy,
            [{ type: REL, name: "infra-cilium-release", props: {} }],
        );
        assert.deepStrictEqual(ledger, [
            "[infra-cilium-release] [CIL-OPS-001 · score 6 · WAIVED until 2026-12-31 by platform-team: bootstrap rollback tested by hand] Cilium release cilium neither rolls back nor cleans up on a failed upgrade (atomic null, cleanupOnFail false); set atomic: true.",
        ]);
        assert.strictEqual(waivedLedger.size, 0);
    });

    it("a HIGH risk's waiver approved below VP Engineering or CTO does not count, and the finding says why", async () => {
        const policy = resourcePolicy(ciliumRollbackSafety, () => NOW) as ResourceValidationPolicy;
        const run = async (w: object) =>
            await violationsOf(policy, {
                type: REL,
                name: "infra-cilium-release",
                props: unprotected,
                opts: { protect: true },
                config: { waivers: [w], approvers: APPROVERS },
            });
        const finding =
            "[CIL-OPS-001 · score 6] Cilium release cilium neither rolls back nor cleans up on a failed upgrade (atomic null, cleanupOnFail false); set atomic: true.";
        const standing =
            "CIL-OPS-001 is a HIGH risk (score 6, a document-declared blocker), whose waivers need approval by VP Engineering or CTO";
        assert.deepStrictEqual(await run({ ...waiver("2026-12-31"), approvedBy: "lee" }), [
            `${finding} (the waiver approved by lee does not count: ${standing}, and the pack config's approvers name lee as Platform Engineering Lead only)`,
        ]);
        assert.deepStrictEqual(await run({ ...waiver("2026-12-31"), approvedBy: "sam" }), [
            `${finding} (the waiver approved by sam does not count: ${standing}, and the pack config's approvers give sam no role)`,
        ]);
        const unapproved: Record<string, unknown> = waiver("2026-12-31");
        delete unapproved.approvedBy;
        assert.deepStrictEqual(await run(unapproved), [
            `${finding} (the waiver by platform-team does not count: it names no approvedBy, and ${standing})`,
        ]);
        assert.strictEqual(waivedLedger.size, 0);
    });

    it("authority per band: MEDIUM needs the platform engineering lead (or above), LOW needs none, a blocker counts as HIGH", () => {
        const w = (approvedBy?: string) => ({ ...waiver("2026-12-31"), approvedBy });
        const medium = riskById("CIL-TECH-005");
        assert.strictEqual(authorityProblem(w("lee"), medium, APPROVERS), undefined);
        assert.strictEqual(authorityProblem(w("dana"), medium, APPROVERS), undefined);
        assert.strictEqual(
            authorityProblem(w("sam"), medium, APPROVERS),
            "the waiver approved by sam does not count: CIL-TECH-005 is a MEDIUM risk (score 4), whose waivers need approval by Platform Engineering Lead or VP Engineering or CTO, and the pack config's approvers give sam no role",
        );
        assert.strictEqual(authorityProblem(w(undefined), riskById("CIL-TECH-003"), undefined), undefined);
        assert.strictEqual(
            authorityProblem(w("lee"), riskById("CIL-TECH-010"), APPROVERS),
            "the waiver approved by lee does not count: CIL-TECH-010 is a HIGH risk (score 3, a document-declared blocker), whose waivers need approval by VP Engineering or CTO, and the pack config's approvers name lee as Platform Engineering Lead only",
        );
    });

    it("a waiver is valid through its last day and expired the day after", async () => {
        const w = { ...waiver("2026-11-23") };
        assert.ok(matchWaivers([w], "CIL-OPS-001", { name: "infra-cilium-release", urn: "" }, NOW).active);
        assert.ok(
            matchWaivers(
                [w],
                "CIL-OPS-001",
                { name: "infra-cilium-release", urn: "" },
                new Date("2026-11-24T00:00:01Z"),
            ).expired,
        );
    });

    it("an expired waiver counts as no waiver and is named in the message", async () => {
        const policy = resourcePolicy(ciliumRollbackSafety, () => NOW) as ResourceValidationPolicy;
        assert.deepStrictEqual(
            await violationsOf(policy, {
                type: REL,
                name: "infra-cilium-release",
                props: unprotected,
                opts: { protect: true },
                config: { waivers: [waiver("2026-01-31")] },
            }),
            [
                "[CIL-OPS-001 · score 6] Cilium release cilium neither rolls back nor cleans up on a failed upgrade (atomic null, cleanupOnFail false); set atomic: true. (the waiver by platform-team expired on 2026-01-31, so this counts again)",
            ],
        );
    });

    it("a waiver for another resource does not apply", async () => {
        const policy = resourcePolicy(ciliumRollbackSafety, () => NOW) as ResourceValidationPolicy;
        assert.deepStrictEqual(
            await violationsOf(policy, {
                type: REL,
                name: "apps-cilium-release",
                props: unprotected,
                opts: { protect: true },
                config: { waivers: [waiver("2026-12-31")] },
            }),
            [
                "[CIL-OPS-001 · score 6] Cilium release cilium neither rolls back nor cleans up on a failed upgrade (atomic null, cleanupOnFail false); set atomic: true.",
            ],
        );
    });

    it("rejects waivers without reason, owner or expiry, and waivers for a risk the policy does not report", async () => {
        assert.throws(
            () =>
                parseWaivers(
                    "p",
                    [
                        { risk: "CIL-OPS-001", resource: "x" },
                        { ...waiver("2026-13-45") },
                        { ...waiver("2026-12-01"), risk: "DFLY-SEC-001" },
                    ],
                    ["CIL-OPS-001"],
                ),
            (err: Error) => {
                assert.strictEqual(
                    err.message,
                    [
                        "invalid policy pack config:",
                        "  p.waivers[0].reason: is required (why the risk is accepted)",
                        "  p.waivers[0].owner: is required (who accepted the risk)",
                        "  p.waivers[0].expires: is required (last valid day, YYYY-MM-DD)",
                        "  p.waivers[1].expires: must be a real calendar date",
                        "  p.waivers[2].risk: DFLY-SEC-001 is not reported by this policy (it reports CIL-OPS-001)",
                    ].join("\n"),
                );
                return true;
            },
        );
        assert.throws(() => parseWaivers("p", { risk: "x" }, ["x"]), /p\.waivers must be a list of waivers/);
    });
});

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
    const gate = (findings: Finding[]) =>
        computeGate(
            findings,
            (id) => riskById(id).title,
            (id) => riskById(id).mitigation,
        );

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

    it("a waived score-6 finding does not raise the gate but is listed", async () => {
        const g = gate([f("CIL-OPS-001", { waiver: { owner: "o", expires: "2026-12-31", reason: "r" } })]);
        assert.deepStrictEqual(
            [g.suggested_gate, g.waived],
            ["PASS", [{ id: "CIL-OPS-001", score: 6, resource: "r", owner: "o", expires: "2026-12-31", reason: "r" }]],
        );
    });

    it("finding messages parse back, waived or not", async () => {
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

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Waivers as the source documents govern them (seeds/002 "Waiver Requirements"): the bands, the risks
// that may not be waived, the Rollback Testing Waiver's condition, sign-offs and controls, and a
// pack-config downgrade as the waiver of every risk its policy reports.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { resourcePolicy, waivedFindingsPolicy, waivedLedger } from "../../policies/lib/rule";
import { matchWaivers, parseWaivers } from "../../policies/lib/waivers";
import { downgradeProblem, WAIVER_AUTHORITY_QUOTE, waiverProblem } from "../../policies/lib/waiverAuthority";
import { REGISTER, riskById } from "../../policies/register";
import { ciliumRollbackSafety } from "../../policies/rules/cilium/releaseRollbackSafety";
import { ciliumReleaseIdentity } from "../../policies/rules/cilium/releaseIdentity";
import { ciliumRelease } from "./fixtures";
import { levelOf, mutate, resourceArgsOf, stackViolationsOf, violationsOf } from "./helpers";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const REL = "kubernetes:helm.sh/v3:Release";
const NOW = new Date("2026-11-23T12:00:00Z");
const unprotected = mutate(ciliumRelease() as Obj, (r) => delete r.atomic && (r.cleanupOnFail = false));
/** Who holds which role, as a pack config states it. */
const APPROVERS = {
    "VP Engineering": ["dana"],
    CTO: ["chris"],
    "Platform Engineering Lead": ["lee"],
    "SRE Manager": ["sam"],
};
/** A Rollback Testing Waiver of CIL-OPS-001 that meets everything the Cilium profile asks. */
const rollbackWaiver = (extra: Obj = {}): Obj => ({
    risk: "CIL-OPS-001",
    resource: "infra-cilium-*",
    reason: "no dev/test cluster until Q1; rollback dry-run documented",
    owner: "platform-team",
    expires: "2026-12-31",
    approvedBy: ["dana", "lee", "sam"],
    condition: "no-test-environment",
    compensatingControls: {
        "rollback-runbook": "docs/runbooks/cilium-handover.md#rollback",
        "break-glass-procedure": "OPS-7 break-glass page",
        "on-call-engineer": "on-call rota 2026-W50",
    },
    ...extra,
});
const FINDING =
    "[CIL-OPS-001 · score 6 · WAIVER REFUSED] Cilium release cilium neither rolls back nor cleans up on a failed upgrade (atomic null, cleanupOnFail false); set atomic: true.";
const seed = fs.readFileSync(path.join(__dirname, "../fixtures/seeds/002_e70d092c73d93a80.txt"), "utf8");

describe("waivers as the documents govern them", () => {
    beforeEach(() => waivedLedger.clear());
    const policy = resourcePolicy(ciliumRollbackSafety, () => NOW) as ResourceValidationPolicy;
    const run = async (config: Obj, name = "infra-cilium-release") =>
        await violationsOf(policy, { type: REL, name, props: unprotected, opts: { protect: true }, config });

    it("quotes every waiver rule verbatim from its document, and the authority bands from the Cilium profile", () => {
        assert.ok(seed.includes(WAIVER_AUTHORITY_QUOTE));
        const ruled = REGISTER.filter((e) => e.waiver);
        assert.deepStrictEqual(ruled.map((e) => e.id).sort(), ["CIL-OPS-001", "CIL-TECH-001", "CIL-TECH-002"]);
        for (const e of ruled) {
            assert.ok(seed.includes(e.waiver!.quote), `${e.id}: waiver quote not in the Cilium profile`);
            assert.ok(seed.includes(e.waiver!.refused!.quote), `${e.id}: refused-gate quote not in the profile`);
        }
        assert.deepStrictEqual(
            ruled.map((e) => [e.id, e.waiver!.waivable]),
            [
                ["CIL-TECH-001", false],
                ["CIL-TECH-002", false],
                ["CIL-OPS-001", true],
            ],
        );
    });

    it("a Rollback Testing Waiver meeting condition, sign-offs and controls moves the finding to the waived list", async () => {
        assert.deepStrictEqual(await run({ waivers: [rollbackWaiver()], approvers: APPROVERS }), []);
        const ledger = await stackViolationsOf(waivedFindingsPolicy() as StackValidationPolicy, [
            { type: REL, name: "infra-cilium-release", props: {} },
        ]);
        assert.deepStrictEqual(ledger, [
            "[infra-cilium-release] [CIL-OPS-001 · score 6 · WAIVED until 2026-12-31 by platform-team · approved by dana, lee, sam: no dev/test cluster until Q1; rollback dry-run documented] Cilium release cilium neither rolls back nor cleans up on a failed upgrade (atomic null, cleanupOnFail false); set atomic: true.",
        ]);
    });

    it("OPS-001: a waiver approved by VP Engineering alone does not count, and says every missing term", async () => {
        const w = { ...rollbackWaiver({ approvedBy: "dana" }) };
        delete w.condition;
        delete w.compensatingControls;
        assert.deepStrictEqual(await run({ waivers: [w], approvers: APPROVERS }), [
            `${FINDING} (the waiver approved by dana does not count: CIL-OPS-001 is a HIGH risk (score 6, a document-declared blocker), whose Rollback Testing Waiver needs condition: no-test-environment (the Rollback Testing Waiver may be requested only if "No dev/test environment available for rollback testing"); compensatingControls rollback-runbook (Detailed rollback runbook with step-by-step commands), break-glass-procedure ("break glass" manual recovery procedure), on-call-engineer (on-call engineer availability during handover), each with where it is; approval by VP Engineering or CTO + Platform Engineering Lead + SRE Manager, each a different person (the pack config's approvers list dana as VP Engineering))`,
        ]);
        assert.strictEqual(waivedLedger.size, 0);
    });

    it("OPS-001: the two sign-offs without the HIGH band's authority, or one person for two roles, do not count", () => {
        const ops = riskById("CIL-OPS-001");
        assert.strictEqual(
            waiverProblem(rollbackWaiver({ approvedBy: ["lee", "sam"] }) as never, ops, APPROVERS),
            "the waiver approved by lee, sam does not count: CIL-OPS-001 is a HIGH risk (score 6, a document-declared blocker), whose Rollback Testing Waiver needs approval by VP Engineering or CTO + Platform Engineering Lead + SRE Manager, each a different person (the pack config's approvers list lee as Platform Engineering Lead; sam as SRE Manager)",
        );
        const both = { ...APPROVERS, "SRE Manager": ["lee"] };
        assert.match(
            waiverProblem(rollbackWaiver({ approvedBy: ["dana", "lee"] }) as never, ops, both) ?? "",
            /each a different person \(the pack config's approvers list dana as VP Engineering; lee as Platform Engineering Lead and SRE Manager\)$/,
        );
        assert.strictEqual(
            waiverProblem(rollbackWaiver({ approvedBy: ["chris", "sam", "lee"] }) as never, ops, APPROVERS),
            undefined,
        );
        const noRunbook = rollbackWaiver();
        noRunbook.compensatingControls = { ...noRunbook.compensatingControls, "rollback-runbook": " " };
        assert.match(
            waiverProblem(noRunbook as never, ops, APPROVERS) ?? "",
            /needs compensatingControls rollback-runbook \(Detailed rollback runbook with step-by-step commands\), each with where it is$/,
        );
    });

    it("TECH-001 and TECH-002 may not be waived: even the CTO's waiver does not count, and says why", async () => {
        const identity = resourcePolicy(ciliumReleaseIdentity, () => NOW) as ResourceValidationPolicy;
        const config = {
            waivers: [{ ...rollbackWaiver({ risk: "CIL-TECH-001", approvedBy: "chris" }) }],
            approvers: APPROVERS,
        };
        const reports: unknown[] = [];
        identity.validateResource = identity.validateResource as never;
        (identity.validateResource as (a: unknown, r: unknown) => void)(
            resourceArgsOf({
                type: REL,
                name: "infra-cilium-release",
                props: mutate(ciliumRelease() as Obj, (r) => (r.name = "cilium-gitops")),
                config,
            }),
            (v: unknown) => reports.push(v),
        );
        assert.deepStrictEqual(reports, [
            {
                message:
                    '[CIL-TECH-001 · score 6 · WAIVER REFUSED] the Cilium release is kube-system/cilium-gitops, not the bootstrap release kube-system/cilium, so it would install a second CNI and restart every pod\'s networking; set name: cilium and namespace: kube-system and adopt it with import. (the waiver approved by chris does not count: CIL-TECH-001 is a HIGH risk (score 6, a document-declared blocker) that its document says may not be waived ("**No waivers recommended** - All HIGH risks (TECH-001, TECH-002, OPS-001) must be mitigated"))',
                enforcementLevel: "mandatory",
            },
        ]);
        assert.match(
            waiverProblem({ owner: "o", approvedBy: "dana" }, riskById("CIL-TECH-002"), APPROVERS) ?? "",
            /CIL-TECH-002 is a HIGH risk .* that its document says may not be waived/,
        );
    });

    it("bands: MEDIUM needs the platform engineering lead (or above), LOW needs none, a blocker below 6 counts as HIGH", () => {
        const w = (approvedBy?: string) => ({ owner: "platform-team", ...(approvedBy ? { approvedBy } : {}) });
        const medium = riskById("CIL-TECH-005");
        assert.strictEqual(waiverProblem(w("lee"), medium, APPROVERS), undefined);
        assert.strictEqual(waiverProblem(w("dana"), medium, APPROVERS), undefined);
        assert.strictEqual(
            waiverProblem(w("sam"), medium, APPROVERS),
            "the waiver approved by sam does not count: CIL-TECH-005 is a MEDIUM risk (score 4), whose waiver needs approval by Platform Engineering Lead or VP Engineering or CTO (the pack config's approvers list sam as SRE Manager)",
        );
        assert.strictEqual(
            waiverProblem(w(undefined), medium, APPROVERS),
            "the waiver by platform-team does not count: CIL-TECH-005 is a MEDIUM risk (score 4), whose waiver needs approval by Platform Engineering Lead or VP Engineering or CTO (it names no approvedBy)",
        );
        assert.strictEqual(waiverProblem(w(undefined), riskById("CIL-TECH-003"), undefined), undefined);
        assert.strictEqual(
            waiverProblem(w("lee"), riskById("CIL-TECH-010"), APPROVERS),
            "the waiver approved by lee does not count: CIL-TECH-010 is a HIGH risk (score 3, a document-declared blocker), whose waiver needs approval by VP Engineering or CTO (the pack config's approvers list lee as Platform Engineering Lead)",
        );
        assert.strictEqual(
            waiverProblem(w("nobody"), riskById("DFLY-SEC-001"), APPROVERS),
            "the waiver approved by nobody does not count: DFLY-SEC-001 is a HIGH risk (score 6, a document-declared blocker), whose waiver needs approval by VP Engineering or CTO (the pack config's approvers list nobody with no role)",
        );
    });

    it("a waiver is valid through its last day and expired the day after; an expired one is named in the message", async () => {
        const w = rollbackWaiver({ expires: "2026-11-23" }) as never;
        const target = { name: "infra-cilium-release", urn: "" };
        assert.ok(matchWaivers([w], "CIL-OPS-001", target, NOW).active);
        assert.ok(matchWaivers([w], "CIL-OPS-001", target, new Date("2026-11-24T00:00:01Z")).expired);
        assert.deepStrictEqual(
            await run({ waivers: [rollbackWaiver({ expires: "2026-01-31" })], approvers: APPROVERS }),
            [
                "[CIL-OPS-001 · score 6] Cilium release cilium neither rolls back nor cleans up on a failed upgrade (atomic null, cleanupOnFail false); set atomic: true. (the waiver by platform-team expired on 2026-01-31, so this counts again)",
            ],
        );
    });

    it("a waiver for another resource does not apply", async () => {
        assert.deepStrictEqual(
            await run({ waivers: [rollbackWaiver()], approvers: APPROVERS }, "apps-cilium-release"),
            [
                "[CIL-OPS-001 · score 6] Cilium release cilium neither rolls back nor cleans up on a failed upgrade (atomic null, cleanupOnFail false); set atomic: true.",
            ],
        );
    });

    it("rejects waivers without reason, owner or expiry, with a bad approvedBy, or for a risk the policy does not report", () => {
        assert.throws(
            () =>
                parseWaivers(
                    "p",
                    [
                        { risk: "CIL-OPS-001", resource: "x" },
                        rollbackWaiver({ expires: "2026-13-45" }),
                        rollbackWaiver({ risk: "DFLY-SEC-001" }),
                        rollbackWaiver({ approvedBy: [] }),
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
                        "  p.waivers[3].approvedBy: must name at least one person",
                    ].join("\n"),
                );
                return true;
            },
        );
        assert.throws(() => parseWaivers("p", { risk: "x" }, ["x"]), /p\.waivers must be a list of waivers/);
    });
});

describe("a downgrade is a waiver: the policy keeps its register level without an approved one", () => {
    beforeEach(() => waivedLedger.clear());
    const policy = resourcePolicy(ciliumRollbackSafety, () => NOW) as ResourceValidationPolicy;
    const raw = async (config: Obj): Promise<unknown[]> => {
        const out: unknown[] = [];
        await (policy.validateResource as (a: unknown, r: unknown) => void)(
            resourceArgsOf({
                type: REL,
                name: "infra-cilium-release",
                props: unprotected,
                opts: { protect: true },
                config,
            }),
            (v: unknown) => out.push(v),
        );
        return out;
    };
    const downgrade = (extra: Obj = {}): Obj => {
        const w = rollbackWaiver(extra);
        delete w.risk;
        delete w.resource;
        return { level: "advisory", ...w };
    };

    it("without a downgrade a mandatory rule reports at mandatory, whatever level the pack config sets", async () => {
        const reports = await raw({});
        assert.deepStrictEqual(reports.map(levelOf), ["mandatory"]);
    });

    it("an approved downgrade waives the finding, named with its approvers and expiry", async () => {
        assert.deepStrictEqual(await raw({ downgrade: downgrade(), approvers: APPROVERS }), []);
        const ledger = await stackViolationsOf(waivedFindingsPolicy() as StackValidationPolicy, [
            { type: REL, name: "infra-cilium-release", props: {} },
        ]);
        assert.strictEqual(ledger.length, 1);
        assert.match(ledger[0], /WAIVED until 2026-12-31 by platform-team · approved by dana, lee, sam: /);
    });

    it("an unapproved or expired downgrade does not count: the finding stays mandatory and says why", async () => {
        const reports = (await raw({ downgrade: downgrade({ approvedBy: "lee" }), approvers: APPROVERS })) as {
            message: string;
            enforcementLevel: string;
        }[];
        assert.strictEqual(reports.length, 1);
        assert.strictEqual(reports[0].enforcementLevel, "mandatory");
        assert.match(
            reports[0].message,
            /\(the downgrade of cluster-platform-cilium-release-rollback-safety waives CIL-OPS-001, and its approval by lee does not count: .*approval by VP Engineering or CTO \+ Platform Engineering Lead \+ SRE Manager/,
        );
        const expired = (await raw({ downgrade: downgrade({ expires: "2026-01-31" }), approvers: APPROVERS })) as {
            message: string;
        }[];
        assert.match(
            expired[0].message,
            /\(the downgrade of cluster-platform-cilium-release-rollback-safety by platform-team expired on 2026-01-31\)$/,
        );
    });

    it("downgradeProblem: an approval of advisory does not cover disabled; a risk that may not be waived cannot be downgraded", () => {
        const d = downgrade() as never;
        const ops = [riskById("CIL-OPS-001")];
        assert.strictEqual(downgradeProblem("p", ops, d, APPROVERS, NOW, "advisory"), undefined);
        assert.strictEqual(
            downgradeProblem("p", ops, d, APPROVERS, NOW, "disabled"),
            "the downgrade of p approves advisory, but the pack config disables it",
        );
        assert.match(
            downgradeProblem("p", [riskById("CIL-TECH-001")], d, APPROVERS, NOW) ?? "",
            /^the downgrade of p waives CIL-TECH-001, and its approval by dana, lee, sam does not count: .* may not be waived/,
        );
    });

    it("an advisory rule reports in the string form, so the pack config may still raise it", async () => {
        const { ciliumEncryption } = await import("../../policies/rules/cilium/encryption");
        const enc = resourcePolicy(ciliumEncryption) as ResourceValidationPolicy;
        const out: unknown[] = [];
        await (enc.validateResource as (a: unknown, r: unknown) => void)(
            resourceArgsOf({
                type: REL,
                props: mutate(ciliumRelease() as Obj, (r) => (r.values.encryption.enabled = false)),
            }),
            (v: unknown) => out.push(v),
        );
        assert.strictEqual(out.length, 1);
        assert.strictEqual(typeof out[0], "string");
    });
});

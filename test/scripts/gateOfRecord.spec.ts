// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Issue 24, through `check` and `config:check`: no silent bypass by the pack config, waivers as the
// documents govern them, TECH-001 adoption enforced, and CI output that agrees with the gate.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { findStackFiles } from "../../config/stackFile";
import { runCheck } from "../../scripts/check";
import { runConfigCheck } from "../../scripts/config-check";
import { check, WEAK_DRAGONFLY_YAML } from "../support/check";
import { scratchDir } from "../support/scratch";
import { PROJECT_DIR } from "../support/stacks";
import { rollbackDowngrade, ROLLBACK_TERMS, TEST_APPROVERS } from "../real-engine/mutations";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const ROLLBACK = "cluster-platform-cilium-release-rollback-safety";
const ISOLATION = "cluster-platform-dragonfly-network-isolation";

/** Writes a pack config and runs `check` with it; `args` replace the default `--stack infra`. */
async function checkWith(packConfig: unknown, args: string[] = ["--stack", "infra"]) {
    const dir = scratchDir("cp-gate-");
    fs.writeFileSync(path.join(dir, "pc.json"), JSON.stringify(packConfig));
    const out = path.join(dir, "r");
    const r = await check([...args, "--out", out, "--policy-pack-config", path.join(dir, "pc.json")]);
    return { ...r, reports: out };
}

/** A scratch project whose stack files are the real ones with `edit` applied to their text. */
function projectWith(edit: (text: string) => string): string {
    const dir = scratchDir("cp-adopt-");
    fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    for (const f of findStackFiles(PROJECT_DIR)) {
        fs.writeFileSync(path.join(dir, path.basename(f)), edit(fs.readFileSync(f, "utf8")));
    }
    for (const d of ["components", "policies"]) {
        fs.symlinkSync(path.join(PROJECT_DIR, d), path.join(dir, d));
    }
    return dir;
}

describe("gate of record (issue 24): a pack-config downgrade is a waiver", function () {
    this.timeout(180000);

    it("a policy set advisory or disabled without an approved downgrade blocks check (exit 1), each named", async () => {
        const r = await checkWith({ [ROLLBACK]: "advisory", [ISOLATION]: { enforcementLevel: "disabled" } });
        assert.strictEqual(r.code, 1, r.err);
        assert.deepStrictEqual(
            r.err.split("\n").filter((l) => l.startsWith("check: BLOCKED")),
            [
                `check: BLOCKED — ${ROLLBACK} is set advisory (register level mandatory) by its own pack-config entry: no approved downgrade: ${ROLLBACK} reports CIL-OPS-001, and lowering it to advisory waives them; add "downgrade": {"level": "advisory", "owner", "reason", "expires", "approvedBy"} to its entry, with the authority its risks need`,
                `check: BLOCKED — ${ISOLATION} is set disabled (register level mandatory) by its own pack-config entry: no approved downgrade: ${ISOLATION} reports DFLY-SEC-001, DFLY-VR-09.1, DFLY-VR-09.2, DFLY-CP-B1, and lowering it to disabled waives them; add "downgrade": {"level": "disabled", "owner", "reason", "expires", "approvedBy"} to its entry, with the authority its risks need`,
            ],
        );
        const profile = fs.readFileSync(path.join(r.reports, "infra", "risk-profile.md"), "utf8");
        assert.match(
            profile,
            new RegExp(
                `- \`${ROLLBACK}\` mandatory → advisory \\(by its own pack-config entry; waives CIL-OPS-001\\): \\*\\*unapproved\\*\\*`,
            ),
        );
        const summary = JSON.parse(fs.readFileSync(path.join(r.reports, "all", "summary.json"), "utf8")) as Json;
        assert.strictEqual(summary.blocked, true);
        assert.deepStrictEqual(
            summary.downgradedPolicies.map((d: Json) => [d.policy, d.to, d.problem !== undefined]),
            [
                [ROLLBACK, "advisory", true],
                [ISOLATION, "disabled", true],
            ],
        );
    });

    it("every report blocks on an unapproved downgrade as the exit code does: stack line, gate, findings, SARIF, JUnit, summary", async () => {
        const r = await checkWith({ [ISOLATION]: "disabled" });
        assert.strictEqual(r.code, 1, r.err);
        assert.match(
            r.out,
            /^stack infra: \d+ resources, 4 finding\(s\), gate CONCERNS — BLOCKED \(unwaived mandatory findings\)$/m,
        );
        const findings = (
            JSON.parse(fs.readFileSync(path.join(r.reports, "infra", "findings.json"), "utf8")) as Json
        ).findings.map((f: Json) => [f.risk, f.policy, f.enforcement, f.resource]);
        assert.deepStrictEqual(
            findings,
            ["DFLY-CP-B1", "DFLY-SEC-001", "DFLY-VR-09.1", "DFLY-VR-09.2"].map((risk) => [
                risk,
                ISOLATION,
                "mandatory",
                "",
            ]),
        );
        const own = (JSON.parse(fs.readFileSync(path.join(r.reports, "infra", "findings.json"), "utf8")) as Json)
            .findings[1];
        assert.strictEqual(
            own.message,
            `${ISOLATION} is set disabled (register level mandatory) by its own pack-config entry, so DFLY-SEC-001 goes unchecked: no approved downgrade: ${ISOLATION} reports DFLY-SEC-001, DFLY-VR-09.1, DFLY-VR-09.2, DFLY-CP-B1, and lowering it to disabled waives them; add "downgrade": {"level": "disabled", "owner", "reason", "expires", "approvedBy"} to its entry, with the authority its risks need.`,
        );
        const sarif = JSON.parse(fs.readFileSync(path.join(r.reports, "infra", "results.sarif"), "utf8")) as Json;
        assert.deepStrictEqual(
            sarif.runs[0].results.map((x: Json) => [x.ruleId, x.level]),
            ["DFLY-SEC-001", "DFLY-VR-09.1", "DFLY-VR-09.2", "DFLY-CP-B1"].map((id) => [id, "error"]),
        );
        const junit = fs.readFileSync(path.join(r.reports, "infra", "junit.xml"), "utf8");
        assert.match(
            junit,
            new RegExp(
                `<testcase classname="infra" name="${ISOLATION}"><failure message="4 unwaived mandatory finding\\(s\\), highest score 6"`,
            ),
        );
        const summary = JSON.parse(fs.readFileSync(path.join(r.reports, "all", "summary.json"), "utf8")) as Json;
        assert.deepStrictEqual(
            summary.stacks.map((x: Json) => [x.stack, x.gate, x.blocked]),
            [["infra", "CONCERNS", true]],
        );
    });

    it('{"all": "advisory"} blocks and names every mandatory policy it lowers', async () => {
        const r = await checkWith({ all: "advisory" });
        assert.strictEqual(r.code, 1);
        const named = r.err.split("\n").filter((l) => l.startsWith("check: BLOCKED"));
        assert.strictEqual(named.length, 11, r.err);
        assert.ok(named.every((l) => l.includes(`by the pack config's "all" key`)));
        assert.ok(named.some((l) => l.includes(`${ROLLBACK} is set advisory`)));
    });

    it("an approved downgrade passes, and the risk profile and JUnit name its approvers and expiry", async () => {
        const r = await checkWith(rollbackDowngrade(true));
        assert.strictEqual(r.code, 0, r.err);
        const profile = fs.readFileSync(path.join(r.reports, "infra", "risk-profile.md"), "utf8");
        assert.ok(
            profile.includes(
                `- \`${ROLLBACK}\` mandatory → advisory (by its own pack-config entry; waives CIL-OPS-001): approved by dana + lee + sam until 2999-12-31 (owner platform-team): ${ROLLBACK_TERMS.reason}`,
            ),
            profile,
        );
    });

    it("a disabled LOW-risk policy needs owner, reason and expiry but no approver", async () => {
        const probes = "cluster-platform-workload-probes";
        assert.strictEqual((await checkWith({ [probes]: "disabled" })).code, 1);
        const approved = await checkWith({
            [probes]: {
                enforcementLevel: "disabled",
                downgrade: {
                    level: "disabled",
                    owner: "platform-team",
                    reason: "probes tuned later",
                    expires: "2999-01-01",
                },
            },
        });
        assert.strictEqual(approved.code, 0, approved.err);
        const profile = fs.readFileSync(path.join(approved.reports, "infra", "risk-profile.md"), "utf8");
        assert.match(
            profile,
            /accepted by platform-team until 2999-01-01 \(LOW risks need no approval\): probes tuned later/,
        );
    });
});

describe("gate of record (issue 24): waivers keep the documents' verdict", function () {
    this.timeout(180000);
    const manifests = (): string => {
        const dir = scratchDir("cp-gate-yaml-");
        fs.writeFileSync(path.join(dir, "dragonfly.yaml"), WEAK_DRAGONFLY_YAML);
        return dir;
    };
    const sec001 = (approvedBy: string) => ({
        [ISOLATION]: {
            waivers: [
                {
                    risk: "DFLY-SEC-001",
                    resource: "*",
                    reason: "lab cluster, no tenants",
                    owner: "platform-team",
                    expires: "2999-12-31",
                    approvedBy,
                },
            ],
            approvers: TEST_APPROVERS,
        },
    });

    it("a valid waiver of a HIGH risk lets the deploy go on, but the gate stays CONCERNS and says who waived it until when", async () => {
        const r = await checkWith(sec001("dana"), ["--manifests", manifests(), "--stack", "lab"]);
        assert.strictEqual(r.code, 0, r.err);
        assert.match(r.out, /^stack lab: \d+ resources, \d+ finding\(s\), gate CONCERNS$/m);
        const findings = JSON.parse(fs.readFileSync(path.join(r.reports, "lab", "findings.json"), "utf8")) as Json;
        const mustFix = findings.gate.recommendations.must_fix as string[];
        assert.ok(
            mustFix.some(
                (l) =>
                    l.startsWith("DFLY-SEC-001: ") &&
                    l.endsWith("(waived by dana until 2999-12-31 (owner platform-team))"),
            ),
            mustFix.join("\n"),
        );
    });

    it("a waiver approved below the band's authority does not count: the finding blocks and says why", async () => {
        const r = await checkWith(sec001("lee"), ["--manifests", manifests(), "--stack", "lab"]);
        assert.strictEqual(r.code, 1);
        assert.match(
            r.out,
            /\(the waiver approved by lee does not count: DFLY-SEC-001 is a HIGH risk \(score 6, a document-declared blocker\), whose waiver needs approval by VP Engineering or CTO \(the pack config's approvers list lee as Platform Engineering Lead\)\)/,
        );
    });

    it("SARIF leaves the waived finding out of code scanning and keeps it as a notification; JUnit skips it with its waiver", async () => {
        const r = await checkWith(sec001("dana"), ["--manifests", manifests(), "--stack", "lab"]);
        const dir = r.reports;
        const sarif = JSON.parse(fs.readFileSync(path.join(dir, "all", "results.sarif"), "utf8")) as Json;
        const results = sarif.runs.flatMap((run: Json) => run.results) as Json[];
        assert.ok(results.length > 0);
        assert.ok(!results.some((x) => x.ruleId === "DFLY-SEC-001"), "a waived finding is a code-scanning result");
        // Every result's level follows its enforcement: mandatory = error, advisory = warning or note.
        for (const x of results) {
            assert.strictEqual(x.level === "error", x.properties.enforcement === "mandatory", JSON.stringify(x));
        }
        const notes = sarif.runs[0].invocations[0].toolExecutionNotifications as Json[];
        assert.deepStrictEqual(
            notes.map((n) => [
                n.level,
                n.descriptor.id,
                /waived by dana until 2999-12-31 \(owner platform-team\): lab cluster, no tenants/.test(n.message.text),
            ]),
            [["note", "DFLY-SEC-001", true]],
        );
        const junit = fs.readFileSync(path.join(dir, "all", "junit.xml"), "utf8");
        assert.match(
            junit,
            new RegExp(
                `<testcase classname="lab" name="${ISOLATION}"><skipped message="waived: DFLY-SEC-001 waived by dana until 2999-12-31 \\(owner platform-team\\): lab cluster, no tenants"/>`,
            ),
        );
        // exit 0: no testcase fails, though advisory findings exist (they pass, with the finding in system-out).
        assert.strictEqual(r.code, 0);
        assert.doesNotMatch(junit, /<failure /);
        assert.match(junit, /<system-out>ADVISORY \[/);
        assert.match(junit, /<testsuite name="lab" [^>]* time="\d+\.\d{3}">/);
    });
});

describe("gate of record (issue 24): the job summary of two clean stacks fits on one screen", function () {
    this.timeout(180000);

    it("is at most 10 KB, with each stack's details folded", async () => {
        const dir = scratchDir("cp-summary-");
        const file = path.join(dir, "summary.md");
        const before = process.env.GITHUB_STEP_SUMMARY;
        process.env.GITHUB_STEP_SUMMARY = file;
        try {
            const r = await check([
                "--out",
                path.join(dir, "r"),
                "--policy-pack-config",
                path.join(PROJECT_DIR, "waivers.json"),
            ]);
            assert.strictEqual(r.code, 0, r.err);
        } finally {
            if (before === undefined) {
                delete process.env.GITHUB_STEP_SUMMARY;
            } else {
                process.env.GITHUB_STEP_SUMMARY = before;
            }
        }
        const text = fs.readFileSync(file, "utf8");
        assert.ok(Buffer.byteLength(text) <= 10 * 1024, `${Buffer.byteLength(text)} bytes`);
        assert.ok(Buffer.byteLength(text) > 500, "empty summary");
        assert.strictEqual((text.match(/^<details>$/gm) ?? []).length, 2);
        assert.match(text, /^\| apps \| PASS \| may proceed \| 0 \| 0 \| none \|$/m);
        assert.match(text, /^\| infra \| PASS \| may proceed \| 0 \| 0 \| none \|$/m);
    });
});

describe("gate of record (issue 24): CIL-TECH-001 adoption", function () {
    this.timeout(180000);

    it("adoptExistingRelease: false alone is refused by config:check and check, naming the risk and the fix", async () => {
        const project = projectWith((t) => t.replace("adoptExistingRelease: true", "adoptExistingRelease: false"));
        const lines: string[] = [];
        assert.strictEqual(
            runConfigCheck([path.join(project, "Pulumi.infra.yaml")], project, (l) => lines.push(l)),
            3,
        );
        assert.match(
            lines[0],
            /Pulumi\.infra\.yaml:\d+: cluster-platform:cilium\.adoptExistingRelease: CIL-TECH-001 \(score 6, a blocker: "Implement Helm adoption strategy \(not reinstall\)"\): adoptExistingRelease is false, so pulumi up would install Cilium over the bootstrap release and restart every pod's networking; set adoptExistingRelease: true to import kube-system\/cilium, or, if this cluster has no bootstrap release, state it with noBootstrapRelease: true/,
        );
        let err = "";
        const code = await runCheck(
            ["--out", path.join(project, "r")],
            project,
            () => undefined,
            (s) => (err += s),
        );
        assert.strictEqual(code, 3);
        assert.match(err, /cluster-platform:cilium\.adoptExistingRelease: CIL-TECH-001/);
    });

    it("with the explicit statement that the cluster has no bootstrap release it passes, and the risk profile says which case holds", async () => {
        const project = projectWith((t) =>
            t.replace("adoptExistingRelease: true", "adoptExistingRelease: false\n    noBootstrapRelease: true"),
        );
        const out = path.join(project, "r");
        const code = await runCheck(
            ["--stack", "infra", "--out", out],
            project,
            () => undefined,
            () => undefined,
        );
        assert.strictEqual(code, 0);
        const profile = fs.readFileSync(path.join(out, "infra", "risk-profile.md"), "utf8");
        assert.match(
            profile,
            /\| CIL-TECH-001 \|.*not adopted: the stack states its cluster has no bootstrap Cilium release \(cilium\.noBootstrapRelease: true\), so the release is installed \|/,
        );
        const real = await check(["--stack", "infra", "--out", path.join(project, "r2")]);
        assert.strictEqual(real.code, 0);
        assert.match(
            fs.readFileSync(path.join(project, "r2", "infra", "risk-profile.md"), "utf8"),
            /\| CIL-TECH-001 \|.*adopted: infra-cilium-release is declared with import kube-system\/cilium/,
        );
        const both = projectWith((t) =>
            t.replace("adoptExistingRelease: true", "adoptExistingRelease: true\n    noBootstrapRelease: true"),
        );
        const lines: string[] = [];
        assert.strictEqual(
            runConfigCheck([path.join(both, "Pulumi.infra.yaml")], both, (l) => lines.push(l)),
            3,
        );
        assert.match(lines[0], /cilium\.noBootstrapRelease: contradicts adoptExistingRelease: true/);
    });
});

describe("gate of record (issue 24): config:check refuses what the pack's config schema refuses", function () {
    this.timeout(180000);
    const run = (config: unknown): { code: number; lines: string[] } => {
        const dir = scratchDir("cp-cc-");
        fs.writeFileSync(path.join(dir, "pc.json"), JSON.stringify(config));
        const lines: string[] = [];
        const code = runConfigCheck(
            [path.join(PROJECT_DIR, "Pulumi.infra.yaml"), "--policy-pack-config", path.join(dir, "pc.json")],
            PROJECT_DIR,
            (l) => lines.push(l),
        );
        return { code, lines };
    };

    it("validates waivers.json by default, and a valid waiver config", () => {
        const lines: string[] = [];
        assert.strictEqual(
            runConfigCheck([], PROJECT_DIR, (l) => lines.push(l)),
            0,
        );
        assert.match(
            lines[0],
            /waivers\.json: ok — pack config valid for cluster-platform-risk-rules \d+\.\d+\.\d+, 0 approved downgrade\(s\)$/,
        );
        assert.strictEqual(run(rollbackDowngrade(true)).code, 0);
    });

    it("refuses an unknown field, a bad approvedBy, an unknown role and an unknown policy (exit 3), naming each", () => {
        const r = run({
            [ROLLBACK]: {
                waivers: [
                    {
                        risk: "CIL-OPS-001",
                        resource: "*",
                        reason: "r",
                        owner: "o",
                        expires: "2999-01-01",
                        approvedBy: 7,
                        sev: 1,
                    },
                ],
                approvers: { "Chief Vibes Officer": ["x"] },
            },
            "cluster-platform-no-such-policy": "advisory",
        });
        assert.strictEqual(r.code, 3);
        const text = r.lines.join("\n");
        for (const expected of [
            "cluster-platform-no-such-policy: no such policy in pack cluster-platform-risk-rules",
            `${ROLLBACK}.waivers.0: must NOT have additional properties (sev)`,
            `${ROLLBACK}.waivers.0.approvedBy: must be string,array`,
            `${ROLLBACK}.approvers: must NOT have additional properties (Chief Vibes Officer)`,
        ]) {
            assert.ok(text.includes(expected), `${expected}\nnot in:\n${text}`);
        }
    });

    it("names an unapproved downgrade (exit 1)", () => {
        const r = run(rollbackDowngrade(false));
        assert.strictEqual(r.code, 1);
        assert.match(
            r.lines[0],
            new RegExp(
                `: ${ROLLBACK} is set advisory \\(register level mandatory\\) by its own pack-config entry: no approved downgrade`,
            ),
        );
    });
});

describe("gate of record (issue 24): every workflow runs check with the same pack config before any preview or up", () => {
    /** The jobs a job waits for, transitively. */
    const before = (jobs: Json, name: string): string[] => {
        const needs = ([] as string[]).concat(jobs[name].needs ?? []);
        return [...needs, ...needs.flatMap((n) => before(jobs, n))];
    };
    const read = (file: string): Json => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { parse } = require("yaml") as typeof import("yaml");
        return parse(fs.readFileSync(path.join(PROJECT_DIR, file), "utf8")) as Json;
    };
    /** A job's steps; a job that calls a reusable workflow of this repository runs that workflow's steps. */
    const stepsOf = (job: Json): Json[] =>
        Array.isArray(job.steps)
            ? (job.steps as Json[])
            : typeof job.uses === "string" && job.uses.startsWith("./")
              ? Object.values(read(job.uses.replace(/^\.\//, "")).jobs as Record<string, Json>).flatMap(stepsOf)
              : [];
    /** `npm run -s check` with the config, or this repository's action (`uses: ./`) given the same config. */
    const checks = (steps: Json[], config: string): boolean =>
        steps.some(
            (s) =>
                (typeof s.run === "string" &&
                    s.run.includes("npm run -s check") &&
                    s.run.includes(`--policy-pack-config ${config}`)) ||
                (s.uses === "./" && s.with?.["policy-pack-config"] === config),
        );

    for (const file of ["preview.yml", "deploy.yml"]) {
        it(file, () => {
            const jobs = read(`.github/workflows/${file}`).jobs as Record<string, Json>;
            let engineSteps = 0;
            for (const [name, job] of Object.entries(jobs)) {
                const steps = stepsOf(job);
                steps.forEach((step, i) => {
                    // A step without the pack (the post-deploy `--expect-no-changes` preview) gates nothing.
                    if (
                        typeof step.uses !== "string" ||
                        !step.uses.startsWith("pulumi/actions") ||
                        !step.with?.policyPacks
                    ) {
                        return;
                    }
                    engineSteps++;
                    const config = String(step.with.policyPackConfigs).replace(/^\.\//, "");
                    const ok =
                        checks(steps.slice(0, i), config) ||
                        before(jobs, name).some((n) => checks(stepsOf(jobs[n]), config));
                    assert.ok(
                        ok,
                        `${file}: job ${name} runs pulumi ${step.with.command} before any check with ${config}`,
                    );
                });
            }
            assert.ok(engineSteps > 0, `${file}: no pulumi step found`);
        });
    }
});

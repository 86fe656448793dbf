// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Issue 13, defect 11: bad waiver dates are pack-config errors (exit 3, as every invalid configuration); disabled policies are named.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { disabledPolicies } from "../../engine/packConfig";
import { isCalendarDate } from "../../policies/lib/waivers";
import { policies } from "../../policies/policies";
import { disabledSummary } from "../../scripts/check";
import { check } from "../support/check";
import { rollbackWaiver } from "../real-engine/mutations";
import { sharedPackClient } from "../support/hooks";
import { scratchDir } from "../support/scratch";

const ROLLBACK = "cluster-platform-cilium-release-rollback-safety";

/** Runs `check` on the infra stack with the given pack config. */
async function checkWith(packConfig: unknown): Promise<{ code: number; out: string; err: string }> {
    const dir = scratchDir("cp-packconfig-");
    fs.writeFileSync(path.join(dir, "pc.json"), JSON.stringify(packConfig));
    return check(["--stack", "infra", "--out", path.join(dir, "r"), "--policy-pack-config", path.join(dir, "pc.json")]);
}

const waiver = (expires: string): unknown => rollbackWaiver(expires);

describe("pack config: waivers and disabled policies (issue 13)", function () {
    this.timeout(120000);

    it("defect 11: only days that exist are calendar dates", () => {
        assert.deepStrictEqual(
            ["2026-02-28", "2026-02-30", "2028-02-29", "2027-02-29", "2026-13-01", "2026-00-10", "2026-04-31"].map(
                isCalendarDate,
            ),
            [true, false, true, false, false, false, false],
        );
    });

    for (const day of ["2026-02-30", "2026-13-45"]) {
        it(`defect 11: a waiver expiring ${day} exits 3 (invalid configuration) with the policy, index and field`, async () => {
            const r = await checkWith(waiver(day));
            assert.strictEqual(r.code, 3);
            assert.strictEqual(r.out, "");
            assert.match(
                r.err,
                new RegExp(
                    `^check: .*pc\\.json: invalid policy pack config:\\n  ${ROLLBACK}\\.waivers\\[0\\]\\.expires: must be a real calendar date\\n$`,
                ),
            );
        });
    }

    it('defect 11 and issue 24: {"all": "disabled"} blocks (exit 1) and the report names every disabled policy and why', async () => {
        const r = await checkWith({ all: "disabled" });
        assert.strictEqual(r.code, 1);
        assert.ok(
            r.out.includes(
                `policies: EVERY policy (${policies.length} of ${policies.length}) is disabled — this run checked nothing: all by the pack config's "all" key\n`,
            ),
            r.out,
        );
        const summary = JSON.parse(
            fs.readFileSync(path.join(r.out.match(/under (.*)\/\n/)![1], "all", "summary.json"), "utf8"),
        ) as { disabledPolicies: { policy: string; by: string }[] };
        assert.strictEqual(summary.disabledPolicies.length, policies.length);
    });

    it("names each policy disabled by its own entry, and none when nothing is off", async () => {
        const info = await (await sharedPackClient()).info();
        assert.deepStrictEqual(disabledPolicies(info, {}), []);
        const off = disabledPolicies(info, { all: "mandatory", [ROLLBACK]: { enforcementLevel: "disabled" } });
        assert.deepStrictEqual(off, [{ policy: ROLLBACK, by: "its own pack-config entry" }]);
        assert.strictEqual(
            disabledSummary(off, policies.length),
            `policies: 1 of ${policies.length} policies disabled, their risks unchecked: ${ROLLBACK} by its own pack-config entry`,
        );
        assert.strictEqual(disabledSummary([], policies.length), undefined);
    });
});

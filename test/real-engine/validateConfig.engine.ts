// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// `pulumi policy validate-config` (CLI v3.248.0) against the pack configs the docs show. It validates
// against the schema of a pack version published in Pulumi Cloud (cloudPolicyPack.Validate ->
// GetPolicyPackSchema), so without a Pulumi Cloud organization it cannot validate anything: this
// asserts exactly how it refuses, so a CLI that could validate offline would fail this test and be
// noticed; `npm run -s config:check` is the validation that runs here (test/scripts/gateOfRecord.spec.ts).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_DIR } from "../support/stacks";
import { scratchDir } from "../support/scratch";
import { runGroup, TOOLCHAIN } from "./harness";
import { rollbackDowngrade, rollbackWaiver } from "./mutations";

describe("real engine: pulumi policy validate-config", function () {
    this.timeout(120000);

    it("needs a pack published in Pulumi Cloud: with the DIY backend it refuses, for every documented pack config", async () => {
        const cli = path.join(TOOLCHAIN, "bin", "pulumi");
        assert.ok(fs.existsSync(cli), `no Pulumi CLI at ${cli}; run npm run toolchain`);
        const dir = scratchDir("cp-validate-");
        fs.mkdirSync(path.join(dir, "state"));
        const env = {
            ...process.env,
            PULUMI_HOME: path.join(dir, "home"),
            PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        };
        const version = (await runGroup(cli, ["version"], dir, env, 60)).output.trim();
        assert.strictEqual(version, "v3.248.0");
        const configs: Record<string, unknown> = {
            "waivers.json": JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "waivers.json"), "utf8")),
            "rollback-waiver.json": rollbackWaiver("2026-12-31"),
            "rollback-downgrade.json": rollbackDowngrade(true),
        };
        for (const [name, config] of Object.entries(configs)) {
            const file = path.join(dir, name);
            fs.writeFileSync(file, JSON.stringify(config));
            const r = await runGroup(
                cli,
                [
                    "policy",
                    "validate-config",
                    "myorg/cluster-platform-risk-rules",
                    "5.0.0",
                    "--config",
                    file,
                    "--non-interactive",
                ],
                dir,
                env,
                60,
            );
            assert.strictEqual(r.code, 1, r.output);
            assert.strictEqual(r.output.trim(), "error: DIY backend does not support resource policy", name);
        }
    });
});

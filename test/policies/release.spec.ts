// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The pack's version follows the register: the latest release in policies/CHANGELOG.md is the
// version in policies/package.json and lists exactly the register's blocking and advisory risks.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { isMandatoryRisk } from "../../policies/lib/scoring";
import { REGISTER } from "../../policies/register";
import { PROJECT_DIR } from "../support/stacks";

/** The latest release section of the changelog: its version and its Blocking/Advisory ID lists. */
export function latestRelease(changelog: string): { version: string; blocking: string[]; advisory: string[] } {
    const section = changelog.split(/^## /m)[1] ?? "";
    const version = /^(\d+\.\d+\.\d+) /.exec(section)?.[1] ?? "";
    const list = (label: string): string[] =>
        (new RegExp(`^${label}: (.*)$`, "m").exec(section)?.[1] ?? "")
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean)
            .sort();
    return { version, blocking: list("Blocking"), advisory: list("Advisory") };
}

describe("the pack as a released artifact", () => {
    const changelog = fs.readFileSync(path.join(PROJECT_DIR, "policies/CHANGELOG.md"), "utf8");
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "policies/package.json"), "utf8")) as {
        version: string;
    };
    const checked = REGISTER.filter((r) => "policies" in r.check);

    it("the latest changelog release is the pack's version", () => {
        assert.match(pkg.version, /^\d+\.\d+\.\d+$/);
        assert.strictEqual(latestRelease(changelog).version, pkg.version);
    });

    it("lists exactly the register's blocking and advisory risks (a register change needs a release)", () => {
        const release = latestRelease(changelog);
        const blocking = checked
            .filter((r) => isMandatoryRisk(r))
            .map((r) => r.id)
            .sort();
        const advisory = checked
            .filter((r) => !isMandatoryRisk(r))
            .map((r) => r.id)
            .sort();
        const added = blocking.filter((id) => !release.blocking.includes(id));
        assert.deepStrictEqual(
            added,
            [],
            `new blocking risks ${added.join(", ")}: release a new major version in policies/CHANGELOG.md and policies/package.json`,
        );
        assert.deepStrictEqual(release.blocking, blocking);
        assert.deepStrictEqual(release.advisory, advisory);
    });

    it("reads a changelog section", () => {
        assert.deepStrictEqual(
            latestRelease("# x\n\n## 2.0.0 — d\n\nBlocking: B, A\n\nAdvisory: C\n\n## 1.0.0 — d\n"),
            {
                version: "2.0.0",
                blocking: ["A", "B"],
                advisory: ["C"],
            },
        );
    });
});

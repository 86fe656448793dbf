// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "../../config/issues";
import { assertStackMatches, loadStackConfig } from "../../config/load";
import { runConfigCheck } from "../../scripts/config-check";
import { PROJECT_DIR, realStackConfig } from "../support/stacks";
import { scratchDir } from "../support/scratch";

function tempProject(files: Record<string, string>): string {
    const dir = scratchDir("cp-config-");
    for (const [name, text] of Object.entries(files)) {
        fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
}

const real = (stack: string) => fs.readFileSync(path.join(PROJECT_DIR, `Pulumi.${stack}.yaml`), "utf8");

describe("config: loading for the program", () => {
    it("refuses to run one cluster's config as another stack", () => {
        assert.throws(
            () => assertStackMatches("apps", realStackConfig("infra")),
            (err: ConfigError) => {
                assert.deepStrictEqual(err.issues, [
                    {
                        file: "Pulumi.apps.yaml",
                        path: "cluster-platform:cluster.name",
                        message:
                            'is "infra" but the running stack is "apps"; refusing to deploy one cluster\'s config to another',
                    },
                ]);
                return true;
            },
        );
    });

    it("fails on an invalid sibling stack file, naming it", () => {
        const dir = tempProject({
            "Pulumi.infra.yaml": real("infra"),
            "Pulumi.apps.yaml": real("apps").replace("id: 2", "id: 1"),
        });
        assert.throws(
            () => loadStackConfig("infra", dir),
            /Pulumi\.infra\.yaml:9: cluster-platform:cluster\.id: 1 is also the cluster id in .*Pulumi\.apps\.yaml cluster-platform:cluster\.id/,
        );
    });
});

/** The pack's version (policies/package.json). */
const PACK_VERSION = (
    JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "policies", "package.json"), "utf8")) as { version: string }
).version;

describe("npm run config:check", () => {
    it("exits 0 with a line for waivers.json and one summary line per real stack", () => {
        const lines: string[] = [];
        assert.strictEqual(
            runConfigCheck([], PROJECT_DIR, (l) => lines.push(l)),
            0,
        );
        assert.deepStrictEqual(lines, [
            `waivers.json: ok — pack config valid for cluster-platform-risk-rules ${PACK_VERSION}, 0 approved downgrade(s)`,
            "Pulumi.apps.yaml: ok — stack apps (id 2), context apps, pods 10.246.0.0/16, services 10.247.0.0/16, Cilium 1.18.3, ASN 64513, components: dragonfly, floe",
            "Pulumi.infra.yaml: ok — stack infra (id 1), context infra, pods 10.244.0.0/16, services 10.245.0.0/16, Cilium 1.18.3, ASN 64512, components: dragonfly",
        ]);
    });

    it("exits 3 naming file, line and key path for broken files", () => {
        const dir = tempProject({
            "Pulumi.infra.yaml": real("infra").replace("podCidr: 10.244.0.0/16", "podCidr: 10.246.0.0/16"),
            "Pulumi.apps.yaml": real("apps"),
            "Pulumi.broken.yaml": "config:\n  cluster-platform:cluster: {name: broken\n",
        });
        const lines: string[] = [];
        const files = ["Pulumi.infra.yaml", "Pulumi.apps.yaml", "Pulumi.broken.yaml"].map((f) => path.join(dir, f));
        assert.strictEqual(
            runConfigCheck(files, PROJECT_DIR, (l) => lines.push(l.split(dir + path.sep).join(""))),
            3,
        );
        assert.deepStrictEqual(lines, [
            "Pulumi.broken.yaml:3: malformed YAML: Flow map in block collection must be sufficiently indented and end with a }",
            "Pulumi.apps.yaml:17: cluster-platform:network.podCidr: 10.246.0.0/16 overlaps Pulumi.infra.yaml cluster-platform:network.podCidr (10.246.0.0/16)",
            "config:check: 2 problems in 2 file(s)",
        ]);
    });

    it("--help prints the usage on stdout and exits 0; an unknown option exits 2", () => {
        const lines: string[] = [];
        assert.strictEqual(
            runConfigCheck(["--help"], PROJECT_DIR, (l) => lines.push(l)),
            0,
        );
        assert.strictEqual(
            lines[0].split("\n")[0],
            "usage: npm run -s config:check -- [Pulumi.<stack>.yaml ...] [--policy-pack-config <file>]",
        );
        const bad: string[] = [];
        assert.strictEqual(
            runConfigCheck(["--stack=infra"], PROJECT_DIR, (l) => bad.push(l)),
            2,
        );
        assert.deepStrictEqual(bad, ["config:check: Unknown option '--stack'; see npm run -s config:check -- --help"]);
    });
});

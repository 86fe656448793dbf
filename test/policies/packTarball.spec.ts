// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The pack as a package: `npm pack` in policies/ gives a tarball holding the pack's entry (package.json
// main), PulumiPolicy.yaml, the licence, README and CHANGELOG, and nothing git does not track there
// but the compiled output. test/real-engine/ installs the tarball outside the repository and previews.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { scratchDir } from "../support/scratch";
import { PROJECT_DIR } from "../support/stacks";

const PACK = path.join(PROJECT_DIR, "policies");
const pkg = JSON.parse(fs.readFileSync(path.join(PACK, "package.json"), "utf8")) as {
    name: string;
    version: string;
    main: string;
    license: string;
    private: boolean;
    scripts: Record<string, string>;
};

/** Every file under `dir`, relative to `rel`'s root, with `/` separators. */
function filesUnder(dir: string, rel = ""): string[] {
    if (!fs.existsSync(path.join(dir, rel))) {
        return [];
    }
    return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
        const p = rel ? `${rel}/${e.name}` : e.name;
        return e.isDirectory() ? filesUnder(dir, p) : [p];
    });
}

const run = (cmd: string, args: string[], cwd: string): string => {
    const r = spawnSync(cmd, args, { cwd, encoding: "utf8" });
    assert.strictEqual(r.status, 0, `${cmd} ${args.join(" ")}: ${r.stderr}`);
    return r.stdout;
};

describe("the policy pack as a package (npm pack in policies/)", function () {
    this.timeout(120_000);
    const dest = scratchDir("cp-pack-");
    let listed: string[];
    let tarball: string;

    before(() => {
        // Scripts off: the contents as they are (the pack's build runs in test:engine's full npm pack).
        const out = JSON.parse(
            run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dest], PACK),
        ) as { filename: string }[];
        tarball = path.join(dest, out[0].filename);
        listed = run("tar", ["tzf", tarball], dest)
            .split("\n")
            .filter(Boolean)
            .map((f) => f.replace(/^package\//, ""))
            .sort();
        run("tar", ["xzf", tarball], dest);
    });

    it("is named after the pack and its version, and licensed Apache-2.0 as the SPDX headers say", () => {
        assert.strictEqual(path.basename(tarball), `${pkg.name}-${pkg.version}.tgz`);
        assert.strictEqual(pkg.license, "Apache-2.0");
        assert.strictEqual(pkg.private, true, "never published to the npm registry by accident");
        const licence = fs.readFileSync(path.join(dest, "package", "LICENSE"), "utf8");
        assert.match(licence, /^\s+Apache License\n\s+Version 2\.0, January 2004\n/);
        assert.match(licence, /END OF TERMS AND CONDITIONS/);
        assert.strictEqual(licence, fs.readFileSync(path.join(PROJECT_DIR, "LICENSE"), "utf8"));
        assert.match(
            fs.readFileSync(path.join(PACK, "index.ts"), "utf8"),
            /^\/\/ Copyright 2026 The cluster-platform authors\. SPDX-License-Identifier: Apache-2\.0\n/,
        );
    });

    it("holds the entry, PulumiPolicy.yaml, licence, README and CHANGELOG", () => {
        for (const f of [pkg.main, "package.json", "PulumiPolicy.yaml", "LICENSE", "README.md", "CHANGELOG.md"]) {
            assert.ok(listed.includes(f.replace(/^\.\//, "")), `${f} missing from ${path.basename(tarball)}`);
        }
        assert.match(fs.readFileSync(path.join(dest, "package", "PulumiPolicy.yaml"), "utf8"), /^runtime: nodejs$/m);
    });

    it("holds exactly the files git tracks in policies/ (less the lockfile) and the compiled output", () => {
        const tracked = run("git", ["ls-files", "."], PACK).split("\n").filter(Boolean);
        assert.ok(tracked.length > 50, `only ${tracked.length} tracked files`);
        const compiled = filesUnder(path.join(PACK, "bin")).map((f) => `bin/${f}`);
        const expected = [...new Set([...tracked.filter((f) => f !== "package-lock.json"), ...compiled])].sort();
        assert.deepStrictEqual(listed, expected);
    });

    it("ships the lockfile as npm-shrinkwrap.json for the pack's own install, and leaves policies/ as it was", () => {
        const dir = scratchDir("cp-pack-scripts-");
        fs.copyFileSync(path.join(PACK, "package.json"), path.join(dir, "package.json"));
        fs.copyFileSync(path.join(PACK, "package-lock.json"), path.join(dir, "package-lock.json"));
        run("npm", ["run", "-s", "prepack"], dir);
        assert.strictEqual(
            fs.readFileSync(path.join(dir, "npm-shrinkwrap.json"), "utf8"),
            fs.readFileSync(path.join(PACK, "package-lock.json"), "utf8"),
        );
        run("npm", ["run", "-s", "postpack"], dir);
        assert.deepStrictEqual(fs.readdirSync(dir).sort(), ["package-lock.json", "package.json"]);
        // Packed again from an unpacked tarball (pulumi policy publish runs npm pack there): its shrinkwrap stays.
        fs.rmSync(path.join(dir, "package-lock.json"));
        fs.writeFileSync(path.join(dir, "npm-shrinkwrap.json"), "{}");
        run("npm", ["run", "-s", "prepack"], dir);
        run("npm", ["run", "-s", "postpack"], dir);
        assert.strictEqual(fs.readFileSync(path.join(dir, "npm-shrinkwrap.json"), "utf8"), "{}");
        assert.ok(pkg.scripts.prepack && pkg.scripts.postpack);
    });
});

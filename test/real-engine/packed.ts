// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The pack as an operator installs it: `npm pack` in policies/ (its lifecycle scripts included, as
// `pulumi policy publish` runs it), the tarball unpacked in a folder outside the repository, and
// `npm ci` there from the shipped npm-shrinkwrap.json, so nothing resolves from the repository.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_DIR } from "../support/stacks";

const run = (cmd: string, args: string[], cwd: string): string => {
    const r = spawnSync(cmd, args, { cwd, encoding: "utf8" });
    assert.strictEqual(r.status, 0, `${cmd} ${args.join(" ")} in ${cwd}:\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
};

/** Packs policies/ into `dir`, unpacks and installs the tarball there; returns the unpacked pack's folder. */
export function installPackedPack(dir: string): string {
    const src = path.join(PROJECT_DIR, "policies");
    assert.ok(!path.relative(PROJECT_DIR, dir).match(/^[^.]/), `${dir} must lie outside the repository`);
    fs.mkdirSync(dir, { recursive: true });
    const [{ filename }] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", dir], src)) as {
        filename: string;
    }[];
    assert.ok(!fs.existsSync(path.join(src, "npm-shrinkwrap.json")), "postpack left npm-shrinkwrap.json in policies/");
    const listed = run("tar", ["tzf", filename], dir).split("\n");
    const pkg = JSON.parse(fs.readFileSync(path.join(src, "package.json"), "utf8")) as { main: string };
    for (const f of [pkg.main, "npm-shrinkwrap.json", "PulumiPolicy.yaml", "LICENSE", "README.md", "CHANGELOG.md"]) {
        assert.ok(listed.includes(`package/${f}`), `${f} missing from ${filename}`);
    }
    run("tar", ["xzf", filename], dir);
    const pack = path.join(dir, "package");
    run("npm", ["ci", "--no-audit", "--no-fund"], pack);
    assert.ok(fs.existsSync(path.join(pack, pkg.main)), `${pkg.main} missing after npm ci in ${pack}`);
    return pack;
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The docs stay true: every command, option, script and path that README.md, policies/README.md and
// docs/**/*.md show is checked here against package.json scripts, the commands' own --help, npm's
// --help and the file tree; output blocks are compared with a real run. pulumi and helm command lines
// are checked against the real CLIs in test/real-engine/docs.engine.ts (npm run test:engine).
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_DIR } from "../support/stacks";
import { Doc, DocCommand, readDocs, shellWords } from "./extract";
import { localPack, packInfoOf } from "../../engine/inprocess/localPack";
import { downgradesOf, reconcilePackConfig } from "../../engine/packConfig";
import { riskById } from "../../policies/register";
import { Approvers, waiverProblem } from "../../policies/lib/waiverAuthority";
import { parseWaivers } from "../../policies/lib/waivers";

/** Programs that talk to a live cluster or service; nothing here can run them. Named, so a new one fails. */
export const UNCHECKABLE: Record<string, string> = {
    kubectl: "needs a live cluster; no kubectl on these machines",
    hubble: "needs Cilium's Hubble relay on a live cluster",
    flux: "needs a cluster running Flux",
    curl: "calls services inside a cluster",
    jq: "filters the output of those calls",
};
/** Shell utilities: not project commands; their repository paths are still checked. */
const UTILITIES = new Set(["cd", "mkdir", "tar", "diff", "head", "grep", "wc", "cat", "echo", "export", "sort", "ls"]);
/** Checked against the real CLIs by test/real-engine/docs.engine.ts. */
export const REAL_CLIS = new Set(["pulumi", "helm"]);
/** Our commands with a --help, by npm script. */
const OWN = ["check", "render", "config:check"];

const docs: Doc[] = readDocs();
const tracked = spawnSync("git", ["ls-files"], { cwd: PROJECT_DIR, encoding: "utf8" })
    .stdout.split("\n")
    .filter(Boolean);
const trackedDirs = new Set(
    tracked.flatMap((f) =>
        f
            .split("/")
            .slice(0, -1)
            .map((_, i, a) => a.slice(0, i + 1).join("/")),
    ),
);
const topLevel = new Set(tracked.map((f) => f.split("/")[0]));

const pkgOf = (cwd: string): { scripts: Record<string, string> } =>
    JSON.parse(
        fs.readFileSync(
            path.join(PROJECT_DIR, cwd === "<unpacked pack>" || cwd === "policies" ? "policies" : ".", "package.json"),
            "utf8",
        ),
    ) as { scripts: Record<string, string> };

const helpCache = new Map<string, string>();
function help(key: string, cmd: string, args: string[]): string {
    if (!helpCache.has(key)) {
        const r = spawnSync(cmd, args, { cwd: PROJECT_DIR, encoding: "utf8" });
        assert.strictEqual(r.status, 0, `${cmd} ${args.join(" ")}: ${r.stderr}`);
        helpCache.set(key, r.stdout + r.stderr);
    }
    return helpCache.get(key)!;
}
const ownHelp = (script: string): string => help(script, "npm", ["run", "-s", script, "--", "--help"]);

/** The options a --help text lists, each with its enumerated values (`--format text|json`) when it has them. */
function optionsOf(text: string): Map<string, string[] | undefined> {
    const out = new Map<string, string[] | undefined>();
    for (const m of text.matchAll(/(?:^|[\s[|,])(--[a-z][\w-]*)(?:[ =]([\w-]+(?:\|[\w-]+)+))?/gm)) {
        out.set(m[1], m[2]?.split("|") ?? out.get(m[1]));
    }
    return out;
}

/** A repository path a word names (relative to the repository), or undefined when it names none. */
function repoPathOf(word: string, cwd: string): string | undefined {
    if (cwd.startsWith("<") || /[$`{}()]/.test(word) || word.includes("://") || /^[-/~]/.test(word)) {
        return undefined;
    }
    const w = word
        .replace(/#.*$/, "")
        .replace(/[.,;:]+$/, "")
        .replace(/:\d+(-\d+)?(,\d+)*$/, "");
    const rel = path.posix.normalize(path.posix.join(cwd, w)).replace(/\/$/, "");
    const first = rel.split("/")[0];
    if (rel.startsWith("..") || !topLevel.has(first)) {
        return undefined;
    }
    if (!w.includes("/") && !tracked.includes(rel) && !trackedDirs.has(rel)) {
        return undefined;
    }
    return rel;
}

/** True when a path exists in the tree (placeholders `<x>` and `*` match one segment), or git ignores it (generated). */
function pathExists(rel: string, creates: readonly string[] = []): boolean {
    if (creates.includes(rel)) {
        return pathExists(path.posix.dirname(rel));
    }
    if (/[<*]/.test(rel)) {
        const re = new RegExp(
            "^" +
                rel
                    .split(/(<[^>]*>|\*)/)
                    .map((part, i) => (i % 2 ? "[^/]+" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
                    .join("") +
                "(/|$)",
        );
        return tracked.some((f) => re.test(f));
    }
    if (tracked.includes(rel) || trackedDirs.has(rel) || fs.existsSync(path.join(PROJECT_DIR, rel))) {
        return true;
    }
    return spawnSync("git", ["check-ignore", "-q", "--no-index", rel], { cwd: PROJECT_DIR }).status === 0;
}

/** Problems of one command line; collects the programs it ran. */
function checkCommand(c: DocCommand, seen: Set<string>, creates: readonly string[] = []): string[] {
    const where = `${c.file}:${c.line} \`${c.text.trim()}\``;
    const problems: string[] = [];
    const [program, ...args] = c.words;
    seen.add(program);
    for (const w of c.words) {
        const rel = repoPathOf(w, c.cwd);
        if (rel !== undefined && !pathExists(rel, creates)) {
            problems.push(`${where}: path ${rel} does not exist`);
        }
    }
    if (program === "npm") {
        if (args[0] === "run" || args[0] === "run-script") {
            const rest = args.slice(1).filter((a) => a !== "-s" && a !== "--silent");
            const [script, ...after] = rest;
            const scripts = pkgOf(c.cwd).scripts ?? {};
            if (script === undefined || script.startsWith("<")) {
                return problems; // a placeholder: `npm run <script>`
            }
            if (!(script in scripts)) {
                problems.push(
                    `${where}: npm script ${script} is not in ${c.cwd === "." ? "" : "policies/"}package.json`,
                );
                return problems;
            }
            const given = after[0] === "--" ? after.slice(1) : [];
            if (OWN.includes(script)) {
                const opts = optionsOf(ownHelp(script));
                for (let i = 0; i < given.length; i++) {
                    const [opt, inlineValue] = given[i].split("=", 2);
                    if (!opt.startsWith("--")) {
                        continue;
                    }
                    if (!opts.has(opt)) {
                        problems.push(`${where}: ${script} has no option ${opt} (npm run -s ${script} -- --help)`);
                        continue;
                    }
                    const values = opts.get(opt);
                    const value = inlineValue ?? given[i + 1];
                    if (values && value !== undefined && !value.startsWith("<") && !values.includes(value)) {
                        problems.push(`${where}: ${script} ${opt} takes ${values.join("|")}, not ${value}`);
                    }
                }
            } else if (script === "toolchain") {
                const all = /^ALL=\(([^)]*)\)/m
                    .exec(fs.readFileSync(path.join(PROJECT_DIR, "scripts/toolchain/build.sh"), "utf8"))![1]
                    .split(/\s+/);
                for (const tool of given) {
                    if (!all.includes(tool)) {
                        problems.push(`${where}: npm run toolchain builds no ${tool} (scripts/toolchain/build.sh ALL)`);
                    }
                }
            }
        } else if (args[0] !== undefined && !args[0].startsWith("<")) {
            const text = help(`npm ${args[0]}`, "npm", [args[0], "--help"]);
            for (const a of args.slice(1).filter((x) => x.startsWith("--"))) {
                const opt = a.split("=")[0].replace(/^--no-/, "--");
                if (
                    !text.includes(`[${opt}]`) &&
                    !text.includes(`[--no-${opt.slice(2)}]`) &&
                    !text.includes(`${opt} <`) &&
                    !text.includes(`${opt}\n`)
                ) {
                    problems.push(`${where}: npm ${args[0]} has no option ${a} (npm ${args[0]} --help)`);
                }
            }
        }
    } else if (program === "node" || program === "bash") {
        const script = args.find((a) => !a.startsWith("-"));
        const inRepo = script !== undefined && pathExists(path.posix.normalize(path.posix.join(c.cwd, script)));
        // A module path (node @pulumi/pulumi/cmd/run-policy-pack) resolves from node_modules.
        const module = script !== undefined && fs.existsSync(path.join(PROJECT_DIR, "node_modules", script));
        if (script !== undefined && !inRepo && !module) {
            problems.push(`${where}: ${script} does not exist`);
        }
    } else if (program === "npx") {
        if (!fs.existsSync(path.join(PROJECT_DIR, "node_modules", ".bin", args[0]))) {
            problems.push(`${where}: npx ${args[0]} is not installed by npm ci`);
        }
    } else if (program.includes("/") && repoPathOf(program, c.cwd) !== undefined) {
        // One of our scripts: every option it is given must be one it parses.
        const source = fs.readFileSync(path.join(PROJECT_DIR, repoPathOf(program, c.cwd)!), "utf8");
        for (const a of args.filter((x) => /^--[a-z]/.test(x))) {
            if (!source.includes(`${a.split("=")[0]})`)) {
                problems.push(`${where}: ${program} does not parse ${a}`);
            }
        }
    } else if (!REAL_CLIS.has(program) && !(program in UNCHECKABLE) && !UTILITIES.has(program)) {
        problems.push(
            `${where}: nothing checks the program ${program}; check it here or list it in UNCHECKABLE with the reason`,
        );
    }
    return problems;
}

describe("the docs stay true (README.md, policies/README.md, docs/)", function () {
    this.timeout(180_000);
    const commands = docs.flatMap((d) => d.commands);

    it("reads the docs: their shell commands, links and the README's operator length", () => {
        assert.ok(docs.length >= 10, `${docs.length} docs`);
        assert.ok(commands.filter((c) => !c.inline).length >= 40, `${commands.length} commands`);
        assert.ok(commands.some((c) => c.words[0] === "pulumi" && c.words[1] === "policy"));
        const lines = fs.readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8").split("\n").length - 1;
        assert.ok(lines <= 300, `README.md has ${lines} lines; at most 300 (details go to docs/)`);
    });

    it("splits shell lines as the shell does", () => {
        assert.deepStrictEqual(shellWords(`cd policies && npm ci && pulumi policy publish <org> && cd ..  # note`), [
            ["cd", "policies"],
            ["npm", "ci"],
            ["pulumi", "policy", "publish", "<org>"],
            ["cd", ".."],
        ]);
        assert.deepStrictEqual(shellWords(`pulumi refresh --target <release URN> --stack x`), [
            ["pulumi", "refresh", "--target", "<release URN>", "--stack", "x"],
        ]);
        assert.deepStrictEqual(shellWords(`npm run -s check -- --format sarif > results.sarif 2>&1`), [
            ["npm", "run", "-s", "check", "--", "--format", "sarif"],
        ]);
        assert.deepStrictEqual(shellWords(`CTX=infra kubectl get "a b" | wc -l`), [
            ["kubectl", "get", "a b"],
            ["wc", "-l"],
        ]);
    });

    it("every command names a script, option, value and path that exist, and a program that is checked", () => {
        const seen = new Set<string>();
        const problems = docs.flatMap((d) => d.commands.flatMap((c) => checkCommand(c, seen, d.creates)));
        assert.deepStrictEqual(problems, []);
        for (const p of ["npm", "pulumi"]) {
            assert.ok(seen.has(p), `no ${p} command found`);
        }
    });

    it("every repository path in inline code and every relative link exists", () => {
        const problems: string[] = [];
        for (const d of docs) {
            for (const { text, line } of d.inline) {
                const rel = /\s/.test(text) ? undefined : repoPathOf(text, ".");
                if (rel !== undefined && !pathExists(rel, d.creates)) {
                    problems.push(`${d.file}:${line}: \`${text}\` does not exist`);
                }
            }
            for (const { target, line } of d.links) {
                const rel = path.posix.normalize(path.posix.join(path.posix.dirname(d.file), target));
                if (!pathExists(rel)) {
                    problems.push(`${d.file}:${line}: link ${target} does not exist`);
                }
            }
        }
        assert.deepStrictEqual(problems, []);
    });

    // Scoped to the operators' READMEs: the docs/ prose also names other programs' flags (Dragonfly's container arguments).
    it("every option the READMEs show in inline code is one of a command the docs run", () => {
        const known = new Set<string>();
        for (const s of OWN) {
            optionsOf(ownHelp(s)).forEach((_, k) => known.add(k));
        }
        for (const c of commands) {
            c.words.filter((w) => w.startsWith("--")).forEach((w) => known.add(w.split("=")[0]));
        }
        const problems: string[] = [];
        for (const d of docs.filter((x) => x.file.endsWith("README.md"))) {
            for (const { text, line } of d.inline) {
                const opt = /^(--[a-z][\w-]*)/.exec(text);
                if (opt && !known.has(opt[1]) && !known.has(opt[1].replace(/^--no-/, "--"))) {
                    problems.push(`${d.file}:${line}: option ${opt[1]} belongs to no command the docs run`);
                }
            }
        }
        assert.deepStrictEqual(problems, []);
    });

    it("config:check --help and the README agree that Cilium drift never changes the exit code", () => {
        const text = ownHelp("config:check");
        assert.match(
            text,
            /Cilium value drift between stacks \(CIL-TECH-007\) is printed; it scores 4, so it is advisory and never changes the exit code/,
        );
        assert.match(
            fs.readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8"),
            /\(CIL-TECH-007, score 4\)[^.]*advisory: it never changes the exit code/,
        );
    });

    for (const o of docs.flatMap((d) => d.outputs)) {
        it(`${o.file}:${o.line}: the output shown is what \`${o.command}\` prints`, () => {
            const [words] = shellWords(o.command);
            assert.deepStrictEqual(
                checkCommand({ file: o.file, line: o.line, cwd: ".", words, text: o.command, inline: true }, new Set()),
                [],
            );
            const r = spawnSync(words[0], words.slice(1), { cwd: PROJECT_DIR, encoding: "utf8" });
            assert.strictEqual(r.stdout.trimEnd(), o.expected.trimEnd(), r.stderr);
        });
    }

    it("every pack config the docs show is valid, and every waiver and downgrade in it counts", () => {
        const info = packInfoOf(localPack());
        const names = new Set(["all", ...info.policies.map((p) => p.name)]);
        // Before every example's expiry: what is checked is the approval, not the calendar.
        const before = new Date("2026-01-01T00:00:00Z");
        let configs = 0;
        let approvals = 0;
        for (const d of docs) {
            for (const block of d.json) {
                const where = `${d.file}:${block.line}`;
                let value: unknown;
                try {
                    value = JSON.parse(block.text);
                } catch {
                    continue; // not a whole JSON document (a SARIF excerpt, say)
                }
                if (typeof value !== "object" || value === null || Array.isArray(value)) {
                    continue;
                }
                const config = value as Record<string, unknown>;
                if (!Object.keys(config).some((k) => names.has(k))) {
                    continue;
                }
                configs++;
                assert.deepStrictEqual(
                    Object.keys(config).filter((k) => !names.has(k)),
                    [],
                    `${where}: keys that name no policy`,
                );
                const effective = reconcilePackConfig(info, config);
                for (const g of downgradesOf(info, config, before)) {
                    assert.strictEqual(g.problem, undefined, `${where}: the downgrade of ${g.policy}`);
                    approvals++;
                }
                for (const p of info.policies) {
                    const props = effective[p.name].properties;
                    for (const w of parseWaivers(p.name, props.waivers, p.tags)) {
                        assert.strictEqual(
                            waiverProblem(w, riskById(w.risk), props.approvers as Approvers | undefined),
                            undefined,
                            `${where}: the waiver of ${w.risk}`,
                        );
                        approvals++;
                    }
                }
            }
        }
        assert.ok(configs >= 3, `${configs} pack configs in the docs`);
        assert.ok(approvals >= 3, `${approvals} waivers and downgrades in the docs`);
    });
});

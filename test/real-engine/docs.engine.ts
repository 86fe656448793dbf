// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The docs' pulumi and helm command lines checked against the real CLIs (built by npm run toolchain):
// each names a real subcommand, passes only flags its --help lists (its own or inherited), and no more
// arguments than its usage line takes. test/docs/docs.spec.ts checks everything else the docs show.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { readDocs } from "../docs/extract";
import { PROJECT_DIR } from "../support/stacks";

const BIN = path.join(PROJECT_DIR, ".toolchain", "bin");

/** The CLI's help for a command path, or undefined when that is no command. */
function helpOf(cli: string, words: string[]): string | undefined {
    const r = spawnSync(path.join(BIN, cli), [...words, "--help"], {
        encoding: "utf8",
        env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    });
    return r.status === 0 ? r.stdout + r.stderr : undefined;
}

/** The subcommands a help text lists, under "Available Commands:" or grouped ("Deployment Commands:"). */
function subcommandsOf(help: string): Set<string> {
    const out = new Set<string>();
    for (const m of help.matchAll(/Commands:\n([\s\S]*?)(?:\n\n|$)/g)) {
        for (const line of m[1].split("\n")) {
            const name = /^\s{2}([a-z][\w-]*)\s/.exec(line)?.[1];
            if (name) {
                out.add(name);
            }
        }
    }
    return out;
}

/** The flags a cobra help text lists (its own and the global ones), each with whether it takes a value. */
function flagsOf(help: string): Map<string, boolean> {
    const out = new Map<string, boolean>();
    for (const m of help.matchAll(/^\s+(?:-(\w), )?--([\w-]+)(?: ([a-z]\w*)(\[[^\]]*\])?)?(?:\s{2,}|$)/gm)) {
        // A value in brackets (`--refresh string[="true"]`) is optional: the flag takes no next word.
        const typed = m[3] !== undefined && m[3] !== "bool" && m[4] === undefined;
        out.set(`--${m[2]}`, typed);
        if (m[1]) {
            out.set(`-${m[1]}`, typed);
        }
    }
    return out;
}

/** The help of `word` as an alias of a subcommand of `path_` (`pulumi stack init` is `pulumi stack new`). */
function aliasHelp(cli: string, path_: string[], word: string): string | undefined {
    const help = path_.length > 0 && !word.includes("<") ? helpOf(cli, [...path_, word]) : undefined;
    const aliases = help && /Aliases:\n\s+(.*)\n/.exec(help)?.[1].split(/,\s*/);
    return aliases?.includes(word) ? help : undefined;
}

/** Problems of one command line. */
function check(cli: string, words: string[]): string[] {
    const root = helpOf(cli, []);
    assert.ok(root !== undefined, `${path.join(BIN, cli)} does not run: build it with npm run toolchain -- ${cli}`);
    // Leading flags (helm --kube-context X, pulumi -C dir) stand before the subcommand.
    const path_: string[] = [];
    let help: string = root;
    let i = 0;
    const leading: string[] = [];
    while (i < words.length && words[i].startsWith("-")) {
        leading.push(words[i], words[i + 1]);
        i += words[i].includes("=") ? 1 : 2;
    }
    for (; i < words.length && !words[i].startsWith("-"); i++) {
        const next = subcommandsOf(help).has(words[i])
            ? helpOf(cli, [...path_, words[i]])
            : aliasHelp(cli, path_, words[i]);
        if (next === undefined) {
            break;
        }
        path_.push(words[i]);
        help = next;
    }
    if (path_.length === 0) {
        return [`${cli} ${words.join(" ")}: no ${cli} subcommand ${words[i]}`];
    }
    const problems: string[] = [];
    const rest = words.slice(i);
    const flags = flagsOf(help);
    let positionals = 0;
    for (let j = 0; j < rest.length; j++) {
        const w = rest[j];
        if (w.startsWith("-")) {
            const flag = w.split("=")[0];
            if (!flags.has(flag)) {
                problems.push(`${cli} ${path_.join(" ")}: no flag ${flag}`);
            } else if (!w.includes("=") && flags.get(flag)) {
                j++; // its value
            }
        } else {
            positionals++;
        }
    }
    for (const l of leading.filter((w) => w?.startsWith("-"))) {
        if (!flagsOf(help).has(l.split("=")[0])) {
            problems.push(`${cli}: no global flag ${l}`);
        }
    }
    const usageBlock = /Usage:\n([\s\S]*?)\n\n/.exec(help)?.[1] ?? "";
    const usage =
        usageBlock
            .split("\n")
            .map((l) => l.trim())
            .find((l) => l.startsWith(`${cli} `) && !l.endsWith("[command]"))
            ?.split(" ")
            .slice(1 + path_.length)
            .join(" ") ?? "";
    // Arguments as cobra's usage lines write them: <arg>, [arg], or a bare upper-case name (helm's RELEASE_NAME).
    const allowed = [...usage.matchAll(/[[<]([\w-]+)[\]>]|\b([A-Z][A-Z0-9_]*)\b/g)]
        .map((m) => m[1] ?? m[2])
        .filter((a) => a !== "flags");
    const variadic = /\.\.\./.test(usage);
    if (!variadic && positionals > allowed.length) {
        problems.push(
            `${cli} ${path_.join(" ")}: ${positionals} argument(s), but its usage takes at most ${allowed.length} (${usage.trim()})`,
        );
    }
    return problems;
}

describe("the docs' pulumi and helm commands, against the real CLIs", function () {
    this.timeout(600_000);
    const commands = readDocs()
        .flatMap((d) => d.commands)
        .filter((c) => c.words[0] === "pulumi" || c.words[0] === "helm");

    it("finds them (README's publish and enable among them)", () => {
        assert.ok(commands.length >= 15, `${commands.length}`);
        assert.ok(commands.some((c) => c.words.slice(0, 3).join(" ") === "pulumi policy publish"));
    });

    it("every one names a real subcommand, real flags and no more arguments than its usage", () => {
        const problems = commands.flatMap((c) =>
            check(c.words[0], c.words.slice(1)).map((p) => `${c.file}:${c.line} \`${c.text.trim()}\`: ${p}`),
        );
        assert.deepStrictEqual(problems, []);
    });

    it("catches the README's old publish line: two arguments where pulumi policy publish takes one", () => {
        assert.deepStrictEqual(check("pulumi", ["policy", "publish", "<org>", "./policies"]), [
            "pulumi policy publish: 2 argument(s), but its usage takes at most 1 ([org-name] [flags])",
        ]);
        assert.deepStrictEqual(check("pulumi", ["preview", "--no-such-flag"]), [
            "pulumi preview: no flag --no-such-flag",
        ]);
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Every runbook reference the register, the alerts and the runbooks themselves make resolves to a file
// and a section that exist, and every ops command a runbook shows is a command the script knows.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { REGISTER } from "../../policies/register";
import { ciliumAlertList, CILIUM_RUNBOOK } from "../../components/cilium";
import { PROJECT_DIR } from "../support/stacks";

const RUNBOOKS = path.join(PROJECT_DIR, "docs", "runbooks");

/** The anchors of a Markdown file: explicit `<a id>` and GitHub's heading slugs. */
function anchorsOf(file: string): Set<string> {
    const text = fs.readFileSync(file, "utf8");
    const ids = [...text.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]);
    const slugs = [...text.matchAll(/^#+ (.+)$/gm)].map((m) =>
        m[1]
            .toLowerCase()
            .replace(/[^a-z0-9 _-]/g, "")
            .replace(/ /g, "-"),
    );
    return new Set([...ids, ...slugs]);
}

describe("runbooks: references resolve", () => {
    it("every docs/runbooks reference of a manual register entry names an existing file and section", () => {
        const refs = REGISTER.flatMap((e) =>
            "manual" in e.check
                ? [...e.check.manual.matchAll(/docs\/runbooks\/([\w.-]+\.md)(?:#([\w-]+))?/g)].map((m) => ({
                      id: e.id,
                      file: m[1],
                      anchor: m[2],
                  }))
                : [],
        );
        assert.deepStrictEqual(
            refs.map((r) => r.id),
            [
                "CIL-PERF-004",
                "CIL-DATA-002",
                "CIL-DATA-003",
                "CIL-BUS-003",
                "CIL-BUS-003",
                "CIL-OPS-005",
                "CIL-OPS-006",
            ],
        );
        const broken = refs.filter(
            (r) =>
                !fs.existsSync(path.join(RUNBOOKS, r.file)) ||
                (r.anchor !== undefined && !anchorsOf(path.join(RUNBOOKS, r.file)).has(r.anchor)),
        );
        assert.deepStrictEqual(broken, []);
    });

    it("every Cilium alert's runbook section exists", () => {
        const anchors = anchorsOf(path.join(PROJECT_DIR, CILIUM_RUNBOOK));
        assert.deepStrictEqual(
            ciliumAlertList()
                .map((a) => a.section)
                .filter((s) => !anchors.has(s)),
            [],
        );
    });

    it("every ops command a runbook shows is one the script has, with options it accepts", async () => {
        const { main } = await import("../../scripts/ops/main");
        const lines = fs
            .readdirSync(RUNBOOKS)
            .flatMap((f) =>
                fs
                    .readFileSync(path.join(RUNBOOKS, f), "utf8")
                    // A shell continuation line belongs to the command above it.
                    .replace(/\\\n\s*/g, " ")
                    .split("\n")
                    .map((l) => [f, l] as const),
            )
            .filter(([, l]) => l.includes("npm run -s ops -- ") && !l.includes("…"));
        assert.ok(lines.length >= 15, `only ${lines.length} ops commands in the runbooks`);
        const bad: string[] = [];
        const err = console.error;
        const log = console.log;
        for (const [file, line] of lines) {
            const cmd = line
                .slice(line.indexOf("npm run -s ops -- ") + 18)
                .replace(/`.*$/, "")
                .replace(/\s+#.*$/, "")
                .replace(/\\$/, "");
            const words = cmd.match(/'[^']*'|\S+/g)!.map((w) => w.replace(/^'|'$/g, ""));
            // A usage error exits 2 before any cluster access; a context that is not configured exits 1.
            console.error = () => undefined;
            console.log = () => undefined;
            const code = await main([
                ...words.map((w) => (w.startsWith("$") ? "x" : w)),
                ...(words.includes("--context") ? [] : ["--context", "x"]),
            ]).finally(() => {
                console.error = err;
                console.log = log;
            });
            if (code === 2) {
                bad.push(`${file}: ${cmd}`);
            }
        }
        assert.deepStrictEqual(bad, []);
    });
});

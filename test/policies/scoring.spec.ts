// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
    bandOf,
    enforcementForScore,
    gateForHighestScore,
    highestRisk,
    isShouldFix,
    sarifLevelFor,
    severityForScore,
} from "../../policies/lib/scoring";

const ROOT = path.resolve(__dirname, "../..");
const SCORING_MODULE = "policies/lib/scoring.ts";
/** This spec quotes threshold literals as detector examples. */
const THIS_SPEC = "test/policies/scoring.spec.ts";
const SKIPPED_DIRS = new Set(["node_modules", "bin", ".git", ".toolchain", "vendor", "reports", "rendered"]);

/** Every hand-written TypeScript file of the repository, relative to its root. */
function sourceFiles(dir = ROOT): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) {
            return SKIPPED_DIRS.has(e.name) ? [] : sourceFiles(full);
        }
        return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [path.relative(ROOT, full)] : [];
    });
}

/** A comparison against a score band literal (4, 6 or 9), in either order. */
const THRESHOLD_LITERAL = /(?:>=|<=|(?<!=)>|<)\s*[469](?![\d.])|(?<![\d.])[469]\s*(?:>=|<=|<|>)(?!=)/;

describe("scoring", () => {
    it("maps every score to band, severity, enforcement, SARIF level and should-fix", () => {
        const scores = [9, 6, 4, 3, 2, 1];
        assert.deepStrictEqual(scores.map(bandOf), ["critical", "high", "medium", "low", "low", "low"]);
        assert.deepStrictEqual(scores.map(severityForScore), ["critical", "high", "medium", "low", "low", "low"]);
        assert.deepStrictEqual(scores.map(enforcementForScore), [
            "mandatory",
            "mandatory",
            "advisory",
            "advisory",
            "advisory",
            "advisory",
        ]);
        assert.deepStrictEqual(
            scores.map((s) => sarifLevelFor(enforcementForScore(s), s)),
            ["error", "error", "warning", "note", "note", "note"],
        );
        // A document-declared blocker below 6 is mandatory: an error, whatever its score.
        assert.deepStrictEqual(
            [sarifLevelFor("mandatory", 3), sarifLevelFor("advisory", 4), sarifLevelFor("advisory", 3)],
            ["error", "warning", "note"],
        );
        assert.deepStrictEqual(scores.map(isShouldFix), [false, false, true, false, false, false]);
    });

    it("derives the gate from the highest unwaived score", () => {
        assert.deepStrictEqual(
            [9, 6, 4, 0].map((s) => gateForHighestScore(s)),
            ["FAIL", "CONCERNS", "PASS", "PASS"],
        );
        assert.deepStrictEqual(
            [4, 3].map((s) => gateForHighestScore(s, true)),
            ["CONCERNS", "CONCERNS"],
        );
    });

    it("picks the highest risk, the first listed on a tie", () => {
        const scores: Record<string, number> = { A: 4, B: 6, C: 6 };
        assert.strictEqual(
            highestRisk(["A", "B", "C"], (id) => scores[id]),
            "B",
        );
        assert.strictEqual(
            highestRisk([], () => 0),
            undefined,
        );
    });

    it("is the only file that compares a score with a band literal", () => {
        const files = sourceFiles();
        assert.ok(files.includes(SCORING_MODULE), "the walk must reach the scoring module");
        assert.ok(files.length > 100, `only ${files.length} .ts files found`);
        const offenders = files
            .filter((f) => f !== SCORING_MODULE && f !== THIS_SPEC)
            .flatMap((f) =>
                fs
                    .readFileSync(path.join(ROOT, f), "utf8")
                    .split("\n")
                    .map((line, i) => ({ f, i, line }))
                    .filter(({ line }) => THRESHOLD_LITERAL.test(line)),
            )
            .map(({ f, i, line }) => `${f}:${i + 1}: ${line.trim()}`);
        assert.deepStrictEqual(offenders, []);
    });

    it("the literal detector catches both orders and ignores other numbers", () => {
        assert.deepStrictEqual(
            ["score >= 6", "s < 4", "9 <= top", "x.length > 64", "n >= 16", "a => 6", "port > 1.5"].map((l) =>
                THRESHOLD_LITERAL.test(l),
            ),
            [true, true, true, false, false, false, false],
        );
    });
});

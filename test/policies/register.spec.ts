// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { policies, RESOURCE_RULES, STACK_RULES } from "../../policies/policies";
import { parseRegister, REGISTER } from "../../policies/register";
import { REGISTER_ENTRIES } from "../../policies/register/entries";
import { ruleScore, WAIVED_FINDINGS_POLICY } from "../../policies/lib/rule";
import { isBlocking, isMandatoryRisk } from "../../policies/lib/scoring";

/** Every ID the five source documents define, as the register prefixes them. Adding or losing one fails this test. */
const DOCUMENT_IDS = [
    // seeds/000 risk matrix
    "DFLY-SEC-001",
    "DFLY-OPS-001",
    "DFLY-TECH-001",
    "DFLY-OPS-002",
    "DFLY-PERF-001",
    "DFLY-TECH-002",
    "DFLY-MON-001",
    "DFLY-SEC-002",
    // seeds/001 proposed edits B.1–B.5 and the latency SLO decision
    "DFLY-CP-B1",
    "DFLY-CP-B2",
    "DFLY-CP-B3",
    "DFLY-CP-B4",
    "DFLY-CP-B5",
    "DFLY-CP-SLO",
    // seeds/002: TECH-001..011, SEC-001..005, PERF-001..004, DATA-001..004, BUS-001..003, OPS-001..006
    ...Array.from({ length: 11 }, (_, i) => `CIL-TECH-${String(i + 1).padStart(3, "0")}`),
    ...Array.from({ length: 5 }, (_, i) => `CIL-SEC-${String(i + 1).padStart(3, "0")}`),
    ...Array.from({ length: 4 }, (_, i) => `CIL-PERF-${String(i + 1).padStart(3, "0")}`),
    ...Array.from({ length: 4 }, (_, i) => `CIL-DATA-${String(i + 1).padStart(3, "0")}`),
    ...Array.from({ length: 3 }, (_, i) => `CIL-BUS-${String(i + 1).padStart(3, "0")}`),
    ...Array.from({ length: 6 }, (_, i) => `CIL-OPS-${String(i + 1).padStart(3, "0")}`),
    // seeds/003 machine-checkable checklist items
    "DFLY-VR-03.3",
    "DFLY-VR-03.4",
    "DFLY-VR-03.6",
    "DFLY-VR-04.4",
    "DFLY-VR-04.5",
    "DFLY-VR-04.9",
    "DFLY-VR-04.10",
    "DFLY-VR-04.11",
    "DFLY-VR-08.1",
    "DFLY-VR-08.2",
    "DFLY-VR-08.3",
    "DFLY-VR-09.1",
    "DFLY-VR-09.2",
    "DFLY-VR-09.3",
    "DFLY-VR-10.1",
    // seeds/004
    "FLOE-R-1",
    "FLOE-R-2",
    "FLOE-R-3",
    "FLOE-R-4",
    "FLOE-R-5",
    "FLOE-R-6",
    "FLOE-TD-1",
    "FLOE-TD-2",
    "FLOE-TD-3",
];

/**
 * Every entry's probability, impact and score. The documents' own ratings are copied from their
 * matrices (floe: High = 3, Medium = 2, Low = 1); checklist and proposal items, which their documents
 * do not rate, carry the score argued in the register from their own text (no inherited scores).
 */
const SCORES: Record<string, [number | null, number | null, number | null]> = {
    "DFLY-SEC-001": [2, 3, 6],
    "DFLY-OPS-001": [2, 3, 6],
    "DFLY-TECH-001": [2, 2, 4],
    "DFLY-OPS-002": [2, 2, 4],
    "DFLY-PERF-001": [2, 2, 4],
    "DFLY-TECH-002": [2, 2, 4],
    "DFLY-MON-001": [1, 2, 2],
    "DFLY-SEC-002": [1, 2, 2],
    "DFLY-CP-B1": [2, 3, 6],
    "DFLY-CP-B2": [2, 3, 6],
    "DFLY-CP-B3": [2, 2, 4],
    "DFLY-CP-B4": [2, 2, 4],
    "DFLY-CP-B5": [1, 2, 2],
    "DFLY-CP-SLO": [1, 2, 2],
    "DFLY-VR-03.3": [2, 2, 4],
    "DFLY-VR-03.4": [2, 2, 4],
    "DFLY-VR-03.6": [2, 2, 4],
    "DFLY-VR-04.4": [2, 2, 4],
    "DFLY-VR-04.5": [1, 2, 2],
    "DFLY-VR-04.9": [1, 2, 2],
    "DFLY-VR-04.10": [1, 3, 3],
    "DFLY-VR-04.11": [2, 2, 4],
    "DFLY-VR-08.1": [1, 2, 2],
    "DFLY-VR-08.2": [1, 2, 2],
    "DFLY-VR-08.3": [1, 1, 1],
    "DFLY-VR-09.1": [2, 3, 6],
    "DFLY-VR-09.2": [2, 3, 6],
    "DFLY-VR-09.3": [2, 2, 4],
    "DFLY-VR-10.1": [1, 2, 2],
    "CIL-TECH-001": [2, 3, 6],
    "CIL-TECH-002": [2, 3, 6],
    "CIL-OPS-001": [2, 3, 6],
    "CIL-TECH-005": [2, 2, 4],
    "CIL-TECH-007": [2, 2, 4],
    "CIL-SEC-004": [2, 2, 4],
    "CIL-OPS-002": [2, 2, 4],
    "CIL-BUS-001": [2, 2, 4],
    "CIL-TECH-003": [null, null, 3],
    "CIL-TECH-004": [null, null, 3],
    "CIL-TECH-006": [null, null, 3],
    "CIL-TECH-008": [null, null, 2],
    "CIL-TECH-009": [null, null, 3],
    "CIL-TECH-010": [null, null, 3],
    "CIL-TECH-011": [null, null, 2],
    "CIL-SEC-001": [null, null, 3],
    "CIL-SEC-002": [null, null, 3],
    "CIL-SEC-003": [null, null, 2],
    "CIL-SEC-005": [null, null, 3],
    "CIL-PERF-001": [null, null, 1],
    "CIL-PERF-002": [null, null, 2],
    "CIL-PERF-003": [null, null, 2],
    "CIL-PERF-004": [null, null, 1],
    "CIL-DATA-001": [null, null, 3],
    "CIL-DATA-002": [null, null, 2],
    "CIL-DATA-003": [null, null, 2],
    "CIL-DATA-004": [null, null, 1],
    "CIL-BUS-002": [null, null, 3],
    "CIL-BUS-003": [null, null, 2],
    "CIL-OPS-003": [null, null, 2],
    "CIL-OPS-004": [null, null, 3],
    "CIL-OPS-005": [null, null, 3],
    "CIL-OPS-006": [null, null, 2],
    "FLOE-R-1": [2, 3, 6],
    "FLOE-R-2": [1, 3, 3],
    "FLOE-R-3": [1, 2, 2],
    "FLOE-R-4": [1, 3, 3],
    "FLOE-R-5": [2, 2, 4],
    "FLOE-R-6": [2, 2, 4],
    "FLOE-TD-1": [null, null, null],
    "FLOE-TD-2": [null, null, null],
    "FLOE-TD-3": [null, null, null],
    "HYG-IMAGE-001": [2, 2, 4],
    "HYG-ALERT-001": [2, 2, 4],
    "HYG-DATA-001": [2, 3, 6],
    "HYG-SECCTX-001": [2, 2, 4],
    "HYG-PROBES-001": [2, 1, 2],
    "HYG-RESOURCES-001": [2, 2, 4],
    "HYG-SECRETS-001": [1, 3, 3],
    "HYG-HELM-001": [2, 2, 4],
};

/** The document-declared blockers: Cilium's "Must Fix Before Production (Blockers)", Dragonfly's "all score 6 risks", floe's priority High. */
const BLOCKERS = [
    "CIL-TECH-001",
    "CIL-TECH-002",
    "CIL-OPS-001",
    "CIL-OPS-002",
    "CIL-TECH-010",
    "DFLY-SEC-001",
    "DFLY-OPS-001",
    "FLOE-R-1",
    "FLOE-R-4",
];

/** The source documents as received, unmodified (test/fixtures/seeds/README.md). */
const SEED_FILES: Record<string, string> = {
    "dragonfly-risk-profile": "000_a183ef7b2f6a2b07.txt",
    "dragonfly-change-proposal": "001_054083dde5d05443.txt",
    "cilium-risk-profile": "002_e70d092c73d93a80.txt",
    "dragonfly-validation-report": "003_10c17a6d03966378.txt",
    "floe-risks": "004_b2db4d4ca08adcf0.txt",
};
const seed = (source: string): string =>
    fs.readFileSync(path.join(__dirname, "../fixtures/seeds", SEED_FILES[source]), "utf8");

describe("risk register", () => {
    it("holds exactly the documents' IDs, plus hygiene entries that are marked as this project's own", () => {
        const hygiene = REGISTER.filter((e) => e.id.startsWith("HYG-"));
        assert.deepStrictEqual(
            REGISTER.filter((e) => !e.id.startsWith("HYG-"))
                .map((e) => e.id)
                .sort(),
            [...DOCUMENT_IDS].sort(),
        );
        assert.deepStrictEqual(
            hygiene.filter((e) => e.source !== "hygiene-baseline" || e.kind !== "hygiene").map((e) => e.id),
            [],
        );
        assert.ok(hygiene.length > 0, "no hygiene entries");
    });

    it("holds every entry's probability, impact and score", () => {
        assert.deepStrictEqual(
            Object.fromEntries(REGISTER.map((e) => [e.id, [e.probability, e.impact, e.score]])),
            SCORES,
        );
    });

    it("quotes, for every document entry, a passage its document contains verbatim", () => {
        const missing = REGISTER.filter((e) => e.source !== "hygiene-baseline")
            .filter((e) => !e.basis.quote || !seed(e.source).includes(e.basis.quote))
            .map((e) => e.id);
        assert.deepStrictEqual(missing, []);
        const unquoted = REGISTER.filter((e) => e.source === "hygiene-baseline" && e.basis.quote).map((e) => e.id);
        assert.deepStrictEqual(unquoted, [], "hygiene entries have no document to quote");
    });

    it("argues every score its document does not state, and never takes one from the risk an item mitigates", () => {
        for (const e of REGISTER.filter((x) => x.kind === "checklist" || x.kind === "proposal")) {
            assert.ok((e.basis.argument ?? "").length >= 20, `${e.id} has no argument`);
        }
        // The three the issue found inheriting 6 from what they mitigate, now scored by their own text.
        assert.deepStrictEqual(
            ["DFLY-VR-04.9", "DFLY-CP-B5", "DFLY-VR-09.3"].map((id) => REGISTER.find((e) => e.id === id)!.score),
            [2, 2, 4],
        );
    });

    it("records exactly the document-declared blockers, each with a line its document contains", () => {
        assert.deepStrictEqual(
            REGISTER.filter((e) => e.blocker)
                .map((e) => e.id)
                .sort(),
            [...BLOCKERS].sort(),
        );
        for (const e of REGISTER.filter((x) => x.blocker)) {
            assert.ok(seed(e.source).includes(e.blocker!.quote), `${e.id}: blocker line not in ${e.source}`);
        }
        const cilium = REGISTER.filter((e) => e.blocker && e.source === "cilium-risk-profile");
        assert.ok(cilium.every((e) => e.blocker!.quote.includes(`**${e.documentId} Mitigation:**`)));
    });

    it("makes mandatory exactly the risks scoring 6 or more and the document-declared blockers", () => {
        const mandatory = REGISTER.filter((e) => isMandatoryRisk(e)).map((e) => e.id);
        const expected = REGISTER.filter((e) => isBlocking(e.score ?? 0) || BLOCKERS.includes(e.id)).map((e) => e.id);
        assert.deepStrictEqual(mandatory, expected);
        for (const rule of [...RESOURCE_RULES, ...STACK_RULES]) {
            const blocks = rule.risks.some((r) => mandatory.includes(r));
            assert.strictEqual(ruleScore(rule).enforcement, blocks ? "mandatory" : "advisory", rule.name);
        }
        // TECH-010 (3) and OPS-002 (4) block below the threshold, as the Cilium profile lists them.
        const below = mandatory.filter((id) => !isBlocking(REGISTER.find((e) => e.id === id)!.score ?? 0)).sort();
        assert.deepStrictEqual(below, ["CIL-OPS-002", "CIL-TECH-010", "FLOE-R-4"]);
    });

    it("rejects a score without its document's line or argument", () => {
        const strip = (id: string, basis: object) => REGISTER_ENTRIES.map((e) => (e.id === id ? { ...e, basis } : e));
        assert.throws(
            () => parseRegister(strip("DFLY-VR-04.9", { quote: "| S3 Snapshots | RustFS integration |" })),
            /DFLY-VR-04.9: the document does not state this score; argue it from the quoted text/,
        );
        assert.throws(
            () => parseRegister(strip("CIL-TECH-003", { quote: "**TECH-004: Dependency Chain Break (Score: 2)**" })),
            /CIL-TECH-003: the quoted line does not state score 3/,
        );
        assert.throws(
            () => parseRegister(strip("DFLY-SEC-001", { argument: "trust me, it is six out of nine" })),
            /DFLY-SEC-001: quote the line of dragonfly-risk-profile the score rests on/,
        );
    });

    it("rejects an entry whose score is not probability × impact", () => {
        const bad = REGISTER_ENTRIES.map((e) => (e.id === "DFLY-SEC-001" ? { ...e, score: 9 as const } : e));
        assert.throws(() => parseRegister(bad), /DFLY-SEC-001: score 9 is not probability × impact \(2 × 3\)/);
    });

    it("rejects a duplicate ID and an item mitigating an unknown risk", () => {
        assert.throws(() => parseRegister([...REGISTER_ENTRIES, REGISTER_ENTRIES[0]]), /DFLY-SEC-001 appears twice/);
        const bad = REGISTER_ENTRIES.map((e) => (e.id === "DFLY-VR-09.1" ? { ...e, mitigates: "DFLY-SEC-009" } : e));
        assert.throws(() => parseRegister(bad), /DFLY-VR-09.1 mitigates unknown risk DFLY-SEC-009/);
    });

    it("names a real policy for every checkable entry, and every rule is listed under each risk it reports", () => {
        const names = new Set(policies.map((p) => p.name));
        for (const e of REGISTER) {
            if ("policies" in e.check) {
                for (const p of e.check.policies) {
                    assert.ok(names.has(p), `${e.id} names ${p}, which the pack does not have`);
                }
            }
        }
        for (const rule of [...RESOURCE_RULES, ...STACK_RULES]) {
            for (const risk of rule.risks) {
                const entry = REGISTER.find((e) => e.id === risk)!;
                assert.ok(
                    "policies" in entry.check && entry.check.policies.includes(rule.name),
                    `${rule.name} reports ${risk} but the register does not list it under ${risk}`,
                );
            }
        }
        assert.ok(names.has(WAIVED_FINDINGS_POLICY));
    });

    it("agrees with the rules both ways: every entry naming a rule is among that rule's risks", () => {
        const byName = new Map([...RESOURCE_RULES, ...STACK_RULES].map((r) => [r.name, r]));
        const missing: string[] = [];
        for (const e of REGISTER) {
            if ("policies" in e.check) {
                for (const p of e.check.policies) {
                    const rule = byName.get(p);
                    if (rule && !rule.risks.includes(e.id)) {
                        missing.push(`${e.id} names ${p}, which never reports ${e.id}`);
                    }
                }
            }
        }
        assert.deepStrictEqual(missing, []);
    });

    it("every risk a rule claims is reported, with its exact message, in a case of that rule's own spec", () => {
        const rulesDir = path.join(__dirname, "../../policies/rules");
        const files = fs
            .readdirSync(rulesDir, { recursive: true })
            .map(String)
            .filter((f) => f.endsWith(".ts") && f !== "index.ts");
        const untested: string[] = [];
        for (const file of files) {
            const source = fs.readFileSync(path.join(rulesDir, file), "utf8");
            const rule = [...RESOURCE_RULES, ...STACK_RULES].find((r) => source.includes(`name: "${r.name}"`));
            if (!rule) {
                continue;
            }
            const spec = fs.readFileSync(path.join(__dirname, "rules", file.replace(/\.ts$/, ".spec.ts")), "utf8");
            for (const risk of rule.risks) {
                if (!spec.includes(`[${risk} · score ${REGISTER.find((e) => e.id === risk)!.score}`)) {
                    untested.push(`${rule.name}: no case of ${file.replace(/\.ts$/, ".spec.ts")} reports ${risk}`);
                }
            }
        }
        assert.ok(files.length > 30, `only ${files.length} rule files found`);
        assert.deepStrictEqual(untested, []);
    });

    it("never mixes blocking and non-blocking risks in one rule", () => {
        for (const rule of [...RESOURCE_RULES, ...STACK_RULES]) {
            assert.doesNotThrow(() => ruleScore(rule), rule.name);
        }
    });

    it("gives each manual entry a reason", () => {
        for (const e of REGISTER.filter((x) => "manual" in x.check)) {
            assert.ok((e.check as { manual: string }).manual.length >= 10, e.id);
        }
    });
});

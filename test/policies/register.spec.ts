// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { policies, RESOURCE_RULES, STACK_RULES } from "../../policies/policies";
import { parseRegister, REGISTER } from "../../policies/register";
import { REGISTER_ENTRIES } from "../../policies/register/entries";
import { ruleScore, WAIVED_FINDINGS_POLICY } from "../../policies/lib/rule";

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

/** The documents' own ratings, copied from the risk matrices (P, I, score). */
const DOCUMENT_SCORES: Record<string, [number | null, number | null, number]> = {
    "DFLY-SEC-001": [2, 3, 6],
    "DFLY-OPS-001": [2, 3, 6],
    "DFLY-TECH-001": [2, 2, 4],
    "DFLY-OPS-002": [2, 2, 4],
    "DFLY-PERF-001": [2, 2, 4],
    "DFLY-TECH-002": [2, 2, 4],
    "DFLY-MON-001": [1, 2, 2],
    "DFLY-SEC-002": [1, 2, 2],
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
    // floe: High = 3, Medium = 2, Low = 1; score = probability × impact
    "FLOE-R-1": [2, 3, 6],
    "FLOE-R-2": [1, 3, 3],
    "FLOE-R-3": [1, 2, 2],
    "FLOE-R-4": [1, 3, 3],
    "FLOE-R-5": [2, 2, 4],
    "FLOE-R-6": [2, 2, 4],
};

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

    it("keeps the documents' probability, impact and score", () => {
        for (const [id, [p, i, s]] of Object.entries(DOCUMENT_SCORES)) {
            const e = REGISTER.find((x) => x.id === id)!;
            assert.deepStrictEqual([e.probability, e.impact, e.score], [p, i, s], id);
        }
    });

    it("rejects an entry whose score is not probability × impact", () => {
        const bad = REGISTER_ENTRIES.map((e) => (e.id === "DFLY-SEC-001" ? { ...e, score: 9 as const } : e));
        assert.throws(() => parseRegister(bad), /DFLY-SEC-001: score 9 is not probability × impact \(2 × 3\)/);
    });

    it("rejects a duplicate ID and a checklist item whose score differs from its risk", () => {
        assert.throws(() => parseRegister([...REGISTER_ENTRIES, REGISTER_ENTRIES[0]]), /DFLY-SEC-001 appears twice/);
        const bad = REGISTER_ENTRIES.map((e) => (e.id === "DFLY-VR-09.1" ? { ...e, score: 4 as const } : e));
        assert.throws(() => parseRegister(bad), /DFLY-VR-09.1 has score 4 but mitigates DFLY-SEC-001 with score 6/);
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

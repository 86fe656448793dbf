// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Issue 23: waiver resource globs match without backtracking, with the same answers as before.
import * as assert from "assert";
import { globMatches } from "../../policies/lib/globMatch";
import { matchWaivers, Waiver } from "../../policies/lib/waivers";

/** The matcher the waivers used before: the glob as an anchored regular expression (it backtracks). */
function regexpMatches(pattern: string, text: string): boolean {
    const body = pattern
        .split("*")
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*");
    return new RegExp(`^${body}$`, "s").test(text);
}

describe("waiver resource globs (policies/lib/globMatch.ts)", () => {
    const urn = "urn:pulumi:infra::cluster-platform::kubernetes:core/v1:Service::infra-dragonfly-global";
    const cases: [string, string, boolean][] = [
        ["infra-dragonfly-global", "infra-dragonfly-global", true],
        ["infra-dragonfly-global", "infra-dragonfly-globals", false],
        ["*", "", true],
        ["*", "anything", true],
        ["", "", true],
        ["", "x", false],
        ["infra-*", "infra-dragonfly", true],
        ["infra-*", "apps-dragonfly", false],
        ["*-global", "infra-dragonfly-global", true],
        ["*dragonfly*", "infra-dragonfly-global", true],
        ["a*a", "a", false],
        ["a*a", "aa", true],
        ["ab*ba", "aba", false],
        ["*a*b*c*", "xaybzc", true],
        ["*a*b*c*", "xcybza", false],
        ["**", "x", true],
        ["a**b", "ab", true],
        ["x.y", "xzy", false],
        ["(a|b)+", "(a|b)+", true],
        ["urn:pulumi:infra::*::infra-dragonfly-global", urn, true],
        ["urn:pulumi:apps::*", urn, false],
        ["*$*", "a$b", true],
        ["*\n*", "a\nb", true],
    ];
    for (const [pattern, text, expected] of cases) {
        it(`${JSON.stringify(pattern)} ${expected ? "matches" : "does not match"} ${JSON.stringify(text)}`, () => {
            assert.strictEqual(globMatches(pattern, text), expected);
            assert.strictEqual(regexpMatches(pattern, text), expected, "the old matcher agrees");
        });
    }

    it("agrees with the old matcher on 20,000 seeded random patterns and texts", () => {
        let seed = 23;
        const rand = (n: number): number => {
            seed = (seed * 1103515245 + 12345) % 2147483648;
            return seed % n;
        };
        const word = (alphabet: string, max: number): string =>
            Array.from({ length: rand(max) }, () => alphabet[rand(alphabet.length)]).join("");
        let matched = 0;
        for (let i = 0; i < 20000; i++) {
            const pattern = word("ab*", 8);
            const text = word("ab", 10);
            const expected = regexpMatches(pattern, text);
            matched += expected ? 1 : 0;
            assert.strictEqual(globMatches(pattern, text), expected, `${pattern} / ${text}`);
        }
        assert.ok(matched > 1000 && matched < 19000, `${matched} of 20,000 matched: the sample must hold both answers`);
    });

    it("a waiver with eight stars and no match against a 100,000-character name is answered (no backtracking)", () => {
        // The regular expression took 308 s on this with a 200-character URN; the answer is all this test needs.
        const waiver: Waiver = {
            risk: "DFLY-SEC-001",
            resource: `${"*a".repeat(7)}*b`,
            reason: "r",
            owner: "o",
            expires: "2999-01-01",
        };
        const name = "a".repeat(100000);
        const result = matchWaivers([waiver], "DFLY-SEC-001", { name, urn: `urn:pulumi:s::p::t::${name}` }, new Date());
        assert.deepStrictEqual(result, { active: undefined, allActive: [], expired: undefined });
        const hit = matchWaivers(
            [{ ...waiver, resource: `${"*a".repeat(7)}*` }],
            "DFLY-SEC-001",
            { name, urn: "u" },
            new Date(),
        );
        assert.strictEqual(hit.allActive.length, 1);
    });
});

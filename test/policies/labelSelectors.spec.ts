// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { isEmptySelector, LabelSelector, SelectorMatchCache, selectorMatches } from "../../policies/lib/labelSelectors";
import { isIngressIsolated } from "../../policies/lib/networkPolicy";
import { allowGitlab, cachePod } from "./trafficFixtures";

const labels = { app: "cache", tier: "data", env: "prod" };

/** Label selector cases (peers' known bugs included: multi-key matchLabels is AND, `{}` selects all). */
const SELECTOR_CASES: [string, LabelSelector | null | undefined, boolean][] = [
    ["empty selector selects all", {}, true],
    ["missing selector selects nothing", undefined, false],
    ["null selector selects nothing", null, false],
    ["one matching label", { matchLabels: { app: "cache" } }, true],
    ["multi-key matchLabels is AND, all match", { matchLabels: { app: "cache", tier: "data" } }, true],
    ["multi-key matchLabels is AND, not OR (Polaris#999)", { matchLabels: { app: "cache", tier: "web" } }, false],
    ["label value differs", { matchLabels: { app: "web" } }, false],
    ["In with the value", { matchExpressions: [{ key: "env", operator: "In", values: ["prod", "staging"] }] }, true],
    ["In without the value", { matchExpressions: [{ key: "env", operator: "In", values: ["dev"] }] }, false],
    ["In on a missing key", { matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] }, false],
    ["NotIn with another value", { matchExpressions: [{ key: "env", operator: "NotIn", values: ["dev"] }] }, true],
    ["NotIn with the value", { matchExpressions: [{ key: "env", operator: "NotIn", values: ["prod"] }] }, false],
    ["NotIn on a missing key selects", { matchExpressions: [{ key: "zone", operator: "NotIn", values: ["a"] }] }, true],
    ["Exists", { matchExpressions: [{ key: "tier", operator: "Exists" }] }, true],
    ["Exists on a missing key", { matchExpressions: [{ key: "zone", operator: "Exists" }] }, false],
    ["DoesNotExist on a missing key", { matchExpressions: [{ key: "zone", operator: "DoesNotExist" }] }, true],
    ["DoesNotExist on a present key", { matchExpressions: [{ key: "app", operator: "DoesNotExist" }] }, false],
    [
        "matchLabels AND matchExpressions, both hold",
        { matchLabels: { app: "cache" }, matchExpressions: [{ key: "env", operator: "In", values: ["prod"] }] },
        true,
    ],
    [
        "matchLabels AND matchExpressions, expression fails",
        { matchLabels: { app: "cache" }, matchExpressions: [{ key: "env", operator: "In", values: ["dev"] }] },
        false,
    ],
    [
        "unknown operator selects nothing",
        { matchExpressions: [{ key: "app", operator: "Matches", values: ["c.*"] }] },
        false,
    ],
];

describe("label selectors", () => {
    for (const [name, selector, expected] of SELECTOR_CASES) {
        it(`label selector: ${name}`, () => assert.strictEqual(selectorMatches(selector, labels), expected));
    }

    it("isolation and empty-selector helpers", () => {
        assert.strictEqual(isIngressIsolated([allowGitlab], cachePod), true);
        assert.strictEqual(isEmptySelector({}), true);
        assert.strictEqual(isEmptySelector({ matchLabels: { a: "b" } }), false);
    });
});

describe("SelectorMatchCache", () => {
    it("answers every selector case as selectorMatches does, asked twice, for two label sets", () => {
        const cache = new SelectorMatchCache();
        const other = { app: "web" };
        let asked = 0;
        for (let round = 0; round < 2; round++) {
            for (const [name, selector] of SELECTOR_CASES) {
                for (const l of [labels, other]) {
                    assert.strictEqual(
                        cache.matches(selector, l),
                        selectorMatches(selector, l),
                        `${name} (round ${round})`,
                    );
                    asked++;
                }
            }
        }
        assert.strictEqual(asked, SELECTOR_CASES.length * 4);
    });

    it("keeps labels objects apart even when a selector is written the same", () => {
        const cache = new SelectorMatchCache();
        assert.strictEqual(cache.matches({ matchLabels: { app: "cache" } }, { app: "cache" }), true);
        assert.strictEqual(cache.matches({ matchLabels: { app: "cache" } }, { app: "web" }), false);
    });

    it("evaluates a selector JSON cannot write instead of throwing", () => {
        const cache = new SelectorMatchCache();
        const odd = { matchLabels: { app: "cache" }, extra: BigInt(1) } as unknown as LabelSelector;
        assert.strictEqual(cache.matches(odd, labels), true);
        assert.strictEqual(cache.matches(odd, { app: "web" }), false);
    });
});

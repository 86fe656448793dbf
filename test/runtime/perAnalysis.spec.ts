// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import type { PolicyResource } from "@pulumi/policy";
import { perAnalysis } from "../../policies/runtime/perAnalysis";

/** A resource list as @pulumi/policy builds one per stack policy: new objects around shared props. */
function listOver(props: Record<string, unknown>[]): PolicyResource[] {
    return props.map(
        (p, i) =>
            ({
                type: "kubernetes:core/v1:Service",
                urn: `urn:${i}`,
                name: `r${i}`,
                props: p,
            }) as unknown as PolicyResource,
    );
}

describe("policies: values derived once per stack analysis (policies/runtime/perAnalysis.ts)", () => {
    it("builds a value once for one list, and once for every policy's own list of the same analysis", () => {
        const props = [{ a: 1 }, { b: 2 }];
        let builds = 0;
        const build = (): object => (builds++, {});
        const first = listOver(props);
        const value = perAnalysis(first, "view", build);
        assert.strictEqual(perAnalysis(first, "view", build), value);
        assert.strictEqual(perAnalysis(listOver(props), "view", build), value);
        assert.strictEqual(perAnalysis(listOver(props), "view", build), value);
        assert.strictEqual(builds, 1);
        assert.notStrictEqual(perAnalysis(first, "other", build), value);
        assert.strictEqual(builds, 2);
    });

    it("builds afresh when the props objects, URNs, types, names or count differ", () => {
        const props = [{ a: 1 }, { b: 2 }];
        let builds = 0;
        const build = (): number => ++builds;
        perAnalysis(listOver(props), "view", build);
        const variants = [
            listOver([{ a: 1 }, { b: 2 }]),
            listOver([props[0]]),
            listOver(props).map((r, i) => (i === 1 ? ({ ...r, urn: "urn:other" } as PolicyResource) : r)),
            listOver(props).map((r, i) => (i === 1 ? ({ ...r, type: "kubernetes:core/v1:Pod" } as PolicyResource) : r)),
            listOver(props).map((r, i) => (i === 1 ? ({ ...r, name: "other" } as PolicyResource) : r)),
        ];
        assert.deepStrictEqual(
            variants.map((v) => perAnalysis(v, "view", build)),
            [2, 3, 4, 5, 6],
        );
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The fast subset of the engine differential (differential.slow.ts replays every mutation case): in
// `npm test`, both real stacks and a few upstream manifests judged by both engines must agree on the
// diagnostics, findings and gate, so a change to the in-process copy of the SDK server's loop cannot
// drift from the real server unnoticed until test:slow.
import * as assert from "assert";
import * as path from "path";
import { evaluateResources } from "../../engine/evaluate";
import { readManifests } from "../../engine/manifests/read";
import { RecordedResource } from "../../engine/recording/program";
import { sharedPackClient } from "../support/hooks";
import { recordedStacks, STACKS } from "../support/stacks";

const UPSTREAM = path.join(__dirname, "..", "fixtures", "upstream");
const MANIFESTS = [
    "dragonfly-operator/config/samples/v1alpha1_dragonfly.yaml",
    "cloudnative-pg/docs/src/samples/cluster-example-with-backup.yaml",
    "kube-score/score/testdata/networkpolicy-matching.yaml",
];

async function bothEngines(stack: string, resources: RecordedResource[]): Promise<number> {
    const inprocess = await evaluateResources(stack, resources, { engine: "inprocess" });
    const protocol = await evaluateResources(stack, resources, {
        engine: "protocol",
        server: await sharedPackClient(),
    });
    assert.deepStrictEqual(inprocess.diagnostics, protocol.diagnostics);
    assert.deepStrictEqual(inprocess.findings, protocol.findings);
    assert.deepStrictEqual([inprocess.gate, inprocess.blocked], [protocol.gate, protocol.blocked]);
    return protocol.diagnostics.length;
}

describe("engine differential, fast subset (in-process = protocol)", function () {
    this.timeout(240000);

    it("judges both stacks the same way", async () => {
        const stacks = await recordedStacks();
        assert.strictEqual(stacks.length, STACKS.length);
        assert.ok(stacks.length >= 2);
        for (const [i, resources] of stacks.entries()) {
            await bothEngines(STACKS[i], resources);
        }
    });

    it("judges upstream manifests the same way, findings included", async () => {
        let diagnostics = 0;
        for (const file of MANIFESTS) {
            const resources = readManifests([path.join(UPSTREAM, file)], "manifests");
            assert.ok(resources.length > 0, file);
            diagnostics += await bothEngines("manifests", resources);
        }
        assert.ok(diagnostics > 0, "the subset judges some findings, not only clean input");
    });
});

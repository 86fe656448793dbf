// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Every unmodified upstream fixture (test/fixtures/upstream/SOURCES.md) judged as `npm run check --
// --manifests <file>` judges it, with its exact expected verdict per risk ID: the expectation table.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { evaluateResources, PolicyServer } from "../../engine";
import { readManifests } from "../../engine/manifests";
import { GRAPH_ONLY_POLICIES } from "../../scripts/check";

const ROOT = path.join(__dirname, "..", "fixtures", "upstream");

/** [fixture path under test/fixtures/upstream, gate, findings per risk ID (mandatory ones marked !)]. */
export const EXPECTED: [string, "PASS" | "CONCERNS" | "FAIL", Record<string, number>][] = [];

function files(dir: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) =>
            e.isDirectory() ? files(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : [],
        );
}

describe("upstream fixtures: exact verdicts", function () {
    this.timeout(300000);
    let server: PolicyServer;
    before(async () => {
        server = await PolicyServer.start();
    });
    after(async () => {
        await server.stop();
    });

    it("every fixture on disk has an expectation and every expectation a fixture", () => {
        const onDisk = files(ROOT)
            .map((f) => path.relative(ROOT, f))
            .sort();
        assert.deepStrictEqual(EXPECTED.map((e) => e[0]).sort(), onDisk);
    });

    for (const [fixture, gate, findings] of EXPECTED) {
        it(`${fixture}: gate ${gate}, ${JSON.stringify(findings)}`, async () => {
            const resources = readManifests([path.join(ROOT, fixture)], "infra");
            const packConfig = Object.fromEntries(GRAPH_ONLY_POLICIES.map((p) => [p, "disabled"]));
            const evaluation = await evaluateResources("infra", resources, { server, packConfig });
            const got: Record<string, number> = {};
            for (const f of evaluation.findings) {
                const key = `${f.risk}${f.enforcement === "mandatory" ? "!" : ""}`;
                got[key] = (got[key] ?? 0) + 1;
            }
            assert.deepStrictEqual(
                { gate: evaluation.gate.suggested_gate, findings: got },
                { gate, findings },
                evaluation.findings.map((f) => `${f.risk} ${f.message}`).join("\n"),
            );
        });
    }
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Every unmodified upstream fixture (test/fixtures/upstream/SOURCES.md) judged as `npm run check --
// --manifests <file>` judges it, with its exact expected verdict per risk ID: the expectation table.
// Judged in-process; the differential suite (test/engine/differential.slow.ts) replays it through the pack server.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { evaluateResources } from "../../engine";
import { readManifests } from "../../engine/manifests/read";
import { GRAPH_ONLY_POLICIES } from "../../scripts/check";

const ROOT = path.join(__dirname, "..", "fixtures", "upstream");

/** [fixture path under test/fixtures/upstream, gate, findings per risk ID (mandatory ones marked !)]. */
export const EXPECTED: [string, "PASS" | "CONCERNS" | "FAIL", Record<string, number>][] = [
    ["cloudnative-pg/docs/src/samples/cluster-example-syncreplicas-quorum.yaml", "PASS", { "FLOE-R-2": 2 }],
    ["cloudnative-pg/docs/src/samples/cluster-example-with-backup.yaml", "PASS", { "FLOE-R-2": 2 }],
    ["cloudnative-pg/docs/src/samples/cluster-example.yaml", "PASS", { "FLOE-R-2": 2 }],
    ["cloudnative-pg/docs/src/samples/networkpolicy-example.yaml", "PASS", {}],
    ["cloudnative-pg/docs/src/samples/scheduled-backup-example.yaml", "PASS", {}],
    [
        "dragonfly-operator/config/samples/pvc.yaml",
        "PASS",
        {
            "DFLY-TECH-002": 1,
            "DFLY-CP-B4": 4,
            "DFLY-VR-04.4": 1,
            "DFLY-VR-08.1": 1,
            "DFLY-VR-08.2": 1,
            "DFLY-VR-08.3": 1,
            "DFLY-SEC-002": 1,
        },
    ],
    [
        "dragonfly-operator/config/samples/v1alpha1_dragonfly.yaml",
        "PASS",
        {
            "DFLY-TECH-001": 1,
            "DFLY-TECH-002": 1,
            "DFLY-CP-B4": 4,
            "DFLY-VR-04.4": 1,
            "DFLY-VR-08.1": 1,
            "DFLY-VR-08.2": 1,
            "DFLY-VR-08.3": 1,
            "DFLY-SEC-002": 1,
        },
    ],
    [
        "dragonfly-operator/config/samples/v1alpha1_dragonfly_existing_pvc.yaml",
        "PASS",
        {
            "DFLY-TECH-001": 1,
            "DFLY-TECH-002": 1,
            "DFLY-CP-B4": 4,
            "DFLY-VR-04.4": 1,
            "DFLY-VR-08.1": 1,
            "DFLY-VR-08.2": 1,
            "DFLY-VR-08.3": 1,
            "DFLY-SEC-002": 1,
        },
    ],
    ["kube-linter/tests/checks/dangling-networkpolicy.yml", "PASS", {}],
    [
        "kube-linter/tests/checks/no-anti-affinity.yml",
        "PASS",
        { "HYG-IMAGE-001": 5, "HYG-PROBES-001": 10, "HYG-RESOURCES-001": 5, "HYG-SECCTX-001": 20 },
    ],
    [
        "kube-linter/tests/checks/non-isolated-pod.yml",
        "PASS",
        { "HYG-IMAGE-001": 2, "HYG-PROBES-001": 4, "HYG-RESOURCES-001": 2, "HYG-SECCTX-001": 8 },
    ],
    ["kube-linter/tests/checks/pdb-max-unavailable.yaml", "PASS", {}],
    ["kube-linter/tests/checks/pdb-min-available.yaml", "PASS", {}],
    [
        "kube-score/score/testdata/deployment-host-antiaffinity-preffered.yaml",
        "PASS",
        { "HYG-PROBES-001": 2, "HYG-RESOURCES-001": 1, "HYG-SECCTX-001": 4 },
    ],
    [
        "kube-score/score/testdata/deployment-poddisruptionbudget-v1-different-namespace.yaml",
        "PASS",
        { "HYG-PROBES-001": 2, "HYG-RESOURCES-001": 1, "HYG-SECCTX-001": 4 },
    ],
    [
        "kube-score/score/testdata/deployment-poddisruptionbudget-v1-matches.yaml",
        "PASS",
        { "HYG-PROBES-001": 2, "HYG-RESOURCES-001": 1, "HYG-SECCTX-001": 4 },
    ],
    [
        "kube-score/score/testdata/deployment-poddisruptionbudget-v1-no-match.yaml",
        "PASS",
        { "HYG-PROBES-001": 2, "HYG-RESOURCES-001": 1, "HYG-SECCTX-001": 4 },
    ],
    [
        "kube-score/score/testdata/list.yaml",
        "PASS",
        { "HYG-IMAGE-001": 1, "HYG-PROBES-001": 2, "HYG-RESOURCES-001": 1, "HYG-SECCTX-001": 4 },
    ],
    [
        "kube-score/score/testdata/networkpolicy-matching-only-egress.yaml",
        "PASS",
        { "HYG-IMAGE-001": 1, "HYG-PROBES-001": 2, "HYG-RESOURCES-001": 1, "HYG-SECCTX-001": 4 },
    ],
    [
        "kube-score/score/testdata/networkpolicy-matching-only-ingress.yaml",
        "PASS",
        { "HYG-IMAGE-001": 1, "HYG-PROBES-001": 2, "HYG-RESOURCES-001": 1, "HYG-SECCTX-001": 4 },
    ],
    [
        "kube-score/score/testdata/networkpolicy-matching.yaml",
        "PASS",
        { "HYG-IMAGE-001": 1, "HYG-PROBES-001": 2, "HYG-RESOURCES-001": 1, "HYG-SECCTX-001": 4 },
    ],
    [
        "kube-score/score/testdata/networkpolicy-not-matching.yaml",
        "PASS",
        { "HYG-IMAGE-001": 1, "HYG-PROBES-001": 2, "HYG-RESOURCES-001": 1, "HYG-SECCTX-001": 4 },
    ],
    [
        "kube-score/score/testdata/networkpolicy-statefulset-matching.yaml",
        "PASS",
        { "HYG-PROBES-001": 2, "HYG-RESOURCES-001": 1, "HYG-SECCTX-001": 4 },
    ],
    [
        "kube-score/score/testdata/networkpolicy-statefulset-not-matching-selector.yaml",
        "PASS",
        { "HYG-PROBES-001": 2, "HYG-RESOURCES-001": 1, "HYG-SECCTX-001": 4 },
    ],
    [
        "kube-score/score/testdata/networkpolicy-targets-all-pods.yaml",
        "PASS",
        { "HYG-IMAGE-001": 1, "HYG-PROBES-001": 2, "HYG-RESOURCES-001": 1, "HYG-SECCTX-001": 4 },
    ],
    [
        "kube-score/score/testdata/statefulset-host-antiaffinity-not-set.yaml",
        "PASS",
        { "HYG-PROBES-001": 2, "HYG-RESOURCES-001": 1, "HYG-SECCTX-001": 4 },
    ],
    [
        "kube-score/score/testdata/statefulset-host-antiaffinity-required.yaml",
        "PASS",
        { "HYG-PROBES-001": 2, "HYG-RESOURCES-001": 1, "HYG-SECCTX-001": 4 },
    ],
    [
        "kube-score/score/testdata/statefulset-poddisruptionbudget-v1beta1-expression-matches.yaml",
        "PASS",
        { "HYG-PROBES-001": 2, "HYG-RESOURCES-001": 1, "HYG-SECCTX-001": 4 },
    ],
];

function files(dir: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) =>
            e.isDirectory() ? files(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : [],
        );
}

describe("upstream fixtures: exact verdicts", function () {
    this.timeout(300000);

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
            const evaluation = await evaluateResources("infra", resources, { packConfig });
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

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Every unmodified upstream fixture (test/fixtures/upstream/SOURCES.md) judged as `npm run check --
// --manifests <file>` judges it, with its exact expected verdict per risk ID: the expectation table.
// Judged in-process; the differential suite (test/engine/differential.slow.ts) replays it through the pack server.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { judgeManifests } from "../support/judgeManifests";
import { scratchDir } from "../support/scratch";

const ROOT = path.join(__dirname, "..", "fixtures", "upstream");

/** [fixture path under test/fixtures/upstream, gate, findings per risk ID (mandatory ones marked !)]. */
export const EXPECTED: [string, "PASS" | "CONCERNS" | "FAIL", Record<string, number>][] = [
    // Legacy min/maxSyncReplicas configure synchronous replication (round 3: no "replicates asynchronously").
    ["cloudnative-pg/docs/src/samples/cluster-example-syncreplicas-legacy.yaml", "PASS", { "FLOE-R-2": 2 }],
    ["cloudnative-pg/docs/src/samples/cluster-example-sync-az.yaml", "PASS", { "FLOE-R-2": 2 }],
    ["cloudnative-pg/docs/src/samples/cluster-example-syncreplicas-explicit.yaml", "PASS", { "FLOE-R-2": 2 }],
    ["cloudnative-pg/docs/src/samples/cluster-storage-class-with-backup.yaml", "PASS", { "FLOE-R-2": 2 }],
    // A daily ScheduledBackup beside its cluster mitigates; only the asynchronous replication remains.
    ["cloudnative-pg/docs/src/samples/dc/cluster-dc-a.yaml", "PASS", { "FLOE-R-2": 1 }],
    [
        "cloudnative-pg/tests/e2e/fixtures/backup/scheduled_backup_immediate/scheduled-backup-immediate-object-store.yaml",
        "PASS",
        {},
    ],
    ["helm-controller/config/samples/source_v1_gitrepository.yaml", "PASS", {}],
    ["helm-controller/config/samples/source_v1_helmrepository.yaml", "PASS", {}],
    ["helm-controller/config/samples/source_v1_ocirepository.yaml", "PASS", {}],
    ["cloudnative-pg/docs/src/samples/cluster-example-syncreplicas-quorum.yaml", "PASS", { "FLOE-R-2": 2 }],
    ["cloudnative-pg/docs/src/samples/cluster-example-with-backup.yaml", "PASS", { "FLOE-R-2": 2 }],
    ["cloudnative-pg/docs/src/samples/cluster-example.yaml", "PASS", { "FLOE-R-2": 2 }],
    ["cloudnative-pg/docs/src/samples/networkpolicy-example.yaml", "PASS", {}],
    ["cloudnative-pg/docs/src/samples/scheduled-backup-example.yaml", "PASS", {}],
    // One data pod (spec.replicas 1): no budget keeps it serving through a drain (round 3: was PASS).
    [
        "dragonfly-operator/config/samples/pvc.yaml",
        "CONCERNS",
        {
            "DFLY-OPS-001!": 1,
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

/**
 * Fixtures judged together, as the upstream documents pair them (a HelmRelease with its source, a
 * Cluster with the ScheduledBackup naming it): [label, files under test/fixtures/upstream, gate, findings].
 */
export const EXPECTED_SETS: [string, string[], "PASS" | "CONCERNS" | "FAIL", Record<string, number>][] = [
    [
        "helm-controller v2 sample with its HelmRepository (a version range)",
        [
            "helm-controller/config/samples/helm_v2_helmrelease_helmrepository.yaml",
            "helm-controller/config/samples/source_v1_helmrepository.yaml",
        ],
        "PASS",
        { "HYG-HELM-001": 1 },
    ],
    [
        "helm-controller v2 sample with chartRef to its OCIRepository",
        [
            "helm-controller/config/samples/helm_v2_helmrelease_ocirepository.yaml",
            "helm-controller/config/samples/source_v1_ocirepository.yaml",
        ],
        "PASS",
        { "HYG-HELM-001": 1 },
    ],
    [
        "helm-controller v2 sample from a GitRepository (no version)",
        [
            "helm-controller/config/samples/helm_v2_helmrelease_gitrepository.yaml",
            "helm-controller/config/samples/source_v1_gitrepository.yaml",
        ],
        "PASS",
        { "HYG-HELM-001": 1 },
    ],
    [
        "home-ops Cilium HelmRelease (v2beta1): upgrade.cleanupOnFail with retries satisfies CIL-OPS-001; no drift detection, 5m default",
        ["home-ops/kubernetes/apps/kube-system/cilium/app/helmrelease.yaml"],
        "CONCERNS",
        {
            "CIL-TECH-001!": 1,
            "CIL-TECH-010!": 1,
            "HYG-HELM-001": 2,
            "CIL-SEC-001": 1,
            "CIL-TECH-006": 1,
            "CIL-PERF-002": 1,
            "CIL-TECH-008": 1,
        },
    ],
    [
        "CloudNativePG docs: the pg-backup cluster with the daily scheduled-backup-example",
        [
            "cloudnative-pg/docs/src/samples/cluster-storage-class-with-backup.yaml",
            "cloudnative-pg/docs/src/samples/scheduled-backup-example.yaml",
        ],
        "PASS",
        { "FLOE-R-2": 1 },
    ],
    [
        "CloudNativePG e2e: a cluster with its 'never runs' ScheduledBackup (0 0 0 31 1 0)",
        [
            "cloudnative-pg/tests/e2e/fixtures/backup/object_store/cluster-with-backup-object-store.yaml.template",
            "cloudnative-pg/tests/e2e/fixtures/backup/scheduled_backup_immediate/scheduled-backup-immediate-object-store.yaml",
        ],
        "PASS",
        { "FLOE-R-2": 3 },
    ],
];

/** The YAML a Markdown document shows: its ```yaml fences and its `<<EOF` heredocs, in order. */
export function markdownYaml(text: string): string[] {
    return [...text.matchAll(/^```yaml\n([\s\S]*?)^```$|<<EOF\n([\s\S]*?)^EOF$/gm)].map((m) => m[1] ?? m[2]);
}

/**
 * Manifests shown in upstream Markdown, judged as written there: [document, index among its YAML
 * blocks (markdownYaml), gate, findings].
 */
export const EXPECTED_MARKDOWN: [string, number, "PASS" | "CONCERNS" | "FAIL", Record<string, number>][] = [
    // dragonfly-operator's TLS guide: a literal DFLY_requirepass, which the operator's own code sets from a Secret.
    [
        "dragonfly-operator/dragonfly-with-tls.md",
        1,
        "PASS",
        {
            "DFLY-CP-B4": 4,
            "DFLY-TECH-001": 1,
            "DFLY-TECH-002": 1,
            "HYG-RESOURCES-001": 1,
            "HYG-SECRETS-001": 1,
            "DFLY-VR-08.1": 1,
            "DFLY-VR-08.2": 1,
            "DFLY-VR-08.3": 1,
        },
    ],
    // helm-controller's headline example: podinfo with remediation retries and drift detection.
    ["helm-controller/docs/spec/v2/helmreleases.md", 0, "PASS", { "HYG-HELM-001": 1 }],
];

function files(dir: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) =>
            e.isDirectory()
                ? files(path.join(dir, e.name))
                : /\.(ya?ml|ya?ml\.template|md)$/.test(e.name) && e.name !== "SOURCES.md"
                  ? [path.join(dir, e.name)]
                  : [],
        );
}

describe("upstream fixtures: exact verdicts", function () {
    this.timeout(300000);

    it("every fixture on disk has an expectation and every expectation a fixture", () => {
        const onDisk = files(ROOT)
            .map((f) => path.relative(ROOT, f))
            .sort();
        const expected = new Set([
            ...EXPECTED.map((e) => e[0]),
            ...EXPECTED_SETS.flatMap((e) => e[1]),
            ...EXPECTED_MARKDOWN.map((e) => e[0]),
        ]);
        assert.deepStrictEqual([...expected].sort(), onDisk);
    });

    const judge = judgeManifests;

    for (const [label, set, gate, findings] of EXPECTED_SETS) {
        it(`${label}: gate ${gate}, ${JSON.stringify(findings)}`, async () => {
            const { got, why } = await judge(set.map((f) => path.join(ROOT, f)));
            assert.deepStrictEqual(got, { gate, findings }, why);
        });
    }

    for (const [doc, index, gate, findings] of EXPECTED_MARKDOWN) {
        it(`${doc} YAML block ${index}: gate ${gate}, ${JSON.stringify(findings)}`, async () => {
            const block = markdownYaml(fs.readFileSync(path.join(ROOT, doc), "utf8"))[index];
            assert.ok(block, `${doc} has no YAML block ${index}`);
            const file = path.join(scratchDir("upstream-md-"), "block.yaml");
            fs.writeFileSync(file, block);
            const { got, why } = await judge([file]);
            assert.deepStrictEqual(got, { gate, findings }, why);
        });
    }

    for (const [fixture, gate, findings] of EXPECTED) {
        it(`${fixture}: gate ${gate}, ${JSON.stringify(findings)}`, async () => {
            const { got, why } = await judge([path.join(ROOT, fixture)]);
            assert.deepStrictEqual(got, { gate, findings }, why);
        });
    }
});

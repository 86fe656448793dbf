// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { corpusYaml, WEAKNESSES } from "../../bench/corpus";
import { agreement, agreementFraction, kubeScoreVerdicts, ourVerdicts, polarisVerdicts } from "../../bench/peers";
import { imagePinned } from "../../policies/rules/workloads/imagePinned";

const web = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    namespace: "shop",
    name: "web",
    urnName: "shop-web-deployment",
};

describe("bench: peer verdicts and agreement", () => {
    it("reads kube-score grades: below 7 fails, skipped gives no verdict, several tests of one check combine", () => {
        const v = kubeScoreVerdicts([
            {
                type_meta: { kind: "Deployment" },
                object_meta: { name: "web", namespace: "shop" },
                checks: [
                    { check: { id: "container-image-tag" }, grade: 1, skipped: false },
                    { check: { id: "pod-probes" }, grade: 10, skipped: false },
                    { check: { id: "deployment-has-poddisruptionbudget" }, grade: 1, skipped: true },
                    { check: { id: "container-security-context-privileged" }, grade: 10, skipped: false },
                    { check: { id: "container-security-context-readonlyrootfilesystem" }, grade: 5, skipped: false },
                ],
            },
            { type_meta: { kind: "Service" }, object_meta: { name: "web" }, checks: [] },
        ]);
        assert.deepStrictEqual(
            [...v].map(([k, m]) => [k, Object.fromEntries(m)]),
            [["Deployment/shop/web", { "image tag": "fail", probes: "pass", securityContext: "fail" }]],
        );
    });

    it("reads Polaris controller, pod and container results", () => {
        const v = polarisVerdicts({
            Results: [
                {
                    Kind: "Deployment",
                    Name: "web",
                    Namespace: "shop",
                    Results: { missingPodDisruptionBudget: { ID: "missingPodDisruptionBudget", Success: true } },
                    PodResult: {
                        Results: {},
                        ContainerResults: [
                            { Results: { tagNotSpecified: { ID: "tagNotSpecified", Success: false } } },
                            { Results: { livenessProbeMissing: { ID: "livenessProbeMissing", Success: true } } },
                        ],
                    },
                },
            ],
        });
        assert.deepStrictEqual(Object.fromEntries(v.get("Deployment/shop/web")!), {
            PDB: "pass",
            "image tag": "fail",
            probes: "pass",
        });
    });

    it("counts agreement only where both judge, and names who fails", () => {
        const ours = ourVerdicts(
            [
                {
                    policy: imagePinned.name,
                    resource: "urn:pulumi:m::cluster-platform::kubernetes:apps/v1:Deployment::shop-web-deployment",
                },
            ],
            [web],
        );
        const peer = polarisVerdicts({
            Results: [
                {
                    Kind: "Deployment",
                    Name: "web",
                    Namespace: "shop",
                    Results: { missingPodDisruptionBudget: { ID: "missingPodDisruptionBudget", Success: false } },
                    PodResult: {
                        ContainerResults: [
                            {
                                Results: {
                                    tagNotSpecified: { ID: "tagNotSpecified", Success: false },
                                    livenessProbeMissing: { ID: "livenessProbeMissing", Success: false },
                                },
                            },
                        ],
                    },
                },
            ],
        });
        const rows = agreement(ours, peer);
        assert.deepStrictEqual(
            rows
                .filter((r) => r.compared + r.peerOnlyJudged > 0)
                .map((r) => [r.check, r.compared, r.agree, r.peerOnly, r.peerOnlyJudged]),
            [
                ["PDB", 0, 0, 0, 1],
                ["image tag", 1, 1, 0, 0],
                ["probes", 1, 0, 1, 0],
            ],
        );
        assert.strictEqual(agreementFraction(rows), 0.5);
    });

    it("gives no verdict of ours on a workload of a removed beta API version (our rules judge apps/v1 only)", () => {
        const old = { ...web, apiVersion: "extensions/v1beta1", urnName: "shop-old-deployment", name: "old" };
        assert.deepStrictEqual([...ourVerdicts([], [web, old]).keys()], ["Deployment/shop/web"]);
    });

    it("builds exactly the requested number of objects, one weakness per copy", () => {
        const base = [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "n" } }];
        const { text, objects } = corpusYaml([base], 100);
        assert.strictEqual(objects, 100);
        assert.strictEqual(text.split(/^---\n/m).length, 100);
        assert.match(text, /namespace: n-c1\n/);
        assert.match(text, /image: registry\.example\.io\/web:latest/);
        assert.strictEqual(WEAKNESSES.length, 10);
    });
});

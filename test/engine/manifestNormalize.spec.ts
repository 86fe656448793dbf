// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { readManifests } from "../../engine/manifests/read";
import { scratchDir } from "../support/scratch";

function write(text: string): string {
    const dir = scratchDir("manifests-");
    const file = path.join(dir, "input.yaml");
    fs.writeFileSync(file, text);
    return file;
}

describe("manifest mode: kind List and Flux HelmRelease", () => {
    it("unwraps the upstream kube-score List fixture into its items", () => {
        const r = readManifests(["test/fixtures/upstream/kube-score/score/testdata/list.yaml"], "infra");
        assert.deepStrictEqual(
            r.map((x) => `${x.type} ${x.name}`),
            [
                "kubernetes:core/v1:Service default-list-service-test-service",
                "kubernetes:apps/v1:Deployment default-list-deployment-test-deployment",
            ],
        );
    });

    it("a List item without apiVersion names the file and document", () => {
        const file = write("apiVersion: v1\nkind: List\nitems:\n  - metadata: {name: x}\n");
        assert.throws(() => readManifests([file], "infra"), {
            message: `${file}: document 0: items[0] of the List: not a Kubernetes object (apiVersion and kind are required)`,
        });
    });

    it("a Flux HelmRelease becomes a helm.v3.Release with its chart, version, repository and merged values", () => {
        const file = write(`apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata: {name: cilium, namespace: flux-system}
spec: {url: https://helm.cilium.io}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cilium-values, namespace: kube-system}
data:
  values.yaml: |
    kubeProxyReplacement: strict
---
apiVersion: helm.toolkit.fluxcd.io/v2beta2
kind: HelmRelease
metadata: {name: cilium, namespace: kube-system}
spec:
  chart:
    spec:
      chart: cilium
      version: 1.18.3
      sourceRef: {kind: HelmRepository, name: cilium, namespace: flux-system}
  valuesFrom:
    - {kind: ConfigMap, name: cilium-values}
  values:
    hubble: {enabled: true}
`);
        const release = readManifests([file], "infra").find((r) => r.type === "kubernetes:helm.sh/v3:Release");
        // Parsed YAML maps have no prototype (hostile-input guard); compare the plain data.
        const { fluxHelmRelease, ...inputs } = JSON.parse(JSON.stringify(release?.inputs)) as Record<string, unknown>;
        assert.strictEqual((fluxHelmRelease as { object: string }).object, "HelmRelease kube-system/cilium");
        assert.deepStrictEqual(inputs, {
            name: "cilium",
            namespace: "kube-system",
            chart: "cilium",
            version: "1.18.3",
            repositoryOpts: { repo: "https://helm.cilium.io" },
            values: { kubeProxyReplacement: "strict", hubble: { enabled: true } },
        });
        assert.strictEqual(release?.name, "kube-system-cilium-helmrelease");
    });

    describe("a values file from valuesFrom is held to the limits of every YAML input", () => {
        const release = (valuesYaml: string) =>
            write(
                [
                    JSON.stringify({
                        apiVersion: "v1",
                        kind: "ConfigMap",
                        metadata: { name: "vals", namespace: "kube-system" },
                        data: { "values.yaml": valuesYaml },
                    }),
                    JSON.stringify({
                        apiVersion: "helm.toolkit.fluxcd.io/v2",
                        kind: "HelmRelease",
                        metadata: { name: "cilium", namespace: "kube-system" },
                        spec: {
                            chart: {
                                spec: {
                                    chart: "cilium",
                                    version: "1.18.3",
                                    sourceRef: { kind: "HelmRepository", name: "cilium" },
                                },
                            },
                            valuesFrom: [{ kind: "ConfigMap", name: "vals" }],
                        },
                    }),
                ].join("\n---\n"),
            );
        const nested = (levels: number) =>
            Array.from({ length: levels }, (_, i) => `${"  ".repeat(i)}a:`).join("\n") +
            `\n${"  ".repeat(levels)}x: 1\n`;
        const source = "document 1: HelmRelease kube-system/cilium: spec.valuesFrom[0]: ConfigMap vals key values.yaml";
        const cases: [string, string, string | undefined][] = [
            ["63 levels (64 with the leaf map) read", nested(63), undefined],
            [
                "65 levels refused by the depth limit",
                nested(65),
                `${source} nests deeper than 64 levels, the limit of every YAML input; flatten it`,
            ],
            [
                "20,000 flow levels, which overflow the parser, refused the same way",
                "[".repeat(20000) + "]".repeat(20000),
                `${source} nests deeper than 64 levels, the limit of every YAML input; flatten it`,
            ],
            [
                "an alias bomb stopped before it expands",
                "a: &a [x,x,x,x,x,x,x,x,x,x]\n" +
                    Array.from({ length: 8 }, (_, i) => {
                        const [p, c] = [String.fromCharCode(97 + i), String.fromCharCode(98 + i)];
                        return `${c}: &${c} [${Array(10).fill(`*${p}`).join(",")}]`;
                    }).join("\n"),
                `${source} is not YAML: Excessive alias count indicates a resource exhaustion attack`,
            ],
        ];
        for (const [name, text, error] of cases) {
            it(name, () => {
                const file = release(text);
                if (error === undefined) {
                    assert.strictEqual(readManifests([file], "infra").length, 2);
                } else {
                    assert.throws(() => readManifests([file], "infra"), { message: `${file}: ${error}` });
                }
            });
        }
    });
});

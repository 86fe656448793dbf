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
});

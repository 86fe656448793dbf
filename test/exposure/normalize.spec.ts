// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { fluxHelmReleaseView, isFluxHelmRelease, unwrapList } from "../../policies/lib/exposure/normalize";

const repo = {
    apiVersion: "source.toolkit.fluxcd.io/v1",
    kind: "HelmRepository",
    metadata: { name: "cilium", namespace: "flux-system" },
    spec: { url: "https://helm.cilium.io" },
};
const cm = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "cilium-values", namespace: "kube-system" },
    data: {
        "values.yaml": "kubeProxyReplacement: true\nhubble:\n  enabled: false\n  relay: {enabled: true}\n",
        tag: "v1",
    },
};
const release = (spec: Record<string, unknown>, apiVersion = "helm.toolkit.fluxcd.io/v2") => ({
    apiVersion,
    kind: "HelmRelease",
    metadata: { name: "cilium", namespace: "kube-system" },
    spec,
});

describe("normalisation: kind List and Flux HelmRelease", () => {
    it("unwraps kind: List recursively and fills a typed list's element kind", () => {
        const list = {
            apiVersion: "v1",
            kind: "List",
            items: [
                { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" } },
                {
                    apiVersion: "networking.k8s.io/v1",
                    kind: "NetworkPolicyList",
                    items: [{ metadata: { name: "np" } }],
                },
            ],
        };
        assert.deepStrictEqual(
            unwrapList(list).map((o) => `${String(o.apiVersion)} ${String(o.kind)}`),
            ["v1 ConfigMap", "networking.k8s.io/v1 NetworkPolicy"],
        );
    });

    it("an item that is not an object names its index", () => {
        assert.throws(() => unwrapList({ apiVersion: "v1", kind: "List", items: [{ metadata: {} }] }), {
            message: "items[0] of the List: not a Kubernetes object (apiVersion and kind are required)",
        });
    });

    for (const v of ["helm.toolkit.fluxcd.io/v2", "helm.toolkit.fluxcd.io/v2beta1", "helm.toolkit.fluxcd.io/v2beta2"]) {
        it(`reads ${v}: chart, version, repository, valuesFrom then values on top`, () => {
            const doc = release(
                {
                    chart: {
                        spec: {
                            chart: "cilium",
                            version: "1.18.3",
                            sourceRef: { kind: "HelmRepository", name: "cilium", namespace: "flux-system" },
                        },
                    },
                    valuesFrom: [
                        { kind: "ConfigMap", name: "cilium-values" },
                        { kind: "ConfigMap", name: "cilium-values", valuesKey: "tag", targetPath: "image.tag" },
                    ],
                    values: { hubble: { enabled: true } },
                },
                v,
            );
            assert.ok(isFluxHelmRelease(doc));
            assert.deepStrictEqual(fluxHelmReleaseView(doc, [repo, cm]), {
                props: {
                    name: "cilium",
                    namespace: "kube-system",
                    chart: "cilium",
                    version: "1.18.3",
                    repositoryOpts: { repo: "https://helm.cilium.io" },
                    values: {
                        kubeProxyReplacement: true,
                        hubble: { enabled: true, relay: { enabled: true } },
                        image: { tag: "v1" },
                    },
                },
                unresolved: [],
            });
        });
    }

    it("chartRef to an OCIRepository gives an oci chart and its tag; missing sources are listed", () => {
        const oci = {
            apiVersion: "source.toolkit.fluxcd.io/v1beta2",
            kind: "OCIRepository",
            metadata: { name: "dfo", namespace: "kube-system" },
            spec: {
                url: "oci://ghcr.io/dragonflydb/dragonfly-operator/helm/dragonfly-operator",
                ref: { tag: "v1.6.1" },
            },
        };
        const view = fluxHelmReleaseView(
            release({
                chartRef: { kind: "OCIRepository", name: "dfo" },
                valuesFrom: [
                    { kind: "Secret", name: "s" },
                    { kind: "ConfigMap", name: "gone" },
                ],
            }),
            [oci],
        );
        assert.deepStrictEqual(
            view.props.chart,
            "oci://ghcr.io/dragonflydb/dragonfly-operator/helm/dragonfly-operator",
        );
        assert.deepStrictEqual(view.props.version, "v1.6.1");
        assert.deepStrictEqual(view.unresolved, [
            "Secret kube-system/s (spec.valuesFrom[0])",
            "ConfigMap kube-system/gone key values.yaml (spec.valuesFrom[1])",
        ]);
    });

    it("a HelmRelease with neither chart nor chartRef is an error naming it", () => {
        assert.throws(() => fluxHelmReleaseView(release({}), []), {
            message: "HelmRelease kube-system/cilium: spec.chart and spec.chartRef are both missing",
        });
    });
});

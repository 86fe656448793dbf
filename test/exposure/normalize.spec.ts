// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import {
    fluxHelmReleaseView,
    isFluxHelmRelease,
    targetPathValues,
    unwrapList,
} from "../../policies/lib/exposure/normalize";
import { fluxDurationSeconds, fluxReleaseName, FluxSettings, fluxSettings } from "../../policies/lib/exposure/flux";

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
            const { props, unresolved } = fluxHelmReleaseView(doc, [repo, cm]);
            const { fluxHelmRelease, ...releaseProps } = props;
            assert.strictEqual((fluxHelmRelease as FluxSettings).apiVersion, v);
            assert.deepStrictEqual((fluxHelmRelease as FluxSettings).chartSource, {
                ref: "HelmRepository flux-system/cilium (spec.chart.spec.sourceRef)",
                repository: "HelmRepository flux-system/cilium",
                url: "https://helm.cilium.io",
                versionField: "spec.chart.spec.version",
            });
            assert.deepStrictEqual(
                { props: releaseProps, unresolved },
                {
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
                },
            );
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
        assert.deepStrictEqual((view.props.fluxHelmRelease as FluxSettings).chartSource, {
            ref: "OCIRepository kube-system/dfo (spec.chartRef)",
            repository: "OCIRepository kube-system/dfo",
            url: "oci://ghcr.io/dragonflydb/dragonfly-operator/helm/dragonfly-operator",
            versionField: "spec.ref.tag of OCIRepository kube-system/dfo",
        });
        assert.deepStrictEqual(view.unresolved, [
            "Secret kube-system/s key values.yaml (spec.valuesFrom[0])",
            "ConfigMap kube-system/gone key values.yaml (spec.valuesFrom[1])",
        ]);
    });

    it("chartRef to a HelmChart reads chart and version from it and the repository from its sourceRef; a missing one is listed", () => {
        const helmChart = {
            apiVersion: "source.toolkit.fluxcd.io/v1",
            kind: "HelmChart",
            metadata: { name: "cilium", namespace: "flux-system" },
            spec: { chart: "cilium", version: "1.18.3", sourceRef: { kind: "HelmRepository", name: "cilium" } },
        };
        const doc = release({ chartRef: { kind: "HelmChart", name: "cilium", namespace: "flux-system" } });
        const found = fluxHelmReleaseView(doc, [helmChart, repo]);
        assert.deepStrictEqual(
            [found.props.chart, found.props.version, found.props.repositoryOpts, found.unresolved],
            ["cilium", "1.18.3", { repo: "https://helm.cilium.io" }, []],
        );
        const missing = fluxHelmReleaseView(doc, [helmChart]);
        assert.deepStrictEqual(missing.unresolved, [
            "HelmRepository flux-system/cilium (spec.sourceRef of HelmChart flux-system/cilium)",
        ]);
        assert.deepStrictEqual((missing.props.fluxHelmRelease as FluxSettings).chartSource, {
            ref: "HelmChart flux-system/cilium (spec.chartRef)",
            repository: "HelmRepository flux-system/cilium",
            url: null,
            versionField: "spec.version of HelmChart flux-system/cilium",
        });
    });

    it("a HelmRelease with neither chart nor chartRef is an error naming it", () => {
        assert.throws(() => fluxHelmReleaseView(release({}), []), {
            message: "HelmRelease kube-system/cilium: spec.chart and spec.chartRef are both missing",
        });
    });

    it("names the release as helm-controller does: releaseName, else [targetNamespace-]name, shortened past 53", () => {
        assert.strictEqual(fluxReleaseName("cilium", {}), "cilium");
        assert.strictEqual(fluxReleaseName("cilium", { targetNamespace: "kube-system" }), "kube-system-cilium");
        assert.strictEqual(
            fluxReleaseName("cilium", { targetNamespace: "kube-system", releaseName: "cilium" }),
            "cilium",
        );
        // The docs' example of a shortened name; its hash is the code's, its prefix (42 characters in the
        // docs) is what internal/release/name.go ShortenName really keeps: name[:53-13].
        assert.strictEqual(
            fluxReleaseName("a-nice-object-name", { targetNamespace: "a-very-lengthy-target-namespace-with" }),
            "a-very-lengthy-target-namespace-with-a-n-97af5d7f41f3",
        );
        const view = fluxHelmReleaseView(
            {
                ...release({ chart: { spec: { chart: "cilium" } }, targetNamespace: "kube-system" }),
                metadata: { name: "cilium", namespace: "flux-system" },
            },
            [],
        );
        assert.deepStrictEqual([view.props.namespace, view.props.name], ["kube-system", "kube-system-cilium"]);
    });

    it("reads Flux durations as the CRD admits them", () => {
        assert.deepStrictEqual(
            ["15m", "1h30m", "90s", "1.5h", "500ms", "15", "-5m", "1d", 900].map(fluxDurationSeconds),
            [900, 5400, 90, 5400, 0.5, undefined, undefined, undefined, undefined],
        );
    });

    it("fills helm-controller's defaults: 5m timeouts, rollback remediation without retries, maxHistory 5, storage in its namespace", () => {
        const chartSource = { ref: "r", repository: "p", url: null, versionField: "v" };
        assert.deepStrictEqual(fluxSettings(release({ chart: {} }), chartSource), {
            object: "HelmRelease kube-system/cilium",
            apiVersion: "helm.toolkit.fluxcd.io/v2",
            storageNamespace: "kube-system",
            driftDetection: "disabled",
            driftAnnotation: null,
            timeouts: [
                { action: "install", field: "spec.timeout", value: "5m", defaulted: true, seconds: 300 },
                { action: "upgrade", field: "spec.timeout", value: "5m", defaulted: true, seconds: 300 },
            ],
            upgradeFailure: {
                strategy: "RemediateOnFailure",
                remediation: "rollback",
                retries: 0,
                remediateLastFailure: false,
                cleanupOnFail: false,
            },
            maxHistory: 5,
            chartSource,
        });
    });

    it("puts a targetPath value where --set would, typed as --set types it", () => {
        assert.deepStrictEqual(targetPathValues("encryption.enabled", "true"), { encryption: { enabled: true } });
        assert.deepStrictEqual(targetPathValues("cluster.id", "7"), { cluster: { id: 7 } });
        assert.deepStrictEqual(targetPathValues("image.tag", "v1.18.3"), { image: { tag: "v1.18.3" } });
        assert.deepStrictEqual(targetPathValues("image.tag", "0123"), { image: { tag: "0123" } });
        assert.deepStrictEqual(targetPathValues("podAnnotations.example\\.com/x", "y"), {
            podAnnotations: { "example.com/x": "y" },
        });
    });

    it("lists a list-index targetPath as unresolved, and refuses prototype and empty segments as input errors", () => {
        assert.strictEqual(
            targetPathValues("list[0].x", "x"),
            'targetPath "list[0].x" has the segment "list[0]", which this checker does not follow',
        );
        for (const [path, message] of [
            [
                "__proto__.polluted",
                'targetPath: segment 1 of "__proto__.polluted" is "__proto__", which names an object prototype; no chart value has that name, so the path is refused',
            ],
            [
                "a.constructor.prototype",
                'targetPath: segment 2 of "a.constructor.prototype" is "constructor", which names an object prototype; no chart value has that name, so the path is refused',
            ],
            ["a..b", 'targetPath: segment 2 of "a..b" is empty'],
        ]) {
            assert.throws(() => targetPathValues(path, "x"), { name: "UnsafePathError", message }, path);
        }
        assert.throws(
            () =>
                fluxHelmReleaseView(
                    release({
                        chart: {
                            spec: {
                                chart: "cilium",
                                sourceRef: { kind: "HelmRepository", name: "cilium", namespace: "flux-system" },
                            },
                        },
                        valuesFrom: [
                            {
                                kind: "ConfigMap",
                                name: "cilium-values",
                                valuesKey: "tag",
                                targetPath: "__proto__.polluted",
                            },
                        ],
                    }),
                    [cm, repo],
                ),
            { name: "UnsafePathError" },
        );
        assert.strictEqual(({} as Record<string, unknown>).polluted, undefined);
    });

    it("skips a missing optional valuesFrom and lists a missing required one", () => {
        const view = fluxHelmReleaseView(
            release({
                chart: {
                    spec: {
                        chart: "cilium",
                        sourceRef: { kind: "HelmRepository", name: "cilium", namespace: "flux-system" },
                    },
                },
                valuesFrom: [
                    { kind: "ConfigMap", name: "absent", optional: true },
                    { kind: "ConfigMap", name: "cilium-values", valuesKey: "absent-key", optional: true },
                    { kind: "ConfigMap", name: "absent" },
                ],
            }),
            [cm, repo],
        );
        assert.deepStrictEqual(view.unresolved, ["ConfigMap kube-system/absent key values.yaml (spec.valuesFrom[2])"]);
    });
});

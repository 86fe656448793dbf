// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { ciliumReleaseArgs } from "../../../../components/cilium";
import { fluxHelmReleaseView } from "../../../../policies/lib/exposure/normalize";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { ciliumValuesSchema } from "../../../../policies/rules/cilium/valuesSchema";
import { realStackConfig, STACKS } from "../../../support/stacks";
import { describeCommon, mutate, UNKNOWN, violationsOf } from "../../helpers";
import { release } from "./release";

const REL = "kubernetes:helm.sh/v3:Release";
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const P = "[CIL-TECH-008 · score 2] ";
const run = async (p: ResourceValidationPolicy, change: (r: Obj) => void, type = REL) =>
    await violationsOf(p, { type, props: mutate(release(), change) });

const MISSPELT = `${P}Cilium value kubeProxyReplacment is not a value of chart cilium 1.18.3 (not among the 164 top-level keys of its values.schema.json), so Helm ignores it without a word; rename it to kubeProxyReplacement.`;
const STRICT = `${P}Cilium value kubeProxyReplacement is string "strict", which chart cilium 1.18.3 refuses: its templates/cilium-configmap.yaml:76-82 fails the render with "kubeProxyReplacement must be explicitly set to a valid value (true or false) to continue."; set kubeProxyReplacement: true (what strict meant).`;

describe("policy cluster-platform-cilium-values-schema", () => {
    const policy = resourcePolicy(ciliumValuesSchema) as ResourceValidationPolicy;
    describeCommon(policy, {
        name: "cluster-platform-cilium-values-schema",
        enforcementLevel: "advisory",
        severity: "low",
        risks: ["CIL-TECH-008"],
    });

    for (const stack of STACKS) {
        it(`#1 passes the real ${stack} release (chart 1.18.3) with zero findings`, async () => {
            const props = JSON.parse(JSON.stringify(ciliumReleaseArgs(realStackConfig(stack)))) as Obj;
            assert.strictEqual(props.version, "1.18.3");
            assert.deepStrictEqual(await violationsOf(policy, { type: REL, props }), []);
        });
    }

    it("#2 reports a misspelt top-level key and names the key the chart reads", async () => {
        assert.deepStrictEqual(await run(policy, (r) => (r.values.kubeProxyReplacment = true)), [MISSPELT]);
        assert.deepStrictEqual(await run(policy, (r) => (r.values.Hubble = { enabled: true })), [
            `${P}Cilium value Hubble is not a value of chart cilium 1.18.3 (not among the 164 top-level keys of its values.schema.json), so Helm ignores it without a word; rename it to hubble.`,
        ]);
        assert.deepStrictEqual(await run(policy, (r) => (r.values.clusterMeshXyz = {})), [
            `${P}Cilium value clusterMeshXyz is not a value of chart cilium 1.18.3 (not among the 164 top-level keys of its values.schema.json), so Helm ignores it without a word; remove it, or move it to the key the chart reads.`,
        ]);
    });

    it("#2b names at most 20 unknown keys, sorted, and counts the rest in one finding (issue 23)", async () => {
        const unknown = (key: string): string =>
            `${P}Cilium value ${key} is not a value of chart cilium 1.18.3 (not among the 164 top-level keys of its values.schema.json), so Helm ignores it without a word; remove it, or move it to the key the chart reads.`;
        const exactly20 = await run(policy, (r) => {
            for (let i = 0; i < 20; i++) {
                r.values[`zz${String(i).padStart(2, "0")}`] = i;
            }
        });
        assert.deepStrictEqual(
            exactly20,
            Array.from({ length: 20 }, (_, i) => unknown(`zz${String(i).padStart(2, "0")}`)),
        );
        // Inserted in reverse: which keys are named must not depend on the order of the input.
        const many = await run(policy, (r) => {
            for (let i = 99999; i >= 0; i--) {
                r.values[`zz${String(i).padStart(5, "0")}`] = i;
            }
        });
        assert.strictEqual(many.length, 21);
        assert.deepStrictEqual(
            many.slice(0, 20),
            Array.from({ length: 20 }, (_, i) => unknown(`zz${String(i).padStart(5, "0")}`)),
        );
        assert.strictEqual(
            many[20],
            `${P}99980 more Cilium values are not values of chart cilium 1.18.3 (100000 unknown top-level keys in all; the first 20 are named in their own findings, the next are "zz00020", "zz00021", "zz00022", "zz00023", "zz00024", …), so Helm ignores them without a word; remove them, or move them to the keys the chart reads.`,
        );
    });

    it("#3 reports a removed key once, with the chart's own failure (not also as an unknown key)", async () => {
        assert.deepStrictEqual(await run(policy, (r) => (r.values.tunnel = "vxlan")), [
            `${P}Cilium value tunnel is string "vxlan", which chart cilium 1.18.3 refuses: its templates/validate.yaml:40-42 fails the render with "tunnel was deprecated in v1.14 and has been removed in v1.15. For details please refer to https://docs.cilium.io/en/v1.15/operations/upgrade/#helm-options"; remove it and set routingMode (and tunnelProtocol for routingMode: tunnel).`,
        ]);
        assert.deepStrictEqual(await run(policy, (r) => (r.values.encryption.keyFile = "keys")), [
            `${P}Cilium value encryption.keyFile is string "keys", which chart cilium 1.18.3 refuses: its templates/validate.yaml:12-19 fails the render with "encryption.{keyFile,mountPath,secretName,interface} were deprecated in v1.14 and has been removed in v1.16. For details please refer to https://docs.cilium.io/en/v1.16/operations/upgrade/#helm-options"; move it under encryption.ipsec.`,
        ]);
        // `toString` in the template makes even `enabled: false` fail; a falsy `tunnel` does not.
        assert.deepStrictEqual(await run(policy, (r) => (r.values.proxy = { prometheus: { enabled: false } })), [
            `${P}Cilium value proxy.prometheus.enabled is boolean false, which chart cilium 1.18.3 refuses: its templates/validate.yaml:20-25 fails the render with "proxy.prometheus.enabled and proxy.prometheus.port were deprecated in v1.14 and has been removed in v1.16. For details please refer to https://docs.cilium.io/en/v1.16/operations/upgrade/#helm-options"; remove it and use envoy.prometheus.`,
        ]);
        assert.deepStrictEqual(await run(policy, (r) => (r.values.tunnel = "")), [
            `${P}Cilium value tunnel is not a value of chart cilium 1.18.3 (not among the 164 top-level keys of its values.schema.json), so Helm ignores it without a word; remove it, or move it to the key the chart reads.`,
        ]);
    });

    it("#4 reports values of the wrong type or outside the schema's enum, with the key path", async () => {
        assert.deepStrictEqual(
            await run(policy, (r) => {
                r.values.hubble.relay.replicas = "2";
                r.values.cluster.id = "one";
                r.values.clustermesh.apiserver.service.externalTrafficPolicy = "Nowhere";
                r.values.hubble.metrics.enabled = "dns";
            }),
            [
                `${P}Cilium value cluster.id must be integer, is string "one" (chart cilium 1.18.3, values.schema.json), so Helm refuses to install or upgrade with it; write a value of type integer.`,
                `${P}Cilium value hubble.relay.replicas must be integer, is string "2" (chart cilium 1.18.3, values.schema.json), so Helm refuses to install or upgrade with it; write a value of type integer.`,
                `${P}Cilium value hubble.metrics.enabled must be null or array, is string "dns" (chart cilium 1.18.3, values.schema.json), so Helm refuses to install or upgrade with it; write a value of type null or array.`,
                `${P}Cilium value clustermesh.apiserver.service.externalTrafficPolicy must be one of "Local", "Cluster", is string "Nowhere" (chart cilium 1.18.3, values.schema.json), so Helm refuses to install or upgrade with it; use one of those values.`,
            ],
        );
        assert.deepStrictEqual(await run(policy, (r) => (r.values.encryption = "wireguard")), [
            `${P}Cilium value encryption must be object, is string "wireguard" (chart cilium 1.18.3, values.schema.json), so Helm refuses to install or upgrade with it; write a value of type object.`,
        ]);
    });

    it("#5 kubeProxyReplacement: strict, partial, disabled and 1 fail the render; true, false, their strings and null pass", async () => {
        assert.deepStrictEqual(await run(policy, (r) => (r.values.kubeProxyReplacement = "strict")), [STRICT]);
        const fails = (shown: string, fix: string) =>
            `${P}Cilium value kubeProxyReplacement is ${shown}, which chart cilium 1.18.3 refuses: its templates/cilium-configmap.yaml:76-82 fails the render with "kubeProxyReplacement must be explicitly set to a valid value (true or false) to continue."; ${fix}.`;
        assert.deepStrictEqual(await run(policy, (r) => (r.values.kubeProxyReplacement = "partial")), [
            fails('string "partial"', "set kubeProxyReplacement: false and enable the partial features one by one"),
        ]);
        assert.deepStrictEqual(await run(policy, (r) => (r.values.kubeProxyReplacement = "disabled")), [
            fails('string "disabled"', "set kubeProxyReplacement: false"),
        ]);
        // A number is both outside the schema's types and refused by the template: one finding, the template's.
        assert.deepStrictEqual(await run(policy, (r) => (r.values.kubeProxyReplacement = 1)), [
            fails("integer 1", "set kubeProxyReplacement: true or false"),
        ]);
        for (const ok of [true, false, "true", "false", null, ""]) {
            assert.deepStrictEqual(await run(policy, (r) => (r.values.kubeProxyReplacement = ok)), [], String(ok));
        }
        // With upgradeCompatibility below 1.14 an empty value takes the old default "disabled", which fails.
        assert.deepStrictEqual(
            await run(policy, (r) => {
                r.values.kubeProxyReplacement = "";
                r.values.upgradeCompatibility = "1.13";
            }),
            [fails('string ""', "set kubeProxyReplacement: false")],
        );
    });

    it("#6 cannot vouch for an unpinned version, a range or a version whose schema the pack lacks", async () => {
        assert.deepStrictEqual(await run(policy, (r) => delete r.version), [
            `${P}the Cilium release pins no chart version, so its values cannot be checked against the chart's values schema (Helm would take the newest chart); pin version to one the pack carries the schema of (1.18.3).`,
        ]);
        assert.deepStrictEqual(await run(policy, (r) => (r.version = "~1.18.0")), [
            `${P}the Cilium release's chart version "~1.18.0" is not one exact version (a range or a tag), so neither the chart nor its values schema is fixed; pin an exact version the pack carries the schema of (1.18.3).`,
        ]);
        assert.deepStrictEqual(await run(policy, (r) => (r.version = "1.19.0")), [
            `${P}the Cilium release pins chart version "1.19.0", whose values schema the pack does not carry (it carries 1.18.3), so this rule cannot vouch for its values; vendor that version's values.schema.json (policies/lib/ciliumChart.ts) or pin a carried version.`,
        ]);
        assert.deepStrictEqual(await run(policy, (r) => (r.version = "v1.18.3")), []);
    });

    it("#7 a version or value unknown at preview gives the SDK's advisory note (the rule scores 2)", async () => {
        await assert.rejects(
            run(policy, (r) => (r.version = UNKNOWN)),
            /string value at \.version can't be known during preview/,
        );
        await assert.rejects(
            run(policy, (r) => (r.values.k8sServiceHost = UNKNOWN)),
            /string value at \.values\.k8sServiceHost can't be known during preview/,
        );
    });

    it("#8 judges the release as helm.sh/v4 Chart and as a Flux HelmRelease, and ignores other charts", async () => {
        assert.deepStrictEqual(
            await run(policy, (r) => (r.values.kubeProxyReplacement = "strict"), "kubernetes:helm.sh/v4:Chart"),
            [STRICT],
        );
        const flux = fluxHelmReleaseView(
            {
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
                    valuesFrom: [{ kind: "ConfigMap", name: "cilium-values" }],
                    values: { kubeProxyReplacment: true },
                },
            },
            [
                {
                    apiVersion: "source.toolkit.fluxcd.io/v1",
                    kind: "HelmRepository",
                    metadata: { name: "cilium", namespace: "kube-system" },
                    spec: { url: "https://helm.cilium.io/" },
                },
                {
                    apiVersion: "v1",
                    kind: "ConfigMap",
                    metadata: { name: "cilium-values", namespace: "kube-system" },
                    data: { "values.yaml": "kubeProxyReplacement: strict\n" },
                },
            ],
        );
        assert.deepStrictEqual(await violationsOf(policy, { type: REL, props: flux.props }), [STRICT, MISSPELT]);
        assert.deepStrictEqual(
            await run(policy, (r) => {
                r.chart = "dragonfly-operator";
                r.values.kubeProxyReplacement = "strict";
            }),
            [],
        );
    });

    it("#9 reports the template's other value guards: cluster name, ClusterMesh limits, exclusive settings", async () => {
        const guard = (path: string, shown: string, lines: string, text: string, fix: string) =>
            `${P}Cilium value ${path} is ${shown}, which chart cilium 1.18.3 refuses: its templates/validate.yaml:${lines} fails the render with "${text}"; ${fix}.`;
        const cases: [(r: Obj) => void, string][] = [
            [
                (r) => (r.values.cluster.name = ""),
                guard(
                    "cluster.name",
                    'string ""',
                    "152-154",
                    "The cluster name is invalid: cannot be empty",
                    "set the cluster's name",
                ),
            ],
            [
                (r) => (r.values.cluster.name = "a".repeat(33)),
                guard(
                    "cluster.name",
                    `string "${"a".repeat(33)}"`,
                    "155-157",
                    "The cluster name is invalid: must not be more than 32 characters",
                    "shorten it to 32 characters",
                ),
            ],
            [
                (r) => (r.values.cluster.name = "default"),
                guard(
                    "cluster.name",
                    'string "default"',
                    "161-163",
                    "The cluster name is invalid: cannot use default value with cluster.id != 0",
                    "set cluster.name to the cluster's own name",
                ),
            ],
            [
                (r) => (r.values.clustermesh.maxConnectedClusters = 300),
                guard(
                    "clustermesh.maxConnectedClusters",
                    "integer 300",
                    "206-208",
                    "max-connected-clusters must be set to 255 or 511",
                    "set 255 or 511",
                ),
            ],
            [
                (r) => (r.values.clustermesh.apiserver.kvstoremesh = { kvstoreMode: "hybrid" }),
                guard(
                    "clustermesh.apiserver.kvstoremesh.kvstoreMode",
                    'string "hybrid"',
                    "173-175",
                    ".Values.clustermesh.apiserver.kvstoremesh.kvstoreMode must have the value of external or internal",
                    "set internal or external",
                ),
            ],
            [
                (r) => (r.values.k8sServiceHostRef = { name: "kube-api", key: "host" }),
                guard(
                    "k8sServiceHostRef",
                    "object",
                    "54-56",
                    "Both k8sServiceHostRef and k8sServiceHost are set. Please set only one of them.",
                    "set only one of k8sServiceHost and k8sServiceHostRef",
                ),
            ],
        ];
        for (const [change, msg] of cases) {
            assert.deepStrictEqual(await run(policy, change), [msg]);
        }
        assert.deepStrictEqual(await run(policy, (r) => (r.values.clustermesh.maxConnectedClusters = 511)), []);
    });

    it("#11 leaves an unresolved ${...} substitution to CIL-TECH-003 (one cause, one finding)", async () => {
        assert.deepStrictEqual(
            await run(policy, (r) => {
                r.values.cluster.name = "${CLUSTER}";
                r.values.cluster.id = "${CLUSTER_ID}";
                r.values.kubeProxyReplacement = "${KPR}";
            }),
            [],
        );
    });

    it("#10 says when part of the values comes from files a policy cannot read", async () => {
        assert.deepStrictEqual(await run(policy, (r) => (r.valueYamlFiles = ["values-extra.yaml"])), [
            `${P}the Cilium release also takes values from valueYamlFiles, which a policy cannot read, so only its inline values were checked against chart cilium 1.18.3; move those values into values.`,
        ]);
    });
});

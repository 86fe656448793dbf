// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// One NetworkPolicy evaluator: the typed view (networkPolicy.ts, read by the traffic rules) and the
// exposure and DNS-egress readers (exposure/) take a policy's directions and ports the same way,
// as the API server defaults and matches them.
import * as assert from "assert";
import { NamespaceDirectory } from "../../policies/lib/labelSelectors";
import { isIngressIsolated, policyTypesOf, portCovers } from "../../policies/lib/networkPolicy";
import { networkPolicyOf } from "../../policies/lib/policyShapes";
import { dnsEgressProblems } from "../../policies/lib/exposure/dnsEgress";
import { ExposurePolicy, TargetPod } from "../../policies/lib/exposure/model";
import { isolatesIngress, k8sPortCovers } from "../../policies/lib/exposure/selection";

const pod: TargetPod = { namespace: "cache", labels: { app: "df" }, role: "master", ports: [] };
const dir = new NamespaceDirectory();
/** An egress rule that admits HTTPS only: it isolates egress without admitting DNS. */
const HTTPS = { ports: [{ port: 443 }] };

/** [case, spec, isolates ingress, isolates egress] — what the API server's defaulting gives. */
const DIRECTION_CASES: [string, Record<string, unknown>, boolean, boolean][] = [
    ["no policyTypes, no rules: ingress only (deny all ingress)", { podSelector: {} }, true, false],
    ["no policyTypes, `egress: []`: ingress only", { podSelector: {}, egress: [] }, true, false],
    ["no policyTypes, one egress rule: both", { podSelector: {}, egress: [HTTPS] }, true, true],
    ["no policyTypes, `ingress: []`: ingress only", { podSelector: {}, ingress: [] }, true, false],
    ["`policyTypes: []` defaults like an absent one", { podSelector: {}, policyTypes: [], egress: [] }, true, false],
    ["`policyTypes: []` with an egress rule: both", { podSelector: {}, policyTypes: [], egress: [HTTPS] }, true, true],
    [
        "declared Egress only, `egress: []`: deny all egress",
        { podSelector: {}, policyTypes: ["Egress"], egress: [] },
        false,
        true,
    ],
    [
        "declared Ingress only with egress rules: ingress only",
        { podSelector: {}, policyTypes: ["Ingress"], egress: [HTTPS] },
        true,
        false,
    ],
    ["declared both, no rules: deny both", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }, true, true],
    ["`egress: null`: ingress only", { podSelector: {}, egress: null }, true, false],
    ["policyTypes not a list: defaulted", { podSelector: {}, policyTypes: "Egress", egress: [] }, true, false],
    ["a value the API rejects is not a direction", { podSelector: {}, policyTypes: ["egress"] }, false, false],
];

describe("NetworkPolicy directions: every reader defaults policyTypes as the API server does", () => {
    it("has every case", () => assert.strictEqual(DIRECTION_CASES.length, 12));
    for (const [name, spec, ingress, egress] of DIRECTION_CASES) {
        it(name, () => {
            const types = policyTypesOf(spec);
            assert.deepStrictEqual(
                [types.has("Ingress"), types.has("Egress")],
                [ingress, egress],
                "policyTypesOf(spec)",
            );
            const view = networkPolicyOf("np", "cache", spec)!;
            const viewTypes = policyTypesOf(view);
            assert.deepStrictEqual(
                [viewTypes.has("Ingress"), viewTypes.has("Egress")],
                [ingress, egress],
                "typed view",
            );
            assert.strictEqual(
                isIngressIsolated([view], { namespace: pod.namespace, labels: pod.labels }),
                ingress,
                "traffic rules: ingress isolation",
            );
            const exposure: ExposurePolicy = { kind: "NetworkPolicy", name: "np", namespace: "cache", spec };
            assert.strictEqual(isolatesIngress(exposure, pod, dir), ingress, "exposure: ingress isolation");
            const dns = dnsEgressProblems([exposure], pod, dir, []);
            assert.strictEqual(dns.length > 0, egress, "DNS egress: isolated egress without a DNS rule is a problem");
        });
    }
});

/** [case, port entry, port, protocol, covers] */
const PORT_CASES: [string, Record<string, unknown>, number, string, boolean][] = [
    ["no port: every port of the protocol", {}, 6379, "TCP", true],
    ["protocol defaults to TCP", { port: 6379 }, 6379, "UDP", false],
    ["numeric text is a number", { port: "6379" }, 6379, "TCP", true],
    ["endPort extends a numeric port", { port: 6000, endPort: 7000 }, 6379, "TCP", true],
    ["a name resolves to the served port", { port: "redis" }, 6379, "TCP", true],
    ["an unknown name covers nothing", { port: "http" }, 6379, "TCP", false],
    ["protocol is matched as the API spells it", { port: 6379, protocol: "tcp" }, 6379, "TCP", false],
];

describe("NetworkPolicy ports: the traffic rules and the exposure reader match entries the same way", () => {
    it("has every case", () => assert.strictEqual(PORT_CASES.length, 7));
    for (const [name, entry, port, protocol, covers] of PORT_CASES) {
        it(name, () => {
            const receiver = { namespace: "cache", labels: {}, ports: [{ name: "redis", containerPort: 6379 }] };
            assert.strictEqual(portCovers(entry, port, protocol, receiver), covers, "traffic rules");
            assert.strictEqual(k8sPortCovers(entry, { number: port, name: "redis", protocol }), covers, "exposure");
        });
    }
});

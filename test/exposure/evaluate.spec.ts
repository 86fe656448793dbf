// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { operatorObjects } from "../../policies/lib/exposure/dragonflyOperator";
import { describeExposure, exposures, residual } from "../../policies/lib/exposure/evaluate";
import { ExposureContext, ExposurePolicy, TargetPod } from "../../policies/lib/exposure/model";

const NS = "cache";
const CTX: ExposureContext = {
    namespaces: new Map<string, Record<string, string>>([
        ["apps", { team: "clients" }],
        ["batch", { team: "batch" }],
        ["monitoring", {}],
    ]),
    allowedNamespaces: ["apps", "monitoring", "dragonfly-operator"],
    podCidrs: ["10.244.0.0/16"],
    allowedCidrs: [],
};
const PODS: TargetPod[] = operatorObjects(
    { name: "df", namespace: NS, spec: { replicas: 3 } },
    "dragonfly-operator",
).pods;
const SELECTOR = { matchLabels: { app: "df" } };

const np = (spec: Record<string, unknown>, name = "np"): ExposurePolicy => ({
    kind: "NetworkPolicy",
    name,
    namespace: NS,
    spec,
});
const cnp = (spec: Record<string, unknown>, name = "cnp"): ExposurePolicy => ({
    kind: "CiliumNetworkPolicy",
    name,
    namespace: NS,
    spec,
});
const ccnp = (spec: Record<string, unknown>, name = "ccnp"): ExposurePolicy => ({
    kind: "CiliumClusterwideNetworkPolicy",
    name,
    spec,
});
const from6379 = (from: unknown[]): Record<string, unknown> => ({
    podSelector: SELECTOR,
    policyTypes: ["Ingress"],
    ingress: [{ ports: [{ port: 6379 }], from }],
});
const apps = { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "apps" } } };

/** [case, policies, ports judged, exact exposure lines]. */
const CASES: [string, ExposurePolicy[], number[], string[]][] = [
    [
        "no policy: every role and port is open",
        [],
        [6379],
        [
            "role master, port 6379/TCP (redis) admits every source (no policy isolates the pod's ingress) via no NetworkPolicy, CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy selects these pods for ingress",
            "role replica, port 6379/TCP (redis) admits every source (no policy isolates the pod's ingress) via no NetworkPolicy, CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy selects these pods for ingress",
        ],
    ],
    ["client namespace named by metadata.name: compliant", [np(from6379([apps]))], [6379, 9999], []],
    [
        "a policy selecting role=master only leaves the replicas open",
        [
            np({
                podSelector: { matchLabels: { app: "df", role: "master" } },
                ingress: [{ ports: [{ port: 6379 }], from: [apps] }],
            }),
        ],
        [6379],
        [
            "role replica, port 6379/TCP (redis) admits every source (no policy isolates the pod's ingress) via no NetworkPolicy, CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy selects these pods for ingress",
        ],
    ],
    [
        "namespaceSelector {} with a podSelector any tenant can satisfy",
        [np(from6379([{ namespaceSelector: {}, podSelector: { matchLabels: { role: "client" } } }]))],
        [6379],
        [
            "role master, port 6379/TCP (redis) admits pods of any namespace (namespaceSelector {}; a podSelector does not narrow it, since any tenant can label its own pods) via NetworkPolicy cache/np ingress[0].from[0]",
            "role replica, port 6379/TCP (redis) admits pods of any namespace (namespaceSelector {}; a podSelector does not narrow it, since any tenant can label its own pods) via NetworkPolicy cache/np ingress[0].from[0]",
        ],
    ],
    [
        "namespaceSelector NotIn is open-ended",
        [
            np(
                from6379([
                    {
                        namespaceSelector: {
                            matchExpressions: [
                                { key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["batch"] },
                            ],
                        },
                    },
                ]),
            ),
        ],
        [6379],
        [
            'role master, port 6379/TCP (redis) admits pods of any namespace (namespaceSelector {"matchExpressions":[{"key":"kubernetes.io/metadata.name","operator":"NotIn","values":["batch"]}]}; a podSelector does not narrow it, since any tenant can label its own pods) via NetworkPolicy cache/np ingress[0].from[0]',
            'role replica, port 6379/TCP (redis) admits pods of any namespace (namespaceSelector {"matchExpressions":[{"key":"kubernetes.io/metadata.name","operator":"NotIn","values":["batch"]}]}; a podSelector does not narrow it, since any tenant can label its own pods) via NetworkPolicy cache/np ingress[0].from[0]',
        ],
    ],
    [
        "namespaceSelector DoesNotExist is open-ended",
        [
            np(
                from6379([
                    { namespaceSelector: { matchExpressions: [{ key: "restricted", operator: "DoesNotExist" }] } },
                ]),
            ),
        ],
        [6379],
        [
            'role master, port 6379/TCP (redis) admits pods of any namespace (namespaceSelector {"matchExpressions":[{"key":"restricted","operator":"DoesNotExist"}]}; a podSelector does not narrow it, since any tenant can label its own pods) via NetworkPolicy cache/np ingress[0].from[0]',
            'role replica, port 6379/TCP (redis) admits pods of any namespace (namespaceSelector {"matchExpressions":[{"key":"restricted","operator":"DoesNotExist"}]}; a podSelector does not narrow it, since any tenant can label its own pods) via NetworkPolicy cache/np ingress[0].from[0]',
        ],
    ],
    [
        "a namespace outside the client list, named",
        [np(from6379([{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "batch" } } }]))],
        [6379],
        [
            "role master, port 6379/TCP (redis) admits namespace batch (not in the client list) via NetworkPolicy cache/np ingress[0].from[0]",
            "role replica, port 6379/TCP (redis) admits namespace batch (not in the client list) via NetworkPolicy cache/np ingress[0].from[0]",
        ],
    ],
    [
        "namespace labels select a declared namespace outside the list",
        [np(from6379([{ namespaceSelector: { matchExpressions: [{ key: "team", operator: "Exists" }] } }]))],
        [6379],
        [
            'role master, port 6379/TCP (redis) admits namespace batch (selected by namespace labels {"matchExpressions":[{"key":"team","operator":"Exists"}]}; not in the client list) via NetworkPolicy cache/np ingress[0].from[0]',
            'role replica, port 6379/TCP (redis) admits namespace batch (selected by namespace labels {"matchExpressions":[{"key":"team","operator":"Exists"}]}; not in the client list) via NetworkPolicy cache/np ingress[0].from[0]',
        ],
    ],
    ["a bare podSelector stays in the cache's own namespace", [np(from6379([{ podSelector: {} }]))], [6379], []],
    ["ipBlock inside the pod CIDR", [np(from6379([{ ipBlock: { cidr: "10.244.3.0/24" } }]))], [6379], []],
    [
        "ipBlock beyond the pod CIDR (LAN segment)",
        [
            np({
                podSelector: SELECTOR,
                ingress: [
                    { ports: [{ port: 6379 }], from: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.244.0.0/16"] } }] },
                ],
            }),
        ],
        [6379],
        [
            "role master, port 6379/TCP (redis) admits ipBlock 10.0.0.0/8 except 10.244.0.0/16 (covers 10.0.0.0, outside the pod CIDR 10.244.0.0/16) via NetworkPolicy cache/np ingress[0].from[0]",
            "role replica, port 6379/TCP (redis) admits ipBlock 10.0.0.0/8 except 10.244.0.0/16 (covers 10.0.0.0, outside the pod CIDR 10.244.0.0/16) via NetworkPolicy cache/np ingress[0].from[0]",
        ],
    ],
    [
        "endPort range covering the admin port",
        [
            np({
                podSelector: SELECTOR,
                ingress: [{ ports: [{ port: 9000, endPort: 10000 }], from: [{ namespaceSelector: {} }] }],
            }),
        ],
        [6379, 9999],
        [
            "role master, port 9999/TCP (admin) admits pods of any namespace (namespaceSelector {}; a podSelector does not narrow it, since any tenant can label its own pods) via NetworkPolicy cache/np ingress[0].from[0]",
            "role replica, port 9999/TCP (admin) admits pods of any namespace (namespaceSelector {}; a podSelector does not narrow it, since any tenant can label its own pods) via NetworkPolicy cache/np ingress[0].from[0]",
        ],
    ],
    [
        "named port admin admits any namespace",
        [np({ podSelector: SELECTOR, ingress: [{ ports: [{ port: "admin" }], from: [{ namespaceSelector: {} }] }] })],
        [6379, 9999],
        [
            "role master, port 9999/TCP (admin) admits pods of any namespace (namespaceSelector {}; a podSelector does not narrow it, since any tenant can label its own pods) via NetworkPolicy cache/np ingress[0].from[0]",
            "role replica, port 9999/TCP (admin) admits pods of any namespace (namespaceSelector {}; a podSelector does not narrow it, since any tenant can label its own pods) via NetworkPolicy cache/np ingress[0].from[0]",
        ],
    ],
    [
        "UDP rule does not open the TCP port; egress-only policy leaves ingress open",
        [np({ podSelector: SELECTOR, policyTypes: ["Egress"], egress: [{}] })],
        [6379],
        [
            "role master, port 6379/TCP (redis) admits every source (no policy isolates the pod's ingress) via no NetworkPolicy, CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy selects these pods for ingress",
            "role replica, port 6379/TCP (redis) admits every source (no policy isolates the pod's ingress) via no NetworkPolicy, CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy selects these pods for ingress",
        ],
    ],
    [
        "policyTypes absent with an egress section still isolates ingress (API default)",
        [np({ podSelector: SELECTOR, egress: [{}] })],
        [6379, 9999],
        [],
    ],
    [
        "Cilium entity cluster",
        [
            cnp({
                endpointSelector: SELECTOR,
                ingress: [{ fromEntities: ["cluster"], toPorts: [{ ports: [{ port: "6379", protocol: "TCP" }] }] }],
            }),
        ],
        [6379],
        [
            "role master, port 6379/TCP (redis) admits Cilium entity cluster via CiliumNetworkPolicy cache/cnp ingress[0].fromEntities[0]",
            "role replica, port 6379/TCP (redis) admits Cilium entity cluster via CiliumNetworkPolicy cache/cnp ingress[0].fromEntities[0]",
        ],
    ],
    [
        "Cilium fromEndpoints naming the client namespace: compliant",
        [
            cnp({
                endpointSelector: SELECTOR,
                ingress: [
                    {
                        fromEndpoints: [{ matchLabels: { "k8s:io.kubernetes.pod.namespace": "apps" } }],
                        toPorts: [{ ports: [{ port: "6379" }] }],
                    },
                ],
            }),
        ],
        [6379, 9999],
        [],
    ],
    [
        "clusterwide policy with fromEndpoints {} admits every namespace",
        [ccnp({ endpointSelector: { matchLabels: { "k8s:app": "df" } }, ingress: [{ fromEndpoints: [{}] }] })],
        [9999],
        [
            "role master, port 9999/TCP (admin) admits pods of any namespace (fromEndpoints {}; a podSelector does not narrow it, since any tenant can label its own pods) via CiliumClusterwideNetworkPolicy ccnp ingress[0].fromEndpoints[0]",
            "role replica, port 9999/TCP (admin) admits pods of any namespace (fromEndpoints {}; a podSelector does not narrow it, since any tenant can label its own pods) via CiliumClusterwideNetworkPolicy ccnp ingress[0].fromEndpoints[0]",
        ],
    ],
    [
        "Cilium ingressDeny of entity world removes the world admission",
        [
            cnp({
                endpointSelector: SELECTOR,
                ingress: [{ fromEntities: ["world"] }],
                ingressDeny: [{ fromEntities: ["world"] }],
            }),
        ],
        [6379],
        [],
    ],
    [
        "K8s and Cilium policies together: the union of admissions counts",
        [
            np(from6379([apps])),
            cnp({
                endpointSelector: SELECTOR,
                ingress: [{ fromCIDR: ["192.168.10.0/24"], toPorts: [{ ports: [{ port: "6379" }] }] }],
            }),
        ],
        [6379],
        [
            "role master, port 6379/TCP (redis) admits ipBlock 192.168.10.0/24 (covers 192.168.10.0, outside the pod CIDR 10.244.0.0/16) via CiliumNetworkPolicy cache/cnp ingress[0].fromCIDR[0]",
            "role replica, port 6379/TCP (redis) admits ipBlock 192.168.10.0/24 (covers 192.168.10.0, outside the pod CIDR 10.244.0.0/16) via CiliumNetworkPolicy cache/cnp ingress[0].fromCIDR[0]",
        ],
    ],
];

describe("exposure: symbolic evaluation per role and port", () => {
    for (const [name, policies, ports, expected] of CASES) {
        it(name, () => {
            assert.deepStrictEqual(exposures(policies, PODS, CTX, ports).map(describeExposure), expected);
        });
    }

    it("the operator's own NetworkPolicy admits 6379 from its own namespace and 9999 from the operator only", () => {
        const objects = operatorObjects({ name: "df", namespace: NS, spec: { replicas: 2 } }, "dragonfly-operator");
        assert.deepStrictEqual(exposures([objects.networkPolicy!], objects.pods, CTX), []);
    });

    it("without a client list, a named namespace counts as allowed but an open selector does not", () => {
        const ctx = { ...CTX, allowedNamespaces: undefined };
        assert.deepStrictEqual(
            exposures(
                [np(from6379([{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "batch" } } }]))],
                PODS,
                ctx,
                [6379],
            ),
            [],
        );
        const wide =
            "port 6379/TCP (redis) admits pods of any namespace (namespaceSelector {}; a podSelector does not narrow it, since any tenant can label its own pods) via NetworkPolicy cache/np ingress[0].from[0]";
        assert.deepStrictEqual(
            exposures([np(from6379([{ namespaceSelector: {} }]))], PODS, ctx, [6379]).map(describeExposure),
            [`role master, ${wide}`, `role replica, ${wide}`],
        );
    });

    it("ipBlock residual arithmetic", () => {
        assert.deepStrictEqual(residual("10.244.1.0/24", [], ["10.244.0.0/16"]), []);
        assert.deepStrictEqual(residual("0.0.0.0/0", ["10.0.0.0/8"], []), [
            [0, 167772159],
            [184549376, 4294967295],
        ]);
        assert.deepStrictEqual(residual("fd00::/8", [], []), [[0, 0]]);
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { Connection, egressAllowed, NetworkPolicyView, PodRef } from "../../policies/lib/networkPolicy";
import { TrafficIndex } from "../../policies/lib/podInventory";
import { allowGitlab, cachePod, gitlab, harbor, ns, sameNs, to6379 } from "./trafficFixtures";

/** Connection cases: [name, policies, connection, allowed]. */
const NETPOL_CASES: [string, NetworkPolicyView[], Connection, boolean][] = [
    ["no policy: everything allowed", [], to6379(harbor), true],
    ["allow-listed namespace on the port", [allowGitlab], to6379(gitlab), true],
    ["other namespace denied", [allowGitlab], to6379(harbor), false],
    ["allow-listed namespace on another port denied", [allowGitlab], { from: gitlab, to: cachePod, port: 9999 }, false],
    [
        "UDP on a TCP-only rule denied",
        [allowGitlab],
        { from: gitlab, to: cachePod, port: 6379, protocol: "UDP" },
        false,
    ],
    [
        "bare podSelector peer only admits the policy's own namespace (namespace mismatch)",
        [{ ...allowGitlab, ingress: [{ from: [{ podSelector: { matchLabels: { app: "webservice" } } }] }] }],
        to6379(gitlab),
        false,
    ],
    [
        "bare podSelector peer admits same-namespace pod",
        [{ ...allowGitlab, ingress: [{ from: [{ podSelector: { matchLabels: { app: "debug" } } }] }] }],
        to6379(sameNs),
        true,
    ],
    ["empty from admits everyone", [{ ...allowGitlab, ingress: [{ ports: [{ port: 6379 }] }] }], to6379(harbor), true],
    [
        "empty namespaceSelector admits every namespace",
        [{ ...allowGitlab, ingress: [{ from: [{ namespaceSelector: {} }] }] }],
        to6379(harbor),
        true,
    ],
    [
        "namespace and pod selector in one peer are ANDed",
        [
            {
                ...allowGitlab,
                ingress: [
                    {
                        from: [
                            {
                                namespaceSelector: { matchLabels: { team: "gitlab" } },
                                podSelector: { matchLabels: { app: "other" } },
                            },
                        ],
                    },
                ],
            },
        ],
        to6379(gitlab),
        false,
    ],
    [
        "declared namespace labels are used",
        [{ ...allowGitlab, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "registry" } } }] }] }],
        to6379(harbor),
        true,
    ],
    [
        "named port resolves to the container port",
        [{ ...allowGitlab, ingress: [{ from: allowGitlab.ingress![0].from, ports: [{ port: "redis" }] }] }],
        to6379(gitlab),
        true,
    ],
    [
        "named port that the pod does not declare admits nothing",
        [{ ...allowGitlab, ingress: [{ from: allowGitlab.ingress![0].from, ports: [{ port: "http" }] }] }],
        to6379(gitlab),
        false,
    ],
    [
        "port range with endPort",
        [{ ...allowGitlab, ingress: [{ from: allowGitlab.ingress![0].from, ports: [{ port: 6000, endPort: 7000 }] }] }],
        to6379(gitlab),
        true,
    ],
    [
        "egress-only policy does not isolate ingress (kube-linter non-isolated-pod bug)",
        [{ name: "egress", namespace: "cache", podSelector: {}, policyTypes: ["Egress"], egress: [] }],
        to6379(harbor),
        true,
    ],
    [
        "policy in another namespace does not select the pod",
        [{ ...allowGitlab, namespace: "other" }],
        to6379(harbor),
        true,
    ],
    [
        "policy whose podSelector misses the pod does not isolate it",
        [{ ...allowGitlab, podSelector: { matchLabels: { "dragonflydb.io/role": "primary" } } }],
        to6379(harbor),
        true,
    ],
    [
        "empty podSelector `{}` selects every pod of the namespace (kube-score#293)",
        [{ ...allowGitlab, podSelector: {} }],
        to6379(harbor),
        false,
    ],
    [
        "ipBlock admits an address inside",
        [{ ...allowGitlab, ingress: [{ from: [{ ipBlock: { cidr: "10.25.0.0/16" } }] }] }],
        to6379({ ip: "10.25.11.5" }),
        true,
    ],
    [
        "ipBlock except excludes an address",
        [{ ...allowGitlab, ingress: [{ from: [{ ipBlock: { cidr: "10.25.0.0/16", except: ["10.25.11.0/24"] } }] }] }],
        to6379({ ip: "10.25.11.5" }),
        false,
    ],
    [
        "two policies are a union",
        [
            allowGitlab,
            {
                ...allowGitlab,
                name: "allow-harbor",
                ingress: [
                    { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "harbor" } } }] },
                ],
            },
        ],
        to6379(harbor),
        true,
    ],
    [
        "policyTypes unset with only ingress rules isolates ingress",
        [{ ...allowGitlab, policyTypes: undefined }],
        to6379(harbor),
        false,
    ],
];

describe("NetworkPolicy semantics", () => {
    for (const [name, policies, c, expected] of NETPOL_CASES) {
        it(`NetworkPolicy: ${name}`, () => {
            const index = new TrafficIndex();
            index.namespaces.add("gitlab-system", { team: "gitlab" });
            index.namespaces.add("harbor", { team: "registry" });
            policies.forEach((p) => index.addNetworkPolicy(p));
            assert.strictEqual(index.ingressAllowed(c), expected);
        });
    }

    it("egress: a default-deny egress policy blocks DNS until a rule allows UDP and TCP 53", () => {
        const dns: PodRef = { namespace: "kube-system", labels: { "k8s-app": "kube-dns" } };
        const deny: NetworkPolicyView = {
            name: "deny",
            namespace: "cache",
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [],
        };
        const allowDns: NetworkPolicyView = {
            ...deny,
            name: "dns",
            egress: [
                {
                    to: [{ namespaceSelector: {}, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
                    ports: [
                        { port: 53, protocol: "UDP" },
                        { port: 53, protocol: "TCP" },
                    ],
                },
            ],
        };
        assert.strictEqual(egressAllowed([deny], { from: cachePod, to: dns, port: 53, protocol: "UDP" }, ns), false);
        assert.strictEqual(
            egressAllowed([deny, allowDns], { from: cachePod, to: dns, port: 53, protocol: "UDP" }, ns),
            true,
        );
        assert.strictEqual(
            egressAllowed([deny, allowDns], { from: cachePod, to: dns, port: 53, protocol: "TCP" }, ns),
            true,
        );
    });
});

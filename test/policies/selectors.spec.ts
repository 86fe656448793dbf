// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { dragonflyPodLabels, podTemplatesOf } from "../../policies/lib/kube";
import { CiliumPolicyView } from "../../policies/lib/ciliumPolicy";
import { isEmptySelector, LabelSelector, NamespaceDirectory, selectorMatches } from "../../policies/lib/labelSelectors";
import {
    Connection,
    egressAllowed,
    isIngressIsolated,
    NetworkPolicyView,
    PodRef,
} from "../../policies/lib/networkPolicy";
import { TrafficIndex } from "../../policies/lib/podInventory";

const labels = { app: "cache", tier: "data", env: "prod" };

/** Label selector cases (peers' known bugs included: multi-key matchLabels is AND, `{}` selects all). */
const SELECTOR_CASES: [string, LabelSelector | null | undefined, boolean][] = [
    ["empty selector selects all", {}, true],
    ["missing selector selects nothing", undefined, false],
    ["null selector selects nothing", null, false],
    ["one matching label", { matchLabels: { app: "cache" } }, true],
    ["multi-key matchLabels is AND, all match", { matchLabels: { app: "cache", tier: "data" } }, true],
    ["multi-key matchLabels is AND, not OR (Polaris#999)", { matchLabels: { app: "cache", tier: "web" } }, false],
    ["label value differs", { matchLabels: { app: "web" } }, false],
    ["In with the value", { matchExpressions: [{ key: "env", operator: "In", values: ["prod", "staging"] }] }, true],
    ["In without the value", { matchExpressions: [{ key: "env", operator: "In", values: ["dev"] }] }, false],
    ["In on a missing key", { matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] }, false],
    ["NotIn with another value", { matchExpressions: [{ key: "env", operator: "NotIn", values: ["dev"] }] }, true],
    ["NotIn with the value", { matchExpressions: [{ key: "env", operator: "NotIn", values: ["prod"] }] }, false],
    ["NotIn on a missing key selects", { matchExpressions: [{ key: "zone", operator: "NotIn", values: ["a"] }] }, true],
    ["Exists", { matchExpressions: [{ key: "tier", operator: "Exists" }] }, true],
    ["Exists on a missing key", { matchExpressions: [{ key: "zone", operator: "Exists" }] }, false],
    ["DoesNotExist on a missing key", { matchExpressions: [{ key: "zone", operator: "DoesNotExist" }] }, true],
    ["DoesNotExist on a present key", { matchExpressions: [{ key: "app", operator: "DoesNotExist" }] }, false],
    [
        "matchLabels AND matchExpressions, both hold",
        { matchLabels: { app: "cache" }, matchExpressions: [{ key: "env", operator: "In", values: ["prod"] }] },
        true,
    ],
    [
        "matchLabels AND matchExpressions, expression fails",
        { matchLabels: { app: "cache" }, matchExpressions: [{ key: "env", operator: "In", values: ["dev"] }] },
        false,
    ],
    [
        "unknown operator selects nothing",
        { matchExpressions: [{ key: "app", operator: "Matches", values: ["c.*"] }] },
        false,
    ],
];

const ns = new NamespaceDirectory();
ns.add("gitlab-system", { team: "gitlab" });
ns.add("harbor", { team: "registry" });

const cachePod: PodRef = {
    namespace: "cache",
    labels: dragonflyPodLabels("dragonfly", "master"),
    ports: [
        { name: "redis", containerPort: 6379 },
        { name: "admin", containerPort: 9999 },
    ],
};
const gitlab: PodRef = { namespace: "gitlab-system", labels: { app: "webservice" } };
const harbor: PodRef = { namespace: "harbor", labels: { app: "core" } };
const sameNs: PodRef = { namespace: "cache", labels: { app: "debug" } };
const to6379 = (from: PodRef | { ip: string }): Connection => ({ from, to: cachePod, port: 6379 });

const allowGitlab: NetworkPolicyView = {
    name: "allow-gitlab",
    namespace: "cache",
    podSelector: { matchLabels: { app: "dragonfly" } },
    policyTypes: ["Ingress"],
    ingress: [
        {
            from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "gitlab-system" } } }],
            ports: [{ port: 6379 }],
        },
    ],
};

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

const cnp = (p: Partial<CiliumPolicyView>): CiliumPolicyView => ({
    name: "cnp",
    namespace: "cache",
    endpointSelector: { matchLabels: { app: "dragonfly" } },
    ...p,
});

/** Cilium cases: [name, policies, connection, allowed]. */
const CILIUM_CASES: [string, CiliumPolicyView[], Connection, boolean][] = [
    [
        "fromEndpoints with the namespace label admits that namespace",
        [
            cnp({
                ingress: [
                    {
                        fromEndpoints: [{ matchLabels: { "k8s:io.kubernetes.pod.namespace": "gitlab-system" } }],
                        toPorts: [{ ports: [{ port: "6379", protocol: "TCP" }] }],
                    },
                ],
            }),
        ],
        to6379(gitlab),
        true,
    ],
    [
        "fromEndpoints without a namespace label is scoped to the policy's namespace",
        [cnp({ ingress: [{ fromEndpoints: [{ matchLabels: { app: "webservice" } }] }] })],
        to6379(gitlab),
        false,
    ],
    [
        "fromEntities world admits an outside address",
        [cnp({ ingress: [{ fromEntities: ["world"] }] })],
        to6379({ ip: "203.0.113.7" }),
        true,
    ],
    [
        "toPorts on another port denies",
        [cnp({ ingress: [{ fromEndpoints: [{}], toPorts: [{ ports: [{ port: "9999" }] }] }] })],
        to6379(sameNs),
        false,
    ],
    [
        "ingressDeny wins over an allow",
        [
            cnp({
                ingress: [{ fromEntities: ["all"] }],
                ingressDeny: [{ fromEndpoints: [{ matchLabels: { "k8s:io.kubernetes.pod.namespace": "harbor" } }] }],
            }),
        ],
        to6379(harbor),
        false,
    ],
    [
        "endpointSelector on k8s:-prefixed labels selects",
        [
            cnp({
                endpointSelector: { matchLabels: { "k8s:app": "dragonfly" } },
                ingress: [{ fromEndpoints: [{ matchLabels: { "k8s:io.kubernetes.pod.namespace": "harbor" } }] }],
            }),
        ],
        to6379(gitlab),
        false,
    ],
    [
        "cluster-wide policy applies in every namespace",
        [
            {
                name: "ccnp",
                endpointSelector: { matchLabels: { "app.kubernetes.io/name": "dragonfly" } },
                ingress: [{ fromEndpoints: [{ matchLabels: { "k8s:io.kubernetes.pod.namespace": "gitlab-system" } }] }],
            },
        ],
        to6379(harbor),
        false,
    ],
];

describe("selector engine", () => {
    for (const [name, selector, expected] of SELECTOR_CASES) {
        it(`label selector: ${name}`, () => assert.strictEqual(selectorMatches(selector, labels), expected));
    }

    for (const [name, policies, c, expected] of NETPOL_CASES) {
        it(`NetworkPolicy: ${name}`, () => {
            const index = new TrafficIndex();
            index.namespaces.add("gitlab-system", { team: "gitlab" });
            index.namespaces.add("harbor", { team: "registry" });
            policies.forEach((p) => index.addNetworkPolicy(p));
            assert.strictEqual(index.ingressAllowed(c), expected);
        });
    }

    for (const [name, policies, c, expected] of CILIUM_CASES) {
        it(`CiliumNetworkPolicy: ${name}`, () => {
            const index = new TrafficIndex();
            index.namespaces.add("gitlab-system", { team: "gitlab" });
            policies.forEach((p) => index.addCiliumPolicy(p));
            assert.strictEqual(index.ingressAllowed(c), expected);
        });
    }

    it("NetworkPolicy and CiliumNetworkPolicy together are a union at an isolated pod", () => {
        const index = new TrafficIndex();
        index.addNetworkPolicy(allowGitlab);
        index.addCiliumPolicy(
            cnp({ ingress: [{ fromEndpoints: [{ matchLabels: { "k8s:io.kubernetes.pod.namespace": "harbor" } }] }] }),
        );
        assert.deepStrictEqual(
            [
                index.ingressAllowed(to6379(gitlab)),
                index.ingressAllowed(to6379(harbor)),
                index.ingressAllowed(to6379(sameNs)),
            ],
            [true, true, false],
        );
    });

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

    it("isolation and empty-selector helpers", () => {
        assert.strictEqual(isIngressIsolated([allowGitlab], cachePod), true);
        assert.strictEqual(isEmptySelector({}), true);
        assert.strictEqual(isEmptySelector({ matchLabels: { a: "b" } }), false);
    });

    it("pod templates: Dragonfly pods carry the operator's real labels, not dragonflydb.io/*", () => {
        const pods = podTemplatesOf(
            "kubernetes:dragonflydb.io/v1alpha1:Dragonfly",
            { metadata: { name: "dragonfly", namespace: "cache" }, spec: { image: "x:v1" } },
            "df",
        );
        assert.deepStrictEqual(
            pods.map((p) => p.labels),
            [
                {
                    app: "dragonfly",
                    "app.kubernetes.io/name": "dragonfly",
                    "app.kubernetes.io/part-of": "dragonfly",
                    role: "master",
                },
                {
                    app: "dragonfly",
                    "app.kubernetes.io/name": "dragonfly",
                    "app.kubernetes.io/part-of": "dragonfly",
                    role: "replica",
                },
            ],
        );
        assert.strictEqual(
            selectorMatches({ matchLabels: { "dragonflydb.io/instance": "dragonfly" } }, pods[0].labels),
            false,
        );
    });

    it("pod templates of every controller kind", () => {
        const template = { metadata: { labels: { app: "x" } }, spec: { containers: [{ name: "c" }] } };
        const kinds: [string, Record<string, unknown>][] = [
            ["kubernetes:apps/v1:Deployment", { spec: { template } }],
            ["kubernetes:apps/v1:StatefulSet", { spec: { template } }],
            ["kubernetes:apps/v1:DaemonSet", { spec: { template } }],
            ["kubernetes:batch/v1:Job", { spec: { template } }],
            ["kubernetes:batch/v1:CronJob", { spec: { jobTemplate: { spec: { template } } } }],
            ["kubernetes:core/v1:Pod", { metadata: { labels: { app: "x" } }, spec: template.spec }],
        ];
        for (const [type, props] of kinds) {
            const [view] = podTemplatesOf(type, props, "n");
            assert.deepStrictEqual(
                [view.labels, view.namespace, view.containers.length],
                [{ app: "x" }, "default", 1],
                type,
            );
        }
        assert.deepStrictEqual(podTemplatesOf("kubernetes:core/v1:Service", { spec: {} }, "s"), []);
    });
});

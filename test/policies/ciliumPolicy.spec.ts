// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { CiliumPolicyView } from "../../policies/lib/ciliumPolicy";
import { Connection } from "../../policies/lib/networkPolicy";
import { TrafficIndex } from "../../policies/lib/podInventory";
import { allowGitlab, cnp, gitlab, harbor, sameNs, to6379 } from "./trafficFixtures";

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

describe("CiliumNetworkPolicy semantics", () => {
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
});

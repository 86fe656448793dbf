// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { stackPolicy } from "../../../../policies/lib/rule";
import { dragonflyDnsEgress } from "../../../../policies/rules/dragonfly/dnsEgress";
import { describeCommon, stackViolationsOf } from "../../helpers";
import { changed, dragonflyStack, FixtureResource, without } from "./stack";

const policy = stackPolicy(dragonflyDnsEgress) as StackValidationPolicy;
const NP = "infra-dragonfly-networkPolicy";

describe("policy cluster-platform-dragonfly-dns-egress", () => {
    describeCommon(policy, {
        name: "cluster-platform-dragonfly-dns-egress",
        enforcementLevel: "advisory",
        severity: "medium",
        risks: ["DFLY-VR-09.3"],
    });

    it("#1 passes the component's objects", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, dragonflyStack()), []);
    });

    it("#2 passes pods whose egress nothing isolates", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, without(NP)), []);
    });

    const who = "Dragonfly dragonfly-system/dragonfly";
    const FIX = "allow k8s-app=kube-dns in kube-system by label on UDP and TCP 53";
    const cnp = (name: string, spec: Record<string, unknown>, kind = "CiliumNetworkPolicy") => ({
        type: `kubernetes:cilium.io/v2:${kind}`,
        name,
        props: {
            metadata: { name, ...(kind === "CiliumNetworkPolicy" ? { namespace: "dragonfly-system" } : {}) },
            spec,
        },
    });
    const endpointSelector = { matchLabels: { app: "dragonfly" } };
    const kubeDnsService = {
        type: "kubernetes:core/v1:Service",
        name: "kube-dns",
        props: { metadata: { name: "kube-dns", namespace: "kube-system" }, spec: { clusterIP: "10.96.0.10" } },
    };
    const dnsPorts = [{ ports: [{ port: "53", protocol: "ANY" }], rules: { dns: [{ matchPattern: "*" }] } }];

    it("#4 passes a CiliumNetworkPolicy whose egress reaches kube-dns by label (the Cilium DNS-proxy pattern)", async () => {
        const list = without(NP);
        list.push(
            cnp("df-egress", {
                endpointSelector,
                egress: [
                    {
                        toEndpoints: [
                            {
                                matchLabels: {
                                    "k8s:io.kubernetes.pod.namespace": "kube-system",
                                    "k8s:k8s-app": "kube-dns",
                                },
                            },
                        ],
                        toPorts: dnsPorts,
                    },
                ],
            }),
        );
        assert.deepStrictEqual(await stackViolationsOf(policy, list), []);
    });

    it("#5 reports a CiliumNetworkPolicy egress section without DNS, UDP and TCP in one finding", async () => {
        const list = without(NP);
        list.push(
            cnp("df-egress", {
                endpointSelector,
                egress: [{ toEntities: ["world"], toPorts: [{ ports: [{ port: "443" }] }] }],
            }),
        );
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            `[infra-dragonfly-dragonfly] [DFLY-VR-09.3 · score 4] egress of ${who} is isolated but does not allow UDP and TCP 53 to kube-dns in kube-system; add an egress rule to k8s-app=kube-dns on UDP and TCP 53.`,
        ]);
    });

    it("#6 reports toEndpoints without the namespace label: a namespaced policy scopes it to its own namespace", async () => {
        const list = without(NP);
        list.push(
            cnp("df-egress", {
                endpointSelector,
                egress: [{ toEndpoints: [{ matchLabels: { "k8s-app": "kube-dns" } }], toPorts: dnsPorts }],
            }),
        );
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            `[infra-dragonfly-dragonfly] [DFLY-VR-09.3 · score 4] egress of ${who} is isolated but does not allow UDP and TCP 53 to kube-dns in kube-system; add an egress rule to k8s-app=kube-dns on UDP and TCP 53.`,
        ]);
    });

    it("#7 reports a toCIDR of the kube-dns Service ClusterIP as DNS blocked (Cilium translates the service first)", async () => {
        const list = without(NP);
        list.push(
            kubeDnsService,
            cnp("df-egress", { endpointSelector, egress: [{ toCIDR: ["10.96.0.10/32"], toPorts: dnsPorts }] }),
        );
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            `[infra-dragonfly-dragonfly] [DFLY-VR-09.3 · score 4] egress of ${who} allows UDP and TCP 53 only to 10.96.0.10/32 (CiliumNetworkPolicy dragonfly-system/df-egress egress[0].toCIDR[0]), the ClusterIP of Service kube-system/kube-dns; Cilium applies policy after service translation, so only the kube-dns pods count and DNS is blocked: ${FIX}.`,
        ]);
    });

    it("#8 reports a NetworkPolicy ipBlock of the ClusterIP the same way, and an address without a declared Service", async () => {
        const ipBlockOnly = (n: (name: string) => FixtureResource) =>
            (n(NP).props.spec.egress = [
                {
                    to: [{ ipBlock: { cidr: "10.96.0.10/32" } }],
                    ports: [
                        { port: 53, protocol: "UDP" },
                        { port: 53, protocol: "TCP" },
                    ],
                },
            ]);
        const withService = changed(ipBlockOnly);
        withService.push(kubeDnsService);
        assert.deepStrictEqual(await stackViolationsOf(policy, withService), [
            `[infra-dragonfly-dragonfly] [DFLY-VR-09.3 · score 4] egress of ${who} allows UDP and TCP 53 only to 10.96.0.10/32 (NetworkPolicy dragonfly-system/dragonfly-clients egress[0].to[0].ipBlock), the ClusterIP of Service kube-system/kube-dns; Cilium applies policy after service translation, so only the kube-dns pods count and DNS is blocked: ${FIX}.`,
        ]);
        assert.deepStrictEqual(await stackViolationsOf(policy, changed(ipBlockOnly)), [
            `[infra-dragonfly-dragonfly] [DFLY-VR-09.3 · score 4] egress of ${who} allows UDP and TCP 53 only to 10.96.0.10/32 (NetworkPolicy dragonfly-system/dragonfly-clients egress[0].to[0].ipBlock), addresses rather than the kube-dns pods; a Service ClusterIP there admits nothing, since Cilium applies policy after service translation: ${FIX}.`,
        ]);
    });

    it("#9 passes a clusterwide policy allowing the cluster entity, and reports an egressDeny of kube-dns", async () => {
        const list = without(NP);
        list.push(
            cnp("ccnp", { endpointSelector, egress: [{ toEntities: ["cluster"] }] }, "CiliumClusterwideNetworkPolicy"),
        );
        assert.deepStrictEqual(await stackViolationsOf(policy, list), []);
        list.push(
            cnp("deny-dns", {
                endpointSelector,
                egressDeny: [
                    {
                        toEndpoints: [{ matchLabels: { "k8s:io.kubernetes.pod.namespace": "kube-system" } }],
                        toPorts: [{ ports: [{ port: "53", protocol: "UDP" }] }],
                    },
                ],
            }),
        );
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            `[infra-dragonfly-dragonfly] [DFLY-VR-09.3 · score 4] egress of ${who} is isolated but does not allow UDP 53 to kube-dns in kube-system; add an egress rule to k8s-app=kube-dns on UDP and TCP 53.`,
        ]);
    });

    it("#3 reports isolated egress without TCP DNS", async () => {
        const list = changed((n) => (n(NP).props.spec.egress[0].ports = [{ port: 53, protocol: "UDP" }]));
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            "[infra-dragonfly-dragonfly] [DFLY-VR-09.3 · score 4] egress of Dragonfly dragonfly-system/dragonfly is isolated but does not allow TCP 53 to kube-dns in kube-system; add an egress rule to k8s-app=kube-dns on UDP and TCP 53.",
        ]);
    });

    it("#10 passes a NetworkPolicy with `egress: []` and no policyTypes: the API defaults it to Ingress only", async () => {
        const list = changed((n) => {
            const spec = n(NP).props.spec;
            delete spec.policyTypes;
            spec.egress = [];
        });
        assert.deepStrictEqual(await stackViolationsOf(policy, list), []);
    });

    it("#11 reports `egress: []` once policyTypes declares Egress (deny all egress), and an empty policyTypes defaults like an absent one", async () => {
        const denyAll = `[infra-dragonfly-dragonfly] [DFLY-VR-09.3 · score 4] egress of ${who} is isolated but does not allow UDP and TCP 53 to kube-dns in kube-system; add an egress rule to k8s-app=kube-dns on UDP and TCP 53.`;
        const declared = changed((n) => {
            const spec = n(NP).props.spec;
            spec.policyTypes = ["Egress"];
            spec.egress = [];
        });
        assert.deepStrictEqual(await stackViolationsOf(policy, declared), [denyAll]);
        const emptyTypes = changed((n) => {
            const spec = n(NP).props.spec;
            spec.policyTypes = [];
            spec.egress = [];
        });
        assert.deepStrictEqual(await stackViolationsOf(policy, emptyTypes), []);
    });
});

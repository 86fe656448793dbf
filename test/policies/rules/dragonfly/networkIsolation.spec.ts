// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { stackPolicy } from "../../../../policies/lib/rule";
import { dragonflyNetworkIsolation } from "../../../../policies/rules/dragonfly/networkIsolation";
import { describeCommon, stackViolationsOf } from "../../helpers";
import { CR, changed, dragonflyStack, without } from "./stack";

const policy = stackPolicy(dragonflyNetworkIsolation) as StackValidationPolicy;
const NP = "infra-dragonfly-networkPolicy";
const DF = "infra-dragonfly-dragonfly";
const FIX =
    "admit only the client namespaces by kubernetes.io/metadata.name (the admin port only the monitoring namespace and the operator), ipBlocks only inside the pod CIDR, and no Cilium entity cluster, world, all, host or remote-node.";

describe("policy cluster-platform-dragonfly-network-isolation", () => {
    describeCommon(policy, {
        name: "cluster-platform-dragonfly-network-isolation",
        enforcementLevel: "mandatory",
        severity: "high",
        risks: ["DFLY-SEC-001", "DFLY-VR-09.1", "DFLY-VR-09.2", "DFLY-CP-B1"],
    });

    it("#1 passes the component's objects", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, dragonflyStack()), []);
    });

    it("#2 relies on the operator's own NetworkPolicy when the stack declares none (stock upstream CR)", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, without(NP)), []);
    });

    it("#3 reports pods no policy selects once the operator's NetworkPolicy is switched off", async () => {
        const list = without(NP);
        list.find((r) => r.name === DF)!.props.spec.networkPolicyEnabled = false;
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            "[infra-dragonfly-dragonfly] [DFLY-SEC-001 · score 6] no NetworkPolicy, CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy selects the master and replica pods of Dragonfly dragonfly-system/dragonfly (labels app=dragonfly, app.kubernetes.io/name=dragonfly, role=master|replica) and spec.networkPolicyEnabled is false, so dragonfly-operator creates none; every port of them admits every source. Remove networkPolicyEnabled: false or add a policy whose podSelector matches app=dragonfly for every role.",
        ]);
    });

    it("#4 reports the replicas a policy selecting role=master leaves open", async () => {
        const list = changed((n) => {
            n(DF).props.spec.networkPolicyEnabled = false;
            n(NP).props.spec.podSelector = { matchLabels: { app: "dragonfly", role: "master" } };
        });
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            "[infra-dragonfly-dragonfly] [DFLY-SEC-001 · score 6] no NetworkPolicy, CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy selects the replica pods of Dragonfly dragonfly-system/dragonfly (labels app=dragonfly, app.kubernetes.io/name=dragonfly, role=replica) and spec.networkPolicyEnabled is false, so dragonfly-operator creates none; every port of them admits every source. Remove networkPolicyEnabled: false or add a policy whose podSelector matches app=dragonfly for every role.",
        ]);
    });

    it("#5 reports a policy whose selector uses labels the operator does not set, once the operator's is off", async () => {
        const list = changed((n) => {
            n(DF).props.spec.networkPolicyEnabled = false;
            n(NP).props.spec.podSelector = { matchLabels: { "dragonflydb.io/instance": "dragonfly" } };
        });
        assert.strictEqual((await stackViolationsOf(policy, list))[0].split("] ")[1], "[DFLY-SEC-001 · score 6");
    });

    it("#6 reports a 6379 rule with an empty from (admits everyone), naming roles, port and rule", async () => {
        const list = changed((n) => delete n(NP).props.spec.ingress[0].from);
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            `[infra-dragonfly-dragonfly] [DFLY-VR-09.1 · score 6] Dragonfly dragonfly-system/dragonfly: roles master, replica, port 6379/TCP (redis) admits every source (an ingress rule with no from) via NetworkPolicy dragonfly-system/dragonfly-clients ingress[0]; ${FIX}`,
        ]);
    });

    it("#6b reports another served port (memcached) open beyond B.1's default-deny under DFLY-CP-B1", async () => {
        const list = changed((n) => {
            n(DF).props.spec.memcachedPort = 11211;
            n(NP).props.spec.ingress.push({
                ports: [{ protocol: "TCP", port: 11211 }],
                from: [{ namespaceSelector: {} }],
            });
        });
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            `[infra-dragonfly-dragonfly] [DFLY-CP-B1 · score 6] Dragonfly dragonfly-system/dragonfly: roles master, replica, port 11211/TCP (memcached) admits pods of any namespace (namespaceSelector {}; a podSelector does not narrow it, since any tenant can label its own pods) via NetworkPolicy dragonfly-system/dragonfly-clients ingress[2].from[0]; ${FIX}`,
        ]);
    });

    it("#7 reports the admin port open to the world through an ipBlock beyond the pod CIDR", async () => {
        const list = changed((n) => n(NP).props.spec.ingress[1].from.push({ ipBlock: { cidr: "0.0.0.0/0" } }));
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            `[infra-dragonfly-dragonfly] [DFLY-VR-09.2 · score 6] Dragonfly dragonfly-system/dragonfly: roles master, replica, port 9999/TCP (admin) admits ipBlock 0.0.0.0/0 (covers 0.0.0.0, outside the pod CIDR 10.244.0.0/16) via NetworkPolicy dragonfly-system/dragonfly-clients ingress[1].from[3]; ${FIX}`,
        ]);
    });

    it("#8 reports namespaceSelector {} with a podSelector any tenant can satisfy", async () => {
        const list = changed((n) =>
            n(NP).props.spec.ingress[0].from.push({
                namespaceSelector: {},
                podSelector: { matchLabels: { app: "client" } },
            }),
        );
        const out = await stackViolationsOf(policy, list);
        assert.deepStrictEqual(out, [
            "[infra-dragonfly-dragonfly] [DFLY-VR-09.1 · score 6] Dragonfly dragonfly-system/dragonfly: roles master, replica, port 6379/TCP (redis) admits pods of any namespace (namespaceSelector {}; a podSelector does not narrow it, since any tenant can label its own pods) via NetworkPolicy dragonfly-system/dragonfly-clients ingress[0].from[4]; admit only the client namespaces by kubernetes.io/metadata.name (the admin port only the monitoring namespace and the operator), ipBlocks only inside the pod CIDR, and no Cilium entity cluster, world, all, host or remote-node.",
        ]);
    });

    it("#9 reports a CiliumClusterwideNetworkPolicy admitting the entity cluster on the admin port", async () => {
        const list = dragonflyStack();
        list.push({
            type: "kubernetes:cilium.io/v2:CiliumClusterwideNetworkPolicy",
            name: "ccnp",
            props: {
                metadata: { name: "ccnp" },
                spec: {
                    endpointSelector: { matchLabels: { "k8s:app": "dragonfly" } },
                    ingress: [{ fromEntities: ["cluster"], toPorts: [{ ports: [{ port: "admin" }] }] }],
                },
            },
        });
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            `[infra-dragonfly-dragonfly] [DFLY-VR-09.2 · score 6] Dragonfly dragonfly-system/dragonfly: roles master, replica, port 9999/TCP (admin) admits Cilium entity cluster via CiliumClusterwideNetworkPolicy ccnp ingress[0].fromEntities[0]; ${FIX}`,
        ]);
    });

    it("#10 leaves DNS egress to its own rule (cluster-platform-dragonfly-dns-egress)", async () => {
        const list = changed((n) => (n(NP).props.spec.egress[0].ports = [{ port: 53, protocol: "UDP" }]));
        assert.deepStrictEqual(await stackViolationsOf(policy, list), []);
    });

    it("#11 accepts a CiliumNetworkPolicy in place of the NetworkPolicy", async () => {
        const list = without(NP);
        list.push({
            type: "kubernetes:cilium.io/v2:CiliumNetworkPolicy",
            name: "cnp",
            props: {
                metadata: { name: "cnp", namespace: "dragonfly-system" },
                spec: {
                    endpointSelector: { matchLabels: { app: "dragonfly" } },
                    ingress: [
                        {
                            fromEndpoints: [{ matchLabels: { "k8s:io.kubernetes.pod.namespace": "gitlab-system" } }],
                            toPorts: [{ ports: [{ port: "6379", protocol: "TCP" }] }],
                        },
                    ],
                },
            },
        });
        assert.deepStrictEqual(await stackViolationsOf(policy, list), []);
    });

    it("with the operator's objects observed (npm run audit) and its NetworkPolicy not on the cluster, names it missing", async () => {
        const list = without(NP);
        list.find((r) => r.name === CR)!.props.metadata.annotations = {
            "cluster-platform.io/operator-objects": "observed",
        };
        const found = await stackViolationsOf(policy, list);
        assert.deepStrictEqual(found, [
            "[infra-dragonfly-dragonfly] [DFLY-SEC-001 · score 6] no NetworkPolicy, CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy selects the master and replica pods of Dragonfly dragonfly-system/dragonfly (labels app=dragonfly, app.kubernetes.io/name=dragonfly, role=master|replica) and the NetworkPolicy dragonfly-system/dragonfly dragonfly-operator makes for it is missing on the cluster; every port of them admits every source. Remove networkPolicyEnabled: false or add a policy whose podSelector matches app=dragonfly for every role.",
        ]);
        // Without the annotation the operator's modelled policy isolates the pods.
        assert.deepStrictEqual(
            await stackViolationsOf(policy, without(NP)).then((v) => v.filter((m) => m.includes("DFLY-SEC-001"))),
            [],
        );
    });
});

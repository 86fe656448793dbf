// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { stackPolicy } from "../../../../policies/lib/rule";
import { dragonflyNetworkIsolation } from "../../../../policies/rules/dragonfly/networkIsolation";
import { describeCommon, stackViolationsOf } from "../../helpers";
import { changed, dragonflyStack, without } from "./stack";

const policy = stackPolicy(dragonflyNetworkIsolation) as StackValidationPolicy;
const NP = "infra-dragonfly-networkPolicy";

describe("policy cluster-platform-dragonfly-network-isolation", () => {
    describeCommon(policy, {
        name: "cluster-platform-dragonfly-network-isolation",
        enforcementLevel: "mandatory",
        severity: "high",
        risks: ["DFLY-SEC-001", "DFLY-VR-09.1", "DFLY-VR-09.2", "DFLY-VR-09.3"],
    });

    it("#1 passes the component's objects", () => {
        assert.deepStrictEqual(stackViolationsOf(policy, dragonflyStack()), []);
    });

    it("#2 reports pods no policy selects", () => {
        assert.deepStrictEqual(stackViolationsOf(policy, without(NP)), [
            "[infra-dragonfly-dragonfly] [DFLY-SEC-001 · score 6] no NetworkPolicy or CiliumNetworkPolicy in namespace dragonfly-system selects the pods of Dragonfly dragonfly-system/dragonfly (labels app=dragonfly, app.kubernetes.io/name=dragonfly); add one whose podSelector matches app=dragonfly with policyTypes [Ingress, Egress].",
        ]);
    });

    it("#3 reports a policy whose selector uses labels the operator does not set", () => {
        const list = changed(
            (n) => (n(NP).props.spec.podSelector = { matchLabels: { "dragonflydb.io/instance": "dragonfly" } }),
        );
        assert.strictEqual(stackViolationsOf(policy, list)[0].split("] ")[1], "[DFLY-SEC-001 · score 6");
    });

    it("#4 reports a 6379 rule with an empty from (admits everyone)", () => {
        const list = changed((n) => delete n(NP).props.spec.ingress[0].from);
        assert.deepStrictEqual(stackViolationsOf(policy, list), [
            "[infra-dragonfly-dragonfly] [DFLY-VR-09.1 · score 6] port 6379 of Dragonfly dragonfly-system/dragonfly admits pods from any namespace (an ingress rule has an empty from, an empty namespaceSelector or a wildcard entity); name each allowed namespace with namespaceSelector.matchLabels kubernetes.io/metadata.name.",
        ]);
    });

    it("#5 reports the admin port open to the world", () => {
        const list = changed((n) => n(NP).props.spec.ingress[1].from.push({ ipBlock: { cidr: "0.0.0.0/0" } }));
        assert.deepStrictEqual(stackViolationsOf(policy, list), [
            "[infra-dragonfly-dragonfly] [DFLY-VR-09.2 · score 6] port 9999 of Dragonfly dragonfly-system/dragonfly admits addresses outside the cluster (an ipBlock or fromEntities world/all covers 203.0.113.10); remove that peer.",
        ]);
    });

    it("#6 reports isolated egress without TCP DNS", () => {
        const list = changed((n) => (n(NP).props.spec.egress[0].ports = [{ port: 53, protocol: "UDP" }]));
        assert.deepStrictEqual(stackViolationsOf(policy, list), [
            "[infra-dragonfly-dragonfly] [DFLY-VR-09.3 · score 6] egress of Dragonfly dragonfly-system/dragonfly is isolated but does not allow TCP 53 to kube-dns in kube-system; add an egress rule to k8s-app=kube-dns on UDP and TCP 53.",
        ]);
    });

    it("#7 accepts a CiliumNetworkPolicy in place of the NetworkPolicy", () => {
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
        assert.deepStrictEqual(stackViolationsOf(policy, list), []);
    });
});

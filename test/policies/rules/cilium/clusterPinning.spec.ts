// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { stackPolicy } from "../../../../policies/lib/rule";
import { ciliumClusterPinning } from "../../../../policies/rules/cilium/clusterPinning";
import { describeCommon, stackViolationsOf } from "../../helpers";
import { ciliumStack } from "./release";

const find = (list: ReturnType<typeof ciliumStack>, n: string) => list.find((r) => r.name === n)!;

describe("policy cluster-platform-cilium-cluster-pinning", () => {
    const policy = stackPolicy(ciliumClusterPinning) as StackValidationPolicy;
    describeCommon(policy, {
        name: "cluster-platform-cilium-cluster-pinning",
        enforcementLevel: "mandatory",
        severity: "high",
        risks: ["CIL-TECH-002"],
    });
    it("#1 passes resources pinned to the cluster the values name", async () =>
        assert.deepStrictEqual(await stackViolationsOf(policy, ciliumStack()), []));
    it("#2 reports a provider pinned to another cluster's context", async () => {
        const list = ciliumStack();
        find(list, "infra-dragonfly-dashboard").provider = {
            name: "wrong-k8s",
            props: { context: "apps", clusterIdentifier: "apps" },
        };
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            '[infra-dragonfly-dashboard] [CIL-TECH-002 · score 6] kubernetes:core/v1:ConfigMap infra-dragonfly-dashboard goes through provider wrong-k8s, which connects with context "apps" (clusterIdentifier "apps") while this stack\'s Cilium values name cluster "infra"; pin the provider to that cluster\'s context.',
        ]);
    });
    it("#4 a right clusterIdentifier does not mask a wrong context", async () => {
        const list = ciliumStack();
        find(list, "infra-dragonfly-dashboard").provider = {
            name: "masked-k8s",
            props: { context: "apps", clusterIdentifier: "infra" },
        };
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            '[infra-dragonfly-dashboard] [CIL-TECH-002 · score 6] kubernetes:core/v1:ConfigMap infra-dragonfly-dashboard goes through provider masked-k8s, which connects with context "apps" (clusterIdentifier "infra") while this stack\'s Cilium values name cluster "infra"; pin the provider to that cluster\'s context.',
        ]);
    });
    it("#5 reports a provider without a context, and reads an inline kubeconfig's current-context", async () => {
        const list = ciliumStack();
        find(list, "infra-dragonfly-dashboard").provider = {
            name: "ambient-k8s",
            props: { clusterIdentifier: "infra" },
        };
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            '[infra-dragonfly-dashboard] [CIL-TECH-002 · score 6] kubernetes:core/v1:ConfigMap infra-dragonfly-dashboard goes through provider ambient-k8s, which sets no context (clusterIdentifier "infra" only names the cluster for Pulumi), so it connects with whatever kube context is current; set context to "infra".',
        ]);
        find(list, "infra-dragonfly-dashboard").provider = {
            name: "file-k8s",
            props: { kubeconfig: "apiVersion: v1\nkind: Config\ncurrent-context: infra\n" },
        };
        assert.deepStrictEqual(await stackViolationsOf(policy, list), []);
    });
    it("#3 reports a resource on the default provider", async () => {
        const list = ciliumStack();
        delete find(list, "infra-dragonfly-namespace").provider;
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            "[infra-dragonfly-namespace] [CIL-TECH-002 · score 6] kubernetes:core/v1:Namespace infra-dragonfly-namespace has no explicit provider and would use the default one, i.e. whatever kube context is current; pass the stack's provider.",
        ]);
    });
    it("#6 one wrong provider behind many resources is one finding, naming the count and the first three", async () => {
        const list = ciliumStack();
        const wrong = {
            name: "wrong-k8s",
            urn: "urn:pulumi:infra::p::pulumi:providers:kubernetes::wrong-k8s",
            props: { context: "apps" },
        };
        const onIt = list.filter((r) => r.type.startsWith("kubernetes:"));
        onIt.forEach((r) => (r.provider = wrong));
        const found = await stackViolationsOf(policy, list);
        // The engine hands resources over in completion order: the finding must not depend on it.
        assert.deepStrictEqual(await stackViolationsOf(policy, [...list].reverse()), found);
        assert.strictEqual(onIt.length, 7);
        assert.deepStrictEqual(found, [
            `[infra-cilium-bgpAdvertisement] [CIL-TECH-002 · score 6] 7 Kubernetes resources (kubernetes:cilium.io/v2:CiliumBGPAdvertisement infra-cilium-bgpAdvertisement, kubernetes:cilium.io/v2:CiliumBGPClusterConfig infra-cilium-bgpClusterConfig, kubernetes:cilium.io/v2:CiliumBGPPeerConfig infra-cilium-bgpPeerConfig, and 4 more) go through provider wrong-k8s, which connects with context "apps" while this stack's Cilium values name cluster "infra"; pin the provider to that cluster's context.`,
        ]);
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ciliumValues } from "../../components";
import { RecordedResource } from "../support/runtime";
import { buildStackUnderMocks, realStackConfig } from "../support/stacks";

const PROVIDER_TYPE = "pulumi:providers:kubernetes";

for (const stack of ["infra", "apps"]) {
    describe(`platform of the ${stack} stack under mocks`, () => {
        let resources: RecordedResource[];
        const config = realStackConfig(stack);

        before(async () => {
            resources = (await buildStackUnderMocks(config)).recorder.resources;
        });

        it("registers the provider, the Cilium component and its children", () => {
            // provider + component + release + 3 BGP objects + one LB pool
            assert.deepStrictEqual(
                resources.map((r) => `${r.type} ${r.name}`).sort(),
                [
                    `cluster-platform:cilium:Core ${stack}-cilium`,
                    `kubernetes:cilium.io/v2:CiliumBGPAdvertisement ${stack}-cilium-bgpAdvertisement`,
                    `kubernetes:cilium.io/v2:CiliumBGPClusterConfig ${stack}-cilium-bgpClusterConfig`,
                    `kubernetes:cilium.io/v2:CiliumBGPPeerConfig ${stack}-cilium-bgpPeerConfig`,
                    `kubernetes:cilium.io/v2alpha1:CiliumLoadBalancerIPPool ${stack}-cilium-lbPool-${stack}-pool`,
                    `kubernetes:helm.sh/v3:Release ${stack}-cilium-release`,
                    `${PROVIDER_TYPE} ${stack}-k8s`,
                ],
            );
        });

        it("pins the provider to the stack's context and cluster identifier", () => {
            const provider = resources.find((r) => r.type === PROVIDER_TYPE)!;
            assert.strictEqual(provider.inputs.context, stack);
            assert.strictEqual(provider.inputs.clusterIdentifier, stack);
            assert.strictEqual(provider.inputs.enableServerSideApply, "true");
        });

        it("sends every kubernetes resource through the stack's provider", () => {
            const provider = resources.find((r) => r.type === PROVIDER_TYPE)!;
            const k8sResources = resources.filter((r) => r.type.startsWith("kubernetes:"));
            assert.strictEqual(k8sResources.length, 5);
            for (const r of k8sResources) {
                // In preview the new provider's ID is not known yet, so the reference ends in the unknown sentinel.
                assert.strictEqual(r.provider, `${provider.urn}::04da6b54-80e4-46f7-96ec-b56ff0331ba9`, `${r.name} uses ${r.provider || "the default provider"}`);
            }
        });

        it("parents every child on its component and gives every resource a unique URN", () => {
            const component = resources.find((r) => r.type === "cluster-platform:cilium:Core")!;
            for (const r of resources.filter((x) => x.type.startsWith("kubernetes:"))) {
                assert.strictEqual(r.parent, component.urn, r.name);
            }
            assert.strictEqual(new Set(resources.map((r) => r.urn)).size, resources.length);
        });

        it("declares the Cilium release protected, retained, atomic and adopted", () => {
            const release = resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release")!;
            assert.deepStrictEqual(
                { protect: release.options.protect, retainOnDelete: release.options.retainOnDelete, import: release.options.import },
                { protect: true, retainOnDelete: true, import: "kube-system/cilium" },
            );
            assert.strictEqual(release.inputs.name, "cilium");
            assert.strictEqual(release.inputs.namespace, "kube-system");
            assert.strictEqual(release.inputs.version, "1.18.3");
            assert.strictEqual(release.inputs.atomic, true);
            assert.strictEqual(release.inputs.timeout, 900);
            assert.deepStrictEqual(release.inputs.values, ciliumValues(config));
        });

        it("makes the BGP and LB-IPAM objects wait for the release", () => {
            const release = resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release")!;
            for (const r of resources.filter((x) => x.type.startsWith("kubernetes:cilium.io"))) {
                assert.ok(r.dependencies.includes(release.urn), `${r.name} does not depend on the release`);
            }
        });
    });
}

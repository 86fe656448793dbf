// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Mutation tests: weaken one Cilium mitigation of the real infra stack at a time and judge it with
// the in-process engine (the differential suite replays each through the pack server); cross-stack
// mutations go through the config layer, which owns them.
import * as assert from "assert";
import { ciliumDrift, ciliumValues } from "../../components/cilium";
import { RecordedResource } from "../../engine/recording/program";
import { describeMutations, MutationCase, mutateResource } from "../support/mutate";
import { realStackConfig, STACKS } from "../support/stacks";

const REL = "infra-cilium-release";

const CASES: MutationCase[] = [
    {
        name: "provider pinned to the wrong context",
        mutate: (real) =>
            mutateResource(real, "infra-k8s", (p) => {
                p.context = "apps";
                p.clusterIdentifier = "apps";
            }),
        risk: "CIL-TECH-002",
        enforcement: "mandatory",
    },
    {
        name: "encryption off",
        mutate: (real) => mutateResource(real, REL, (p) => (p.values.encryption.enabled = false)),
        risk: "CIL-SEC-001",
        enforcement: "advisory",
        also: { "DFLY-SEC-002": "advisory" },
    },
    {
        name: "protect missing",
        mutate: (real) => {
            const copy = JSON.parse(JSON.stringify(real)) as RecordedResource[];
            copy.find((r) => r.name === REL)!.options.protect = false;
            return copy;
        },
        risk: "CIL-OPS-001",
        enforcement: "mandatory",
    },
    {
        name: "BGP auth missing",
        mutate: (real) => mutateResource(real, "infra-cilium-bgpPeerConfig", (p) => delete p.spec.authSecretRef),
        risk: "CIL-SEC-004",
        enforcement: "advisory",
    },
    {
        name: "ClusterMesh IP outside the pool",
        mutate: (real) =>
            mutateResource(
                real,
                REL,
                (p) => (p.values.clustermesh.apiserver.service.annotations["io.cilium/lb-ipam-ips"] = "10.25.11.130"),
            ),
        risk: "CIL-TECH-011",
        enforcement: "advisory",
    },
    {
        name: "release renamed (reinstall instead of adoption)",
        mutate: (real) => mutateResource(real, REL, (p) => (p.name = "cilium-core")),
        risk: "CIL-TECH-001",
        enforcement: "mandatory",
        // The bootstrap release then stays behind beside the new one (its own register entry).
        also: { "CIL-OPS-003": "advisory" },
    },
    {
        name: "unresolved substitution",
        mutate: (real) => mutateResource(real, REL, (p) => (p.values.cluster.name = "${CLUSTER}")),
        risk: "CIL-TECH-003",
        enforcement: "advisory",
        // A placeholder cluster name also breaks the provider pinning check (score 6): both fire.
        also: { "CIL-TECH-002": "mandatory" },
    },
];

describeMutations("Cilium mutations through the offline engine (infra stack)", "infra", 24, CASES, () => {
    it("catches a non-cluster-specific value changed on one stack only (CIL-TECH-007, cross-stack)", () => {
        const stacks = [realStackConfig("infra"), realStackConfig("apps")];
        assert.deepStrictEqual(ciliumDrift(stacks), []);
        const drifted = ciliumDrift(stacks, (c) =>
            c.cluster.name === "apps" ? { ...ciliumValues(c), kubeProxyReplacement: false } : ciliumValues(c),
        );
        assert.deepStrictEqual(drifted, [{ path: "kubeProxyReplacement", values: { infra: true, apps: false } }]);
    });

    it("lets only the cluster-specific keys differ between the real stacks", () => {
        const [infra, apps] = [ciliumValues(realStackConfig("infra")), ciliumValues(realStackConfig("apps"))];
        assert.notDeepStrictEqual(infra, apps);
        assert.deepStrictEqual(ciliumDrift(STACKS.map(realStackConfig)), []);
    });
});

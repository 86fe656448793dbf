// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Cross-stack rules: what two clusters must never share (ids, contexts, CIDRs, pools, ASNs) or must share
// (the Cilium version). Each case edits one real stack file and expects exactly these messages.
import { EditCase, itReportsEach, set } from "./stackFiles";

const cases: EditCase[] = [
    {
        name: "duplicate cluster id across stacks",
        stack: "apps",
        edit: set(["cluster-platform:cluster", "id"], 1),
        expect: [
            "Pulumi.infra.yaml:9: cluster-platform:cluster.id: 1 is also the cluster id in Pulumi.apps.yaml cluster-platform:cluster.id; ClusterMesh needs unique ids",
        ],
    },
    {
        name: "same kube context on two stacks",
        stack: "apps",
        edit: set(["cluster-platform:kubernetes", "context"], "infra"),
        expect: [
            'Pulumi.infra.yaml:11: cluster-platform:kubernetes.context: "infra" is also the context of Pulumi.apps.yaml cluster-platform:kubernetes.context; two stacks would deploy to one cluster',
        ],
    },
    {
        name: "pod CIDRs overlap across stacks",
        stack: "apps",
        edit: set(["cluster-platform:network", "podCidr"], "10.244.0.0/15"),
        expect: [
            "Pulumi.infra.yaml:16: cluster-platform:network.podCidr: 10.244.0.0/16 overlaps Pulumi.apps.yaml cluster-platform:network.podCidr (10.244.0.0/15)",
            "Pulumi.infra.yaml:17: cluster-platform:network.serviceCidr: 10.245.0.0/16 overlaps Pulumi.apps.yaml cluster-platform:network.podCidr (10.244.0.0/15)",
        ],
    },
    {
        name: "LB pools overlap across stacks",
        stack: "apps",
        edit: set(["cluster-platform:network", "loadBalancerPools", 0, "start"], "10.25.11.119"),
        expect: [
            "Pulumi.infra.yaml:19: cluster-platform:network.loadBalancerPools[0]: 10.25.11.100-10.25.11.119 overlaps Pulumi.apps.yaml cluster-platform:network.loadBalancerPools[0] (10.25.11.119-10.25.11.139)",
        ],
    },
    {
        name: "local ASN clash across stacks",
        stack: "apps",
        edit: set(["cluster-platform:bgp", "localAsn"], 64512),
        expect: [
            "Pulumi.infra.yaml:32: cluster-platform:bgp.localAsn: 64512 is also the local ASN of Pulumi.apps.yaml cluster-platform:bgp.localAsn",
        ],
    },
    {
        name: "peer ASN equal to another cluster's local ASN",
        stack: "apps",
        edit: set(["cluster-platform:bgp", "peerAsn"], 64512),
        expect: [
            "Pulumi.infra.yaml:32: cluster-platform:bgp.localAsn: 64512 is the peer ASN of Pulumi.apps.yaml cluster-platform:bgp.peerAsn",
        ],
    },
    {
        name: "Cilium version drift across stacks",
        stack: "apps",
        edit: set(["cluster-platform:cilium", "chartVersion"], "1.18.2"),
        expect: [
            "Pulumi.infra.yaml:29: cluster-platform:cilium.chartVersion: 1.18.3 differs from Pulumi.apps.yaml cluster-platform:cilium.chartVersion (1.18.2); every cluster runs the same Cilium version",
        ],
    },
];

describe("config: cross-stack validation", () => {
    itReportsEach(cases);
});

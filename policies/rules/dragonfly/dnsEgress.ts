// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { StackRule } from "../../lib/rule";
import { egressAllowed, PodRef } from "../../lib/networkPolicy";
import { dragonflyWorld } from "../../lib/exposure/stack";
import { buildStackView } from "../../lib/stackView";

const KUBE_DNS: PodRef = { namespace: "kube-system", labels: { "k8s-app": "kube-dns" } };

/** Checks that a Dragonfly whose egress is isolated still reaches the kube-dns pods on UDP and TCP 53. */
export const dragonflyDnsEgress: StackRule = {
    name: "cluster-platform-dragonfly-dns-egress",
    kind: "stack",
    description: "The Dragonfly pods reach kube-dns on UDP and TCP 53 when their egress is isolated.",
    risks: ["DFLY-VR-09.3"],
    remediationSteps: "Add an egress rule to k8s-app=kube-dns in kube-system on UDP and TCP 53.",
    check: (resources, report) => {
        const view = buildStackView(resources);
        const t = view.traffic;
        for (const df of view.dragonflies) {
            const who = `Dragonfly ${df.namespace}/${df.name}`;
            const world = dragonflyWorld(view, df);
            const pod: PodRef = { namespace: df.namespace, labels: world.objects.pods[0].labels };
            const egressPolicies = t.networkPoliciesIn(df.namespace);
            for (const protocol of ["UDP", "TCP"]) {
                if (!egressAllowed(egressPolicies, { from: pod, to: KUBE_DNS, port: 53, protocol }, t.namespaces)) {
                    report(
                        "DFLY-VR-09.3",
                        `egress of ${who} is isolated but does not allow ${protocol} 53 to kube-dns in kube-system; add an egress rule to k8s-app=kube-dns on UDP and TCP 53.`,
                        df.urn,
                    );
                }
            }
        }
    },
};

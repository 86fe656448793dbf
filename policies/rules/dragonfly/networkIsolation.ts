// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { StackRule } from "../../lib/rule";
import { egressAllowed, PodRef } from "../../lib/networkPolicy";
import { buildStackView } from "../../lib/stackView";

/** A namespace no allow-list names, used to probe whether a port is open to everyone. */
export const PROBE_NAMESPACE = "cluster-platform-unlisted-probe";
/** An address outside every cluster range, used to probe whether a port is open to the world. */
export const PROBE_ADDRESS = "203.0.113.10";

const KUBE_DNS: PodRef = { namespace: "kube-system", labels: { "k8s-app": "kube-dns" } };

/**
 * Checks, with the selector engine, that the pods of every Dragonfly CR are isolated by a
 * NetworkPolicy or CiliumNetworkPolicy, that neither the Redis port 6379 nor the admin port 9999
 * admits an unlisted namespace or an outside address, and that isolated egress still reaches DNS.
 */
export const dragonflyNetworkIsolation: StackRule = {
    name: "cluster-platform-dragonfly-network-isolation",
    kind: "stack",
    description: "The Dragonfly pods accept 6379 and 9999 only from listed peers and still reach DNS.",
    risks: ["DFLY-SEC-001", "DFLY-VR-09.1", "DFLY-VR-09.2", "DFLY-VR-09.3"],
    remediationSteps:
        "Add a NetworkPolicy selecting app=<cr> with policyTypes [Ingress, Egress]: 6379 from each client namespace by kubernetes.io/metadata.name, 9999 from the monitoring namespace and the operator, egress UDP and TCP 53 to kube-dns.",
    check: (resources, report) => {
        const view = buildStackView(resources);
        const t = view.traffic;
        for (const df of view.dragonflies) {
            const who = `Dragonfly ${df.namespace}/${df.name}`;
            const master = df.pods[0];
            const pod: PodRef = {
                namespace: master.namespace,
                labels: master.labels,
                ports: master.containers[0]?.ports,
            };
            if (!t.ingressIsolated(pod)) {
                report(
                    "DFLY-SEC-001",
                    `no NetworkPolicy or CiliumNetworkPolicy in namespace ${df.namespace} selects the pods of ${who} (labels app=${df.name}, app.kubernetes.io/name=dragonfly); add one whose podSelector matches app=${df.name} with policyTypes [Ingress, Egress].`,
                    df.urn,
                );
                continue;
            }
            const probe: PodRef = { namespace: PROBE_NAMESPACE, labels: {} };
            for (const [port, risk] of [
                [6379, "DFLY-VR-09.1"],
                [9999, "DFLY-VR-09.2"],
            ] as const) {
                if (t.ingressAllowed({ from: probe, to: pod, port })) {
                    report(
                        risk,
                        `port ${port} of ${who} admits pods from any namespace (an ingress rule has an empty from, an empty namespaceSelector or a wildcard entity); name each allowed namespace with namespaceSelector.matchLabels kubernetes.io/metadata.name.`,
                        df.urn,
                    );
                } else if (t.ingressAllowed({ from: { ip: PROBE_ADDRESS }, to: pod, port })) {
                    report(
                        risk,
                        `port ${port} of ${who} admits addresses outside the cluster (an ipBlock or fromEntities world/all covers ${PROBE_ADDRESS}); remove that peer.`,
                        df.urn,
                    );
                }
            }
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

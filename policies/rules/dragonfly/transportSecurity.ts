// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { isChart } from "../../lib/kube";
import { StackRule } from "../../lib/rule";
import { recordAt } from "../../lib/record";
import { buildStackView } from "../../lib/stackView";

/**
 * Checks that a Dragonfly CR without TLS relies on the compensating controls the risk profile
 * accepts: its pods are isolated by a network policy and the cluster's Cilium encrypts pod traffic
 * with WireGuard.
 */
export const dragonflyTransportSecurity: StackRule = {
    name: "cluster-platform-dragonfly-transport-security",
    kind: "stack",
    description: "A Dragonfly without TLS runs behind a NetworkPolicy on a WireGuard-encrypted Cilium.",
    risks: ["DFLY-SEC-002"],
    remediationSteps:
        "Set spec.tlsSecretRef, or keep the cache NetworkPolicy and Cilium encryption.enabled: true with encryption.type: wireguard on the same stack.",
    check: (resources, report) => {
        const view = buildStackView(resources);
        const cilium = view.helmReleases.find((r) => isChart(r.props, "cilium"));
        const enc = recordAt(cilium?.props, "values.encryption");
        const wireguard = enc.enabled === true && enc.type === "wireguard";
        for (const df of view.dragonflies) {
            if (df.spec.tlsSecretRef) {
                continue;
            }
            const who = `Dragonfly ${df.namespace}/${df.name}`;
            const pod = df.pods[0];
            if (!view.traffic.ingressIsolated({ namespace: pod.namespace, labels: pod.labels })) {
                report(
                    "DFLY-SEC-002",
                    `${who} has no TLS (spec.tlsSecretRef unset) and no network policy isolates its pods; add the NetworkPolicy or set spec.tlsSecretRef.`,
                    df.urn,
                );
            }
            if (!wireguard) {
                const state = cilium
                    ? `encryption is ${JSON.stringify({ enabled: enc.enabled ?? null, type: enc.type ?? null })}`
                    : "no Cilium release is declared on this stack";
                report(
                    "DFLY-SEC-002",
                    `${who} has no TLS (spec.tlsSecretRef unset) and ${state}; enable Cilium WireGuard (encryption.enabled: true, type: wireguard) or set spec.tlsSecretRef.`,
                    df.urn,
                );
            }
        }
    },
};

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { isChart } from "../../lib/kube";
import { StackRule } from "../../lib/rule";
import { recordAt } from "../../lib/propertyPaths";
import { dragonflyWorld, exposureContextOf, unisolatedRoles } from "../../lib/exposure/stack";
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
        const ctx = exposureContextOf(view);
        for (const df of view.dragonflies) {
            if (df.spec.tlsSecretRef) {
                continue;
            }
            const who = `Dragonfly ${df.namespace}/${df.name}`;
            const reasons: string[] = [];
            const fixes: string[] = [];
            const open = unisolatedRoles(dragonflyWorld(view, df), ctx);
            if (open.length > 0) {
                reasons.push(`no network policy isolates its ${open.join(" and ")} pods`);
                fixes.push("isolate the pods (remove networkPolicyEnabled: false or add a NetworkPolicy)");
            }
            if (!wireguard) {
                reasons.push(
                    cilium
                        ? `Cilium encryption is ${JSON.stringify({ enabled: enc.enabled ?? null, type: enc.type ?? null })}`
                        : "no Cilium release is declared on this stack",
                );
                fixes.push("enable Cilium WireGuard (encryption.enabled: true, type: wireguard)");
            }
            if (reasons.length > 0) {
                report(
                    "DFLY-SEC-002",
                    `${who} has no TLS (spec.tlsSecretRef unset) and ${reasons.join(", and ")}; set spec.tlsSecretRef, or ${fixes.join(" and ")}.`,
                    df.urn,
                );
            }
        }
    },
};

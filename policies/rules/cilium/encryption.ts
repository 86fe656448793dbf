// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { ResourceRule } from "../../lib/rule";
import { isReleaseOf } from "../../lib/kube";
import { valueAt } from "../../lib/propertyPaths";

/** Checks that pod traffic between nodes is encrypted with WireGuard. */
export const ciliumEncryption: ResourceRule = {
    name: "cluster-platform-cilium-encryption",
    kind: "resource",
    description: "Cilium encrypts pod traffic with WireGuard.",
    risks: ["CIL-SEC-001"],
    remediationSteps: "Set values encryption.enabled: true and encryption.type: wireguard.",
    check: (r, report) => {
        if (!isReleaseOf(r.type, r.props, "cilium")) {
            return;
        }
        const enc = {
            enabled: valueAt(r.props.values, "encryption.enabled"),
            type: valueAt(r.props.values, "encryption.type"),
        };
        if (enc.enabled !== true || enc.type !== "wireguard") {
            report(
                "CIL-SEC-001",
                `Cilium encryption is ${JSON.stringify({ enabled: enc.enabled ?? null, type: enc.type ?? null })}; set values encryption.enabled: true and encryption.type: wireguard.`,
            );
        }
    },
};

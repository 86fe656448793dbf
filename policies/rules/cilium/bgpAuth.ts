// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { objectNameOf } from "../../lib/kube";
import { ResourceRule } from "../../lib/rule";

/** Checks that every BGP peer config authenticates its sessions with a secret (MD5/TCP-AO password). */
export const ciliumBgpAuth: ResourceRule = {
    name: "cluster-platform-cilium-bgp-auth",
    kind: "resource",
    description: "Every Cilium BGP peer config authenticates its sessions with a password secret.",
    risks: ["CIL-SEC-004"],
    remediationSteps:
        "Set spec.authSecretRef to a Secret in the BGP secrets namespace (kube-system) with key password.",
    check: (r, report) => {
        if (
            r.type !== "kubernetes:cilium.io/v2:CiliumBGPPeerConfig" &&
            r.type !== "kubernetes:cilium.io/v2alpha1:CiliumBGPPeerConfig"
        ) {
            return;
        }
        const ref = (r.props.spec as { authSecretRef?: unknown } | undefined)?.authSecretRef;
        if (typeof ref !== "string" || ref === "") {
            report(
                "CIL-SEC-004",
                `CiliumBGPPeerConfig ${objectNameOf(r.props, r.name)} has no spec.authSecretRef, so any router at the peer address can inject routes; reference the peer password Secret.`,
            );
        }
    },
};

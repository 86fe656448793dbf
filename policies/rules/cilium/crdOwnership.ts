// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { StackRule } from "../../lib/rule";
import { ciliumRelease } from "../../lib/cilium";
import { valueAt } from "../../lib/record";

/** Checks that the chart is the one owner of the Cilium CRDs: it installs them, and nothing else declares them. */
export const ciliumCrdOwnership: StackRule = {
    name: "cluster-platform-cilium-crd-ownership",
    kind: "stack",
    description: "The Cilium chart is the only owner of the cilium.io CRDs.",
    risks: ["CIL-TECH-005"],
    remediationSteps:
        "Leave skipCrds unset on the Cilium release and remove any CustomResourceDefinition of group cilium.io declared elsewhere.",
    check: (resources, report) => {
        const release = ciliumRelease(resources);
        if (release && (release.props as Record<string, unknown>).skipCrds === true) {
            report(
                "CIL-TECH-005",
                `the Cilium release sets skipCrds: true, so its CRDs would need a second owner; remove skipCrds.`,
                release.urn,
            );
        }
        for (const r of resources) {
            if (
                r.type === "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition" &&
                String(valueAt(r.props, "spec.group")) === "cilium.io"
            ) {
                report(
                    "CIL-TECH-005",
                    `CustomResourceDefinition ${String(valueAt(r.props, "metadata.name") ?? r.name)} is declared outside the Cilium chart, which also owns it; remove it.`,
                    r.urn,
                );
            }
        }
    },
};

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { StackRule } from "../../lib/rule";
import { ciliumRelease } from "../../lib/cilium";
import { recordAt, valueAt } from "../../lib/propertyPaths";

const CRD_TYPE = "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition";

/**
 * Checks CRD ownership as the Cilium risk profile (TECH-005) names it. Cilium's own cilium.io CRDs
 * are registered by cilium-operator at start, not shipped by the chart: the stack must not declare
 * them too, and must not switch the operator's registration off (operator.skipCRDCreation) without
 * declaring them. The Gateway API CRDs are installed at bootstrap (Phase 0): the stack must not
 * declare them beside that install while Cilium's Gateway API support relies on them.
 */
export const ciliumCrdOwnership: StackRule = {
    name: "cluster-platform-cilium-crd-ownership",
    kind: "stack",
    description:
        "Every CRD Cilium relies on has one owner: cilium-operator for cilium.io, the bootstrap for Gateway API.",
    risks: ["CIL-TECH-005"],
    remediationSteps:
        "Leave operator.skipCRDCreation unset so cilium-operator registers the cilium.io CRDs, declare none of them in the stack, and keep the Gateway API CRDs with the bootstrap install.",
    check: (resources, report) => {
        const release = ciliumRelease(resources);
        const values = recordAt(release?.props, "values");
        const crds = resources.filter((r) => r.type === CRD_TYPE);
        const groupOf = (r: (typeof crds)[number]): string => String(valueAt(r.props, "spec.group"));
        const nameOf = (r: (typeof crds)[number]): string => String(valueAt(r.props, "metadata.name") ?? r.name);
        const ciliumCrds = crds.filter((r) => groupOf(r) === "cilium.io");
        const skip = valueAt(values, "operator.skipCRDCreation") === true;
        if (release && skip && ciliumCrds.length === 0) {
            report(
                "CIL-TECH-005",
                `the Cilium release sets operator.skipCRDCreation: true and the stack declares no cilium.io CRD, so no one registers Cilium's CRDs (the chart ships none); remove operator.skipCRDCreation.`,
                release.urn,
            );
        }
        if (!skip) {
            for (const r of ciliumCrds) {
                report(
                    "CIL-TECH-005",
                    `CustomResourceDefinition ${nameOf(r)} is declared in the stack, but cilium-operator registers and updates the cilium.io CRDs itself, so it would have two owners; remove it.`,
                    r.urn,
                );
            }
        }
        if (release && valueAt(values, "gatewayAPI.enabled") === true) {
            for (const r of crds.filter((c) => groupOf(c) === "gateway.networking.k8s.io")) {
                report(
                    "CIL-TECH-005",
                    `CustomResourceDefinition ${nameOf(r)} is declared in the stack, but the Gateway API CRDs Cilium's gatewayAPI relies on are installed at bootstrap (risk profile Phase 0); keep one owner: remove it, or adopt the bootstrap copy with the import option.`,
                    r.urn,
                );
            }
        }
    },
};

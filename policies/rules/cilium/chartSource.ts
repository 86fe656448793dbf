// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { ResourceRule } from "../../lib/rule";
import { isReleaseOf } from "../../lib/kube";
import { valueAt } from "../../lib/propertyPaths";

/** Chart sources accepted for Cilium: the official Helm repository and OCI registry. */
export const OFFICIAL_CILIUM_SOURCES = ["https://helm.cilium.io", "https://helm.cilium.io/"];
const OFFICIAL_OCI = "oci://quay.io/cilium/charts/";

/** Checks that the Cilium chart comes from the official repository or registry. */
export const ciliumChartSource: ResourceRule = {
    name: "cluster-platform-cilium-chart-source",
    kind: "resource",
    description: "The Cilium chart comes from the official Helm repository or OCI registry.",
    risks: ["CIL-TECH-006"],
    remediationSteps:
        "Set repositoryOpts.repo to https://helm.cilium.io (or chart oci://quay.io/cilium/charts/cilium).",
    check: (r, report) => {
        if (!isReleaseOf(r.type, r.props, "cilium")) {
            return;
        }
        const chart = String(r.props.chart);
        const repo = valueAt(r.props, "repositoryOpts.repo");
        const official = chart.startsWith("oci://")
            ? chart.startsWith(OFFICIAL_OCI)
            : OFFICIAL_CILIUM_SOURCES.includes(String(repo));
        if (!official) {
            report(
                "CIL-TECH-006",
                `the Cilium chart comes from ${JSON.stringify(chart.startsWith("oci://") ? chart : (repo ?? null))}, not an official source; set repositoryOpts.repo to https://helm.cilium.io.`,
            );
        }
    },
};

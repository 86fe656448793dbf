// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { ResourceRule } from "../../lib/rule";
import { isReleaseOf } from "../../lib/kube";
import { valueAt } from "../../lib/propertyPaths";
import { fluxOf } from "../../lib/exposure/flux";

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
        "Set repositoryOpts.repo to https://helm.cilium.io (or chart oci://quay.io/cilium/charts/cilium); for a Flux HelmRelease, the spec.url of its HelmRepository.",
    check: (r, report) => {
        if (!isReleaseOf(r.type, r.props, "cilium")) {
            return;
        }
        const chart = String(r.props.chart);
        const repo = valueAt(r.props, "repositoryOpts.repo");
        const official = chart.startsWith("oci://")
            ? chart.startsWith(OFFICIAL_OCI)
            : OFFICIAL_CILIUM_SOURCES.includes(String(repo));
        if (official) {
            return;
        }
        const source = fluxOf(r.props)?.chartSource;
        if (source?.url === null) {
            report(
                "CIL-TECH-006",
                `the Cilium chart comes from ${source.ref}, which is not in the input, so its source is unknown; judge the HelmRelease with that object, whose spec.url should be https://helm.cilium.io.`,
            );
        } else if (source) {
            report(
                "CIL-TECH-006",
                `the Cilium chart comes from ${JSON.stringify(source.url)} (spec.url of ${source.repository}), not an official source; set that spec.url to https://helm.cilium.io.`,
            );
        } else {
            report(
                "CIL-TECH-006",
                `the Cilium chart comes from ${JSON.stringify(chart.startsWith("oci://") ? chart : (repo ?? null))}, not an official source; set repositoryOpts.repo to https://helm.cilium.io.`,
            );
        }
    },
};

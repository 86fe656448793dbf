// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { HELM_RELEASE_TYPE, isChart } from "../../lib/kube";
import { ResourceRule } from "../../lib/rule";
import { fluxOf } from "../../lib/exposure/flux";

/** An exact chart version, with or without a `v` prefix. */
export const EXACT_CHART_VERSION = /^v?\d+\.\d+\.\d+$/;

/** Checks that every Helm release names an exact chart version and where the chart comes from. */
export const helmReleasePinned: ResourceRule = {
    name: "cluster-platform-helm-release-pinned",
    kind: "resource",
    description: "Every Helm release installs an exact chart version from an explicit repository.",
    risks: ["HYG-HELM-001", "DFLY-TECH-002", "DFLY-VR-03.3", "FLOE-R-6"],
    remediationSteps:
        "Set version to an exact chart version (for example 1.18.3 or v1.6.1) and repositoryOpts.repo, or an oci:// chart reference; for a Flux HelmRelease, spec.chart.spec.version and its source's spec.url.",
    check: (r, report) => {
        if (r.type !== HELM_RELEASE_TYPE) {
            return;
        }
        const chart = String(r.props.chart ?? "");
        const release = String(r.props.name ?? r.name);
        const risks = isChart(r.props, "dragonfly-operator")
            ? ["DFLY-TECH-002", "DFLY-VR-03.3"]
            : isChart(r.props, "dagster") || isChart(r.props, "cloudnative-pg")
              ? ["FLOE-R-6"]
              : ["HYG-HELM-001"];
        const version = r.props.version;
        const repo = (r.props.repositoryOpts as { repo?: unknown } | undefined)?.repo;
        const source = fluxOf(r.props)?.chartSource;
        const versionField = source?.versionField ?? "version";
        for (const risk of risks) {
            if (typeof version !== "string" || !EXACT_CHART_VERSION.test(version)) {
                report(
                    risk,
                    `Helm release ${release} (chart ${chart}) has version ${JSON.stringify(version ?? null)}; set ${versionField} to an exact chart version such as 1.2.3.`,
                );
            }
            if (chart.startsWith("oci://") || (typeof repo === "string" && repo !== "")) {
                continue;
            }
            if (source?.url === null) {
                report(
                    risk,
                    `Helm release ${release} (chart ${chart}) comes from ${source.ref}, which is not in the input, so its repository is unknown; judge the HelmRelease with that object.`,
                );
            } else if (source) {
                report(
                    risk,
                    `Helm release ${release} (chart ${chart}) comes from ${source.repository}, which has no spec.url; set it so the chart's source is explicit.`,
                );
            } else {
                report(
                    risk,
                    `Helm release ${release} (chart ${chart}) names no repository; set repositoryOpts.repo (or use an oci:// chart reference) so the chart's source is explicit.`,
                );
            }
        }
    },
};

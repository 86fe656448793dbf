// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { HELM_RELEASE_TYPE, isChart } from "../../lib/kube";
import { ResourceRule } from "../../lib/rule";

/** An exact chart version, with or without a `v` prefix. */
export const EXACT_CHART_VERSION = /^v?\d+\.\d+\.\d+$/;

/** Checks that every Helm release names an exact chart version and where the chart comes from. */
export const helmReleasePinned: ResourceRule = {
    name: "cluster-platform-helm-release-pinned",
    kind: "resource",
    description: "Every Helm release installs an exact chart version from an explicit repository.",
    risks: ["HYG-HELM-001", "DFLY-TECH-002", "DFLY-VR-03.3", "FLOE-R-6"],
    remediationSteps:
        "Set version to an exact chart version (for example 1.18.3 or v1.6.1) and repositoryOpts.repo, or an oci:// chart reference.",
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
        for (const risk of risks) {
            if (typeof version !== "string" || !EXACT_CHART_VERSION.test(version)) {
                report(
                    risk,
                    `Helm release ${release} (chart ${chart}) has version ${JSON.stringify(version ?? null)}; set version to an exact chart version such as 1.2.3.`,
                );
            }
            if (!chart.startsWith("oci://") && (typeof repo !== "string" || repo === "")) {
                report(
                    risk,
                    `Helm release ${release} (chart ${chart}) names no repository; set repositoryOpts.repo (or use an oci:// chart reference) so the chart's source is explicit.`,
                );
            }
        }
    },
};

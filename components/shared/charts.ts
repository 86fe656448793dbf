// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as k8s from "@pulumi/kubernetes";
import * as path from "path";
import { ChartMirror } from "../../config/schema";

/** A chart at its official source: a name in a Helm repository, or a full oci:// reference. */
export interface UpstreamChart {
    /** The chart's name (the last path element of its OCI reference). */
    name: string;
    version: string;
    /** HTTP(S) Helm repository; absent for an OCI chart. */
    repo?: string;
    /** Full oci:// reference of the chart, when it is published to a registry instead of a repository. */
    oci?: string;
}

/**
 * The `chart`, `version` and `repositoryOpts` of a Helm release: the upstream source, or the same
 * chart and version from the stack's mirror. One function so every chart resolves the same way.
 */
export function chartSource(
    chart: UpstreamChart,
    mirror: ChartMirror | undefined,
): Pick<k8s.helm.v3.ReleaseArgs, "chart" | "version" | "repositoryOpts"> {
    if (!mirror) {
        return chart.oci
            ? { chart: chart.oci, version: chart.version }
            : { chart: chart.name, version: chart.version, repositoryOpts: { repo: chart.repo } };
    }
    if (mirror.type === "oci") {
        return { chart: `${mirror.url}/${chart.name}`, version: chart.version };
    }
    // The provider loads a local chart directory as is, resolving a relative path against the project
    // directory (its working directory); "./" keeps Helm from reading the path as a repository/name.
    const local = path.posix.join(mirror.path, chart.name);
    return { chart: path.posix.isAbsolute(local) ? local : `./${local}`, version: chart.version };
}

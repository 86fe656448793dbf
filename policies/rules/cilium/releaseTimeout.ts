// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { ResourceRule } from "../../lib/rule";
import { isReleaseOf } from "../../lib/kube";
import { fluxOf } from "../../lib/exposure/flux";

/** The rollout wait the Cilium profile asks for (PERF-002: "10m timeout might be too short"). */
const MIN_SECONDS = 600;

/**
 * Checks that Helm waits long enough for the agent DaemonSet and operator to roll out: `timeout` in
 * seconds for a Pulumi Release; for a Flux HelmRelease the Go duration that applies to each of install
 * and upgrade (`spec.<action>.timeout`, else `spec.timeout`, else Flux's 5m).
 */
export const ciliumReleaseTimeout: ResourceRule = {
    name: "cluster-platform-cilium-release-timeout",
    kind: "resource",
    description: "The Cilium release waits at least 600 seconds for its rollout.",
    risks: ["CIL-PERF-002"],
    remediationSteps:
        "Set timeout to at least 600 (seconds); 900 leaves room for large clusters. For a Flux HelmRelease set spec.timeout to at least 10m (and no shorter spec.install.timeout or spec.upgrade.timeout).",
    check: (r, report) => {
        if (!isReleaseOf(r.type, r.props, "cilium")) {
            return;
        }
        const flux = fluxOf(r.props);
        if (flux) {
            // One finding per field: with neither action's own timeout set, both wait spec.timeout.
            const fields = [...new Set(flux.timeouts.map((t) => t.field))];
            for (const field of fields) {
                const ts = flux.timeouts.filter((t) => t.field === field);
                const { value, seconds, defaulted } = ts[0];
                const actions = ts.map((t) => t.action).join(" and ");
                if (seconds === null) {
                    report(
                        "CIL-PERF-002",
                        `Cilium ${flux.object} sets ${field} ${JSON.stringify(value)}, which is not a duration Flux accepts; set it to a Go duration of at least 10m, such as 15m.`,
                    );
                } else if (seconds < MIN_SECONDS) {
                    report(
                        "CIL-PERF-002",
                        `Cilium ${flux.object} waits ${seconds} seconds (${field} ${defaulted ? `unset, Flux's default ${value}` : value}) for the ${actions} to roll out the DaemonSet and operator; set ${field} to at least 10m.`,
                    );
                }
            }
            return;
        }
        const timeout = r.props.timeout;
        if (typeof timeout !== "number" || timeout < MIN_SECONDS) {
            report(
                "CIL-PERF-002",
                `the Cilium release waits ${JSON.stringify(timeout ?? 300)} seconds for the DaemonSet and operator to roll out; set timeout to at least 600.`,
            );
        }
    },
};

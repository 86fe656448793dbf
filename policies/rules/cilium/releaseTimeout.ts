// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { ResourceRule } from "../../lib/rule";
import { isReleaseOf } from "../../lib/kube";

/** Checks that Helm waits long enough for the agent DaemonSet and operator to roll out. */
export const ciliumReleaseTimeout: ResourceRule = {
    name: "cluster-platform-cilium-release-timeout",
    kind: "resource",
    description: "The Cilium release waits at least 600 seconds for its rollout.",
    risks: ["CIL-PERF-002"],
    remediationSteps: "Set timeout to at least 600 (seconds); 900 leaves room for large clusters.",
    check: (r, report) => {
        if (!isReleaseOf(r.type, r.props, "cilium")) {
            return;
        }
        const timeout = r.props.timeout;
        if (typeof timeout !== "number" || timeout < 600) {
            report(
                "CIL-PERF-002",
                `the Cilium release waits ${JSON.stringify(timeout ?? 300)} seconds for the DaemonSet and operator to roll out; set timeout to at least 600.`,
            );
        }
    },
};

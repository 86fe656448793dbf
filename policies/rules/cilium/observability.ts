// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { ResourceRule } from "../../lib/rule";
import { isReleaseOf } from "../../lib/kube";
import { valueAt } from "../../lib/propertyPaths";

const OBSERVABILITY = [
    "hubble.enabled",
    "hubble.relay.enabled",
    "prometheus.enabled",
    "prometheus.serviceMonitor.enabled",
    "operator.prometheus.enabled",
];

/** Checks that Hubble, its relay and the Prometheus metrics with ServiceMonitors are on, so a handover is observable. */
export const ciliumObservability: ResourceRule = {
    name: "cluster-platform-cilium-observability",
    kind: "resource",
    description: "Cilium runs Hubble with its relay and exports Prometheus metrics with ServiceMonitors.",
    risks: ["CIL-OPS-002"],
    remediationSteps: `Set values ${OBSERVABILITY.map((p) => `${p}: true`).join(", ")}.`,
    check: (r, report) => {
        if (!isReleaseOf(r.type, r.props, "cilium")) {
            return;
        }
        const off = OBSERVABILITY.filter((p) => valueAt(r.props.values, p) !== true);
        if (off.length > 0) {
            report(
                "CIL-OPS-002",
                `Cilium values leave ${off.join(", ")} off, so drops and flow changes during a handover go unseen; set them to true.`,
            );
        }
    },
};

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Pure builders of the operator's release and PDB.
import * as k8s from "@pulumi/kubernetes";
import { DragonflyDerived } from "../../config/derived";
import { DRAGONFLY_OPERATOR_CHART_REPO } from "../../config/catalog";
import { DragonflySettings } from "../../config/slices";
import { chartSource } from "../shared/charts";
import { RESTRICTED_CONTAINER, RUNTIME_DEFAULT_SECCOMP } from "../shared/hardening";
import { OPERATOR_POD_LABELS, OPERATOR_RELEASE } from "./naming";

/** The dragonfly-operator chart values, limited to the chart's real keys (checked against its values.yaml in tests). */
export function operatorValues(config: DragonflySettings, derived: DragonflyDerived): Record<string, unknown> {
    const df = config.components.dragonfly;
    return {
        // The manager runs with --leader-elect, so a second replica is a warm standby.
        replicaCount: 2,
        crds: { install: true, keep: true },
        podSecurityContext: { runAsNonRoot: true, seccompProfile: RUNTIME_DEFAULT_SECCOMP },
        manager: {
            resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
            securityContext: RESTRICTED_CONTAINER,
            priorityClassName: df.operatorPriorityClass,
        },
        rbacProxy: {
            resources: { requests: { cpu: "10m", memory: "64Mi" }, limits: { cpu: "500m", memory: "128Mi" } },
            securityContext: RESTRICTED_CONTAINER,
        },
        serviceMonitor: { enabled: derived.monitoringEnabled },
    };
}

/** The operator's Helm release arguments. */
export function operatorReleaseArgs(config: DragonflySettings, derived: DragonflyDerived): k8s.helm.v3.ReleaseArgs {
    const df = config.components.dragonfly;
    return {
        name: OPERATOR_RELEASE,
        namespace: df.operatorNamespace,
        ...chartSource(
            {
                name: "dragonfly-operator",
                version: df.operatorChartVersion,
                oci: `${DRAGONFLY_OPERATOR_CHART_REPO}/dragonfly-operator`,
            },
            config.chartMirror,
        ),
        values: operatorValues(config, derived),
        atomic: true,
        cleanupOnFail: true,
        timeout: 600,
    };
}

/** The operator PDB: the chart has none; the manager keeps one replica through node drains. */
export function operatorPdbSpec(): Record<string, unknown> {
    return { minAvailable: 1, selector: { matchLabels: OPERATOR_POD_LABELS } };
}

/** The operator PDB object: {@link operatorPdbSpec} beside the operator's pods. */
export function operatorPdbArgs(config: DragonflySettings): {
    metadata: { name: string; namespace: string; labels: Record<string, string> };
    spec: Record<string, unknown>;
} {
    return {
        metadata: {
            name: OPERATOR_RELEASE,
            namespace: config.components.dragonfly.operatorNamespace,
            labels: OPERATOR_POD_LABELS,
        },
        spec: operatorPdbSpec(),
    };
}

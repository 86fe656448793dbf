// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0

/**
 * Dragonfly image tag tested with each `dragonfly-operator` chart version: the chart's own default
 * image per release (dragonflydb/dragonfly-operator, charts/dragonfly-operator/values.yaml at each tag).
 * A stack that pairs an operator with any other image tag is refused (risk DFLY-TECH-002).
 */
export const DRAGONFLY_OPERATOR_IMAGE_TAGS: Readonly<Record<string, string>> = {
    "v1.3.0": "v1.34.1",
    "v1.3.1": "v1.35.0",
    "v1.5.0": "v1.37.0",
    "v1.6.1": "v1.39.0",
};

/** Top-level keys of the dragonfly-operator chart's values.yaml (v1.6.1); anything else does nothing. */
export const DRAGONFLY_OPERATOR_VALUE_KEYS: readonly string[] = [
    "replicaCount",
    "crds",
    "nameOverride",
    "fullnameOverride",
    "namespaceOverride",
    "dragonflyImage",
    "additionalLabels",
    "createAggregateRoles",
    "serviceAccount",
    "podAnnotations",
    "podLabels",
    "deploymentAnnotations",
    "deploymentLabels",
    "podSecurityContext",
    "service",
    "terminationGracePeriodSeconds",
    "rbacProxy",
    "manager",
    "serviceMonitor",
    "grafanaDashboard",
];

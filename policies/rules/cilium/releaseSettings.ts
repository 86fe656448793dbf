// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { POLICY } from "../../register";
import { ResourceRule } from "../../lib/rule";
import { isReleaseOf, walkLeaves } from "../../lib/kube";
import { at, valuesOf } from "./common";

/** Chart sources accepted for Cilium: the official Helm repository and OCI registry. */
export const OFFICIAL_CILIUM_SOURCES = ["https://helm.cilium.io", "https://helm.cilium.io/"];
const OFFICIAL_OCI = "oci://quay.io/cilium/charts/";

/** Checks that the Cilium release is the bootstrap release itself (kube-system/cilium), so adoption never installs a second CNI. */
export const ciliumReleaseIdentity: ResourceRule = {
    name: POLICY.ciliumReleaseIdentity,
    description: "The Cilium release is named cilium in kube-system, the bootstrap release it adopts.",
    risks: ["CIL-TECH-001"],
    remediationSteps:
        "Declare the release with name: cilium and namespace: kube-system and adopt it with the import option (kube-system/cilium); never install Cilium under another name.",
    url: "docs/runbooks/cilium-handover.md#adoption",
    check: (r, report) => {
        if (!isReleaseOf(r.type, r.props, "cilium")) {
            return;
        }
        if (r.props.name !== "cilium" || r.props.namespace !== "kube-system") {
            report(
                "CIL-TECH-001",
                `the Cilium release is ${String(r.props.namespace ?? "default")}/${String(r.props.name ?? r.name)}, not the bootstrap release kube-system/cilium, so it would install a second CNI and restart every pod's networking; set name: cilium and namespace: kube-system and adopt it with import.`,
            );
        }
    },
};

/** Checks that the Cilium chart comes from the official repository or registry. */
export const ciliumChartSource: ResourceRule = {
    name: POLICY.ciliumChartSource,
    description: "The Cilium chart comes from the official Helm repository or OCI registry.",
    risks: ["CIL-TECH-006"],
    remediationSteps:
        "Set repositoryOpts.repo to https://helm.cilium.io (or chart oci://quay.io/cilium/charts/cilium).",
    url: "docs/policies.md#cluster-platform-cilium-chart-source",
    check: (r, report) => {
        if (!isReleaseOf(r.type, r.props, "cilium")) {
            return;
        }
        const chart = String(r.props.chart);
        const repo = at(r.props, "repositoryOpts.repo");
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

/** Checks that Helm waits long enough for the agent DaemonSet and operator to roll out. */
export const ciliumReleaseTimeout: ResourceRule = {
    name: POLICY.ciliumReleaseTimeout,
    description: "The Cilium release waits at least 600 seconds for its rollout.",
    risks: ["CIL-PERF-002"],
    remediationSteps: "Set timeout to at least 600 (seconds); 900 leaves room for large clusters.",
    url: "docs/policies.md#cluster-platform-cilium-release-timeout",
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

/** Checks that pod traffic between nodes is encrypted with WireGuard. */
export const ciliumEncryption: ResourceRule = {
    name: POLICY.ciliumEncryption,
    description: "Cilium encrypts pod traffic with WireGuard.",
    risks: ["CIL-SEC-001"],
    remediationSteps: "Set values encryption.enabled: true and encryption.type: wireguard.",
    url: "docs/policies.md#cluster-platform-cilium-encryption",
    check: (r, report) => {
        if (!isReleaseOf(r.type, r.props, "cilium")) {
            return;
        }
        const enc = {
            enabled: at(valuesOf(r.props), "encryption.enabled"),
            type: at(valuesOf(r.props), "encryption.type"),
        };
        if (enc.enabled !== true || enc.type !== "wireguard") {
            report(
                "CIL-SEC-001",
                `Cilium encryption is ${JSON.stringify({ enabled: enc.enabled ?? null, type: enc.type ?? null })}; set values encryption.enabled: true and encryption.type: wireguard.`,
            );
        }
    },
};

const OBSERVABILITY = [
    "hubble.enabled",
    "hubble.relay.enabled",
    "prometheus.enabled",
    "prometheus.serviceMonitor.enabled",
    "operator.prometheus.enabled",
];

/** Checks that Hubble, its relay and the Prometheus metrics with ServiceMonitors are on, so a handover is observable. */
export const ciliumObservability: ResourceRule = {
    name: POLICY.ciliumObservability,
    description: "Cilium runs Hubble with its relay and exports Prometheus metrics with ServiceMonitors.",
    risks: ["CIL-OPS-002"],
    remediationSteps: `Set values ${OBSERVABILITY.map((p) => `${p}: true`).join(", ")}.`,
    url: "docs/policies.md#cluster-platform-cilium-observability",
    check: (r, report) => {
        if (!isReleaseOf(r.type, r.props, "cilium")) {
            return;
        }
        const off = OBSERVABILITY.filter((p) => at(valuesOf(r.props), p) !== true);
        if (off.length > 0) {
            report(
                "CIL-OPS-002",
                `Cilium values leave ${off.join(", ")} off, so drops and flow changes during a handover go unseen; set them to true.`,
            );
        }
    },
};

/** Checks that the cluster-specific values are present and resolved: no `${...}`, a cluster name and id, the API server host and port. */
export const ciliumClusterSettings: ResourceRule = {
    name: POLICY.ciliumClusterSettings,
    description: "The Cilium values carry resolved cluster settings: identity, API server and no placeholder.",
    risks: ["CIL-TECH-003", "CIL-TECH-010"],
    remediationSteps:
        "Write every value literally (no ${...}); set cluster.name, cluster.id (1–255), k8sServiceHost and k8sServicePort.",
    url: "docs/policies.md#cluster-platform-cilium-cluster-settings",
    check: (r, report) => {
        if (!isReleaseOf(r.type, r.props, "cilium")) {
            return;
        }
        const values = valuesOf(r.props);
        walkLeaves(values, (path, v) => {
            if (typeof v === "string" && /\$\{[^}]*\}/.test(v)) {
                const shown = path
                    .map((seg, i) => (typeof seg === "number" ? `[${seg}]` : i === 0 ? seg : `.${seg}`))
                    .join("");
                report(
                    "CIL-TECH-003",
                    `Cilium value ${shown} is ${JSON.stringify(v)}, an unresolved substitution; write the real value.`,
                );
            }
        });
        const id = at(values, "cluster.id");
        const missing = [
            typeof at(values, "cluster.name") !== "string" || at(values, "cluster.name") === ""
                ? "cluster.name"
                : undefined,
            typeof id !== "number" || id < 1 || id > 255 ? "cluster.id (1–255)" : undefined,
            typeof values.k8sServiceHost !== "string" || values.k8sServiceHost === "" ? "k8sServiceHost" : undefined,
            values.k8sServicePort === undefined || values.k8sServicePort === "" ? "k8sServicePort" : undefined,
        ].filter((x): x is string => !!x);
        if (missing.length > 0) {
            report(
                "CIL-TECH-010",
                `Cilium values lack ${missing.join(", ")}; kube-proxy replacement and ClusterMesh need them, so set them from the stack's settings.`,
            );
        }
    },
};

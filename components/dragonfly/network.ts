// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Pure builders of who reaches the cache: its NetworkPolicy and the ClusterMesh global Service.
import * as k8s from "@pulumi/kubernetes";
import { DragonflyDerived } from "../../config/derived";
import { DragonflySettings } from "../../config/slices";
import { dataPodLabels, GLOBAL_SERVICE_NAME } from "./naming";

/**
 * The cache NetworkPolicy (risk DFLY-SEC-001): ingress on 6379 only from the allow-listed client
 * namespaces, 9999 only from the monitoring namespace and the operator; egress to DNS on UDP and
 * TCP 53, to the other data pods (replication), and to the object store when S3 backups are on.
 */
export function networkPolicySpec(
    config: DragonflySettings,
    derived: DragonflyDerived,
): k8s.types.input.networking.v1.NetworkPolicySpec {
    const df = config.components.dragonfly;
    const nsPeer = (ns: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } } });
    const self = { podSelector: { matchLabels: dataPodLabels(df.name) } };
    const adminPeers: Record<string, unknown>[] = [
        {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": df.operatorNamespace } },
            podSelector: { matchLabels: { "control-plane": "controller-manager" } },
        },
        self,
    ];
    if (derived.monitoringEnabled) {
        adminPeers.unshift(nsPeer(config.monitoring.namespace));
    }
    const egress: Record<string, unknown>[] = [
        {
            to: [
                {
                    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
                    podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
                },
            ],
            ports: [
                { port: 53, protocol: "UDP" },
                { port: 53, protocol: "TCP" },
            ],
        },
        {
            to: [self],
            ports: [
                { port: 6379, protocol: "TCP" },
                { port: 9999, protocol: "TCP" },
            ],
        },
    ];
    if (df.snapshot.mode === "s3" && derived.backupsEnabled) {
        egress.push({
            to: [{ ipBlock: { cidr: df.snapshot.cidr } }],
            ports: [{ port: df.snapshot.port, protocol: "TCP" }],
        });
    }
    return {
        podSelector: { matchLabels: dataPodLabels(df.name) },
        policyTypes: ["Ingress", "Egress"],
        ingress: [
            { from: [...config.clientNamespaces.map(nsPeer), self], ports: [{ port: 6379, protocol: "TCP" }] },
            { from: adminPeers, ports: [{ port: 9999, protocol: "TCP" }] },
        ],
        egress,
    };
}

/** The ClusterMesh global Service: the owner exports its master; a consumer declares it without local endpoints. */
export function globalServiceSpec(
    config: DragonflySettings,
): { metadata: Record<string, unknown>; spec: Record<string, unknown> } | undefined {
    const df = config.components.dragonfly;
    if (df.globalService === "none") {
        return undefined;
    }
    const owner = df.globalService === "owner";
    return {
        metadata: {
            name: GLOBAL_SERVICE_NAME,
            namespace: df.namespace,
            annotations: { "service.cilium.io/global": "true", "service.cilium.io/shared": owner ? "true" : "false" },
        },
        spec: {
            type: "ClusterIP",
            ports: [{ name: "redis", port: 6379, targetPort: 6379, protocol: "TCP" }],
            ...(owner ? { selector: { ...dataPodLabels(df.name), role: "master" } } : {}),
        },
    };
}

/** The cache NetworkPolicy object: {@link networkPolicySpec} under its name. */
export function networkPolicyArgs(
    config: DragonflySettings,
    derived: DragonflyDerived,
): { metadata: { name: string; namespace: string }; spec: k8s.types.input.networking.v1.NetworkPolicySpec } {
    const df = config.components.dragonfly;
    return {
        metadata: { name: `${df.name}-clients`, namespace: df.namespace },
        spec: networkPolicySpec(config, derived),
    };
}

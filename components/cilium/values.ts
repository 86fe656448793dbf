// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { CiliumSettings } from "../../config/slices";

/**
 * Value paths that may differ between clusters (risk CIL-TECH-007); every other value is the shared
 * baseline. Paths use `.` between keys; keys that contain dots are quoted with brackets.
 */
export const CLUSTER_SPECIFIC_VALUE_PATHS: readonly string[] = [
    "cluster.name",
    "cluster.id",
    "ipv4NativeRoutingCIDR",
    "k8sServiceHost",
    "k8sServicePort",
    'clustermesh.apiserver.service.annotations["io.cilium/lb-ipam-ips"]',
];

/** The Cilium agent's capabilities: the chart default minus SYS_MODULE (Talos loads no modules). */
export const CILIUM_AGENT_CAPABILITIES = [
    "CHOWN",
    "KILL",
    "NET_ADMIN",
    "NET_RAW",
    "IPC_LOCK",
    "SYS_ADMIN",
    "SYS_RESOURCE",
    "PERFMON",
    "BPF",
    "DAC_OVERRIDE",
    "FOWNER",
    "SETGID",
    "SETUID",
];

/**
 * The Cilium chart values of one cluster: the baseline every cluster shares plus only the
 * cluster-specific keys of {@link CLUSTER_SPECIFIC_VALUE_PATHS}. The service CIDR is deliberately
 * absent: the chart does not read it (risk CIL-TECH-005 of the manifest profile).
 */
export function ciliumValues(config: CiliumSettings): Record<string, unknown> {
    return {
        cluster: { name: config.cluster.name, id: config.cluster.id },
        routingMode: "native",
        autoDirectNodeRoutes: true,
        ipv4NativeRoutingCIDR: config.network.podCidr,
        ipam: { mode: "kubernetes" },
        cni: { install: true, exclusive: true },
        kubeProxyReplacement: true,
        k8sServiceHost: config.kubernetes.apiServer.host,
        k8sServicePort: config.kubernetes.apiServer.port,
        encryption: { enabled: true, type: "wireguard", nodeEncryption: false },
        dnsProxy: { enabled: true },
        bgpControlPlane: { enabled: true },
        gatewayAPI: { enabled: true },
        hubble: {
            enabled: true,
            relay: { enabled: true, replicas: 2 },
            ui: { enabled: false },
            metrics: {
                enabled: ["dns", "drop", "tcp", "flow", "port-distribution", "icmp", "httpV2"],
                serviceMonitor: { enabled: true },
            },
        },
        prometheus: { enabled: true, serviceMonitor: { enabled: true, trustCRDsExist: true } },
        operator: {
            replicas: 2,
            prometheus: { enabled: true, serviceMonitor: { enabled: true } },
        },
        clustermesh: {
            useAPIServer: true,
            config: { enabled: true, domain: "mesh.cilium.io" },
            apiserver: {
                replicas: 2,
                service: {
                    type: "LoadBalancer",
                    annotations: { "io.cilium/lb-ipam-ips": config.network.clusterMeshIp },
                },
                tls: { auto: { enabled: true, method: "cronJob" } },
                resources: {
                    requests: { cpu: "100m", memory: "128Mi" },
                    limits: { cpu: "500m", memory: "512Mi" },
                },
            },
        },
        securityContext: {
            capabilities: {
                ciliumAgent: CILIUM_AGENT_CAPABILITIES,
                cleanCiliumState: ["NET_ADMIN", "SYS_ADMIN", "SYS_RESOURCE"],
            },
        },
        sysctlfix: { enabled: false },
        rollOutCiliumPods: false,
    };
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CiliumSettings } from "../../config/slices";
import { KEEP_DATA } from "../shared/options";
import { ciliumValues } from "./values";
import { chartSource } from "../shared/charts";
import { ciliumAlertsArgs } from "./alerts";

/** Where the bootstrap install put the release; the adoption path imports exactly this. */
export const CILIUM_RELEASE_ID = "kube-system/cilium";
/** Helm wait budget for the agent DaemonSet and operator rollout (risk CIL-PERF-002: ≥ 600 s). */
export const CILIUM_RELEASE_TIMEOUT_SECONDS = 900;
/** Name of the BGP peer config the cluster config points at. */
export const BGP_PEER_CONFIG_NAME = "cilium-bgp-peer";
/** Label that ties the peer's address families to the advertisement. */
export const BGP_ADVERTISE_LABEL = { advertise: "bgp" };

/** Arguments of {@link CiliumCore}. */
export interface CiliumCoreArgs {
    /** The stack settings the component reads: cluster identity, network, Cilium and BGP settings, chart mirror. */
    config: CiliumSettings;
    /** Whether the stack runs Prometheus-operator monitoring: then the Day-2 alerts are declared. */
    monitoring?: { enabled: boolean };
}

/** The Helm release arguments. Pure; exported for tests. */
export function ciliumReleaseArgs(config: CiliumSettings): k8s.helm.v3.ReleaseArgs {
    return {
        name: "cilium",
        namespace: "kube-system",
        ...chartSource(
            { name: "cilium", version: config.cilium.chartVersion, repo: config.cilium.repository },
            config.chartMirror,
        ),
        values: ciliumValues(config),
        // Roll back on a failed upgrade (risk CIL-OPS-001) and leave nothing half-installed.
        atomic: true,
        cleanupOnFail: true,
        timeout: CILIUM_RELEASE_TIMEOUT_SECONDS,
        // The chart is the only owner of the Cilium CRDs (risk CIL-TECH-005); Gateway API CRDs are a prerequisite installed outside this program.
        skipCrds: false,
        maxHistory: 10,
    };
}

/** The resource options of the release: never deleted, adopted instead of reinstalled when asked. Pure; exported for tests. */
export function ciliumReleaseOptions(config: CiliumSettings): pulumi.CustomResourceOptions {
    return {
        // Removing the component or destroying the stack must never remove the CNI (risks CIL-OPS-001, CIL-OPS-003).
        ...KEEP_DATA,
        ...(config.cilium.adoptExistingRelease ? { import: CILIUM_RELEASE_ID } : {}),
    };
}

/** The Cilium BGP and LB-IPAM custom resources of a cluster, as plain objects. Pure; exported for tests. */
export function ciliumNetworkObjects(config: CiliumSettings): {
    role: string;
    apiVersion: string;
    kind: string;
    metadata: Record<string, unknown>;
    spec: Record<string, unknown>;
}[] {
    const { bgp, cluster, network } = config;
    return [
        {
            role: "bgpClusterConfig",
            apiVersion: "cilium.io/v2",
            kind: "CiliumBGPClusterConfig",
            metadata: { name: `bgp-${cluster.name}` },
            spec: {
                nodeSelector: { matchLabels: { "kubernetes.io/os": "linux" } },
                bgpInstances: [
                    {
                        name: `instance-${bgp.localAsn}`,
                        localASN: bgp.localAsn,
                        peers: [
                            {
                                name: "upstream",
                                peerASN: bgp.peerAsn,
                                peerAddress: bgp.peerAddress,
                                peerConfigRef: { name: BGP_PEER_CONFIG_NAME },
                            },
                        ],
                    },
                ],
            },
        },
        {
            role: "bgpPeerConfig",
            apiVersion: "cilium.io/v2",
            kind: "CiliumBGPPeerConfig",
            metadata: { name: BGP_PEER_CONFIG_NAME },
            spec: {
                // The Secret lives in the BGP secrets namespace (kube-system) with key `password` (risk CIL-SEC-004).
                authSecretRef: bgp.authSecretName,
                gracefulRestart: { enabled: true, restartTimeSeconds: 120 },
                families: [{ afi: "ipv4", safi: "unicast", advertisements: { matchLabels: BGP_ADVERTISE_LABEL } }],
            },
        },
        {
            role: "bgpAdvertisement",
            apiVersion: "cilium.io/v2",
            kind: "CiliumBGPAdvertisement",
            metadata: { name: "loadbalancer-ips", labels: BGP_ADVERTISE_LABEL },
            spec: {
                advertisements: [
                    {
                        advertisementType: "Service",
                        service: { addresses: ["LoadBalancerIP"] },
                        selector: {
                            matchExpressions: [{ key: "cluster-platform.io/no-bgp", operator: "DoesNotExist" }],
                        },
                    },
                ],
            },
        },
        ...network.loadBalancerPools.map((pool) => ({
            role: `lbPool-${pool.name}`,
            apiVersion: "cilium.io/v2alpha1",
            kind: "CiliumLoadBalancerIPPool",
            metadata: { name: pool.name },
            spec: { blocks: [{ start: pool.start, stop: pool.stop }] },
        })),
    ];
}

/**
 * Cilium core of one cluster: the `kube-system/cilium` Helm release (adopted from the bootstrap
 * install when configured, protected and retained), its BGP peering and its LB-IPAM pools.
 */
export class CiliumCore extends pulumi.ComponentResource {
    /** The Helm release; every other component of the stack depends on it. */
    public readonly release: k8s.helm.v3.Release;
    /** The deployed chart version. */
    public readonly chartVersion: pulumi.Output<string>;

    constructor(name: string, args: CiliumCoreArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cluster-platform:cilium:Core", name, {}, opts);
        this.release = new k8s.helm.v3.Release(`${name}-release`, ciliumReleaseArgs(args.config), {
            parent: this,
            ...ciliumReleaseOptions(args.config),
        });
        for (const obj of ciliumNetworkObjects(args.config)) {
            const { role, ...body } = obj;
            new k8s.apiextensions.CustomResource(`${name}-${role}`, body, { parent: this, dependsOn: [this.release] });
        }
        if (args.monitoring?.enabled) {
            new k8s.apiextensions.CustomResource(`${name}-alerts`, ciliumAlertsArgs(), {
                parent: this,
                dependsOn: [this.release],
            });
        }
        this.chartVersion = this.release.version.apply((v) => v ?? args.config.cilium.chartVersion);
        this.registerOutputs({ chartVersion: this.chartVersion });
    }
}

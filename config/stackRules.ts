// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The semantic rules of one stack file, on the settings that passed their own schema. Every check
// is linear or O(n log n) in the size of its lists, so a hostile file cannot make validation hang.
import { DRAGONFLY_OPERATOR_IMAGE_TAGS } from "./catalog";
import { addressRange, cidrRange, isNetworkAddress, Labelled, overlappingPairs, RangeIndex } from "./network";
import { PROJECT, StackConfig } from "./schema";
import { IssueAt } from "./secrets";
import { StackFile, walkStrings } from "./stackFile";

const PLACEHOLDER = /\$\{[^}]*\}/;
/** Largest pod CIDR prefix: kube-controller-manager gives every node a /24 of it by default (Cilium IPAM mode kubernetes). */
export const MAX_POD_PREFIX = 24;
/** Service CIDR prefix bounds: kube-apiserver refuses IPv4 ranges larger than /12; /28 leaves 16 addresses. */
export const SERVICE_PREFIX_RANGE = { min: 12, max: 28 } as const;

/** ASNs that must never be used, with the reason (IANA special-purpose AS numbers). */
export function reservedAsn(asn: number): string | undefined {
    if (asn === 0) {
        return "AS 0 is reserved (RFC 7607)";
    }
    if (asn === 23456) {
        return "AS 23456 is AS_TRANS, reserved for 4-byte ASN transition (RFC 6793)";
    }
    if (asn === 65535 || asn === 4294967295) {
        return `AS ${asn} is reserved (RFC 7300)`;
    }
    if ((asn >= 64496 && asn <= 64511) || (asn >= 65536 && asn <= 65551)) {
        return `AS ${asn} is reserved for documentation (RFC 5398)`;
    }
    return undefined;
}

/** Unresolved `${...}` placeholders in any namespace. */
export function checkPlaceholders(file: StackFile, at: IssueAt, atOther: (key: string, message: string) => void): void {
    const found = (s: string): string | undefined => PLACEHOLDER.exec(s)?.[0];
    for (const [key, value] of Object.entries(file.config)) {
        walkStrings(value, (s, segs) => {
            const m = found(s);
            if (m) {
                at([key, ...segs], `contains the unresolved placeholder ${m}; write the real value`);
            }
        });
    }
    for (const [key, value] of Object.entries(file.otherConfig)) {
        walkStrings(value, (s) => {
            const m = found(s);
            if (m) {
                atOther(key, `contains the unresolved placeholder ${m}; write the real value`);
            }
        });
    }
}

/** `pulumi:disable-default-providers` must list kubernetes. */
export function checkDefaultProviders(file: StackFile, atOther: (key: string, message: string) => void): void {
    const key = "pulumi:disable-default-providers";
    const value = file.otherConfig[key];
    if (!Array.isArray(value) || !value.includes("kubernetes")) {
        atOther(
            key,
            'must list "kubernetes" so no resource can reach a cluster through the ambient kubeconfig context',
        );
    }
}

/** The per-stack semantic rules on the settings that parsed. */
export function checkSemantics(
    stack: string,
    c: Partial<StackConfig>,
    secretKeys: ReadonlySet<string>,
    at: IssueAt,
): void {
    if (c.cluster && stack && c.cluster.name !== stack) {
        at(
            ["cluster", "name"],
            `is ${JSON.stringify(c.cluster.name)} but this is the stack file of ${JSON.stringify(stack)}; the cluster name must equal the stack name`,
        );
    }
    if (c.network) {
        checkNetwork(c.network, c.bgp, at);
    }
    if (c.bgp) {
        if (c.bgp.localAsn === c.bgp.peerAsn) {
            at(["bgp", "localAsn"], `${c.bgp.localAsn} equals the peer ASN; the cluster needs its own ASN for eBGP`);
        }
        const local = reservedAsn(c.bgp.localAsn);
        if (local) {
            at(["bgp", "localAsn"], `${local}; choose a private ASN (64512-65534 or 4200000000-4294967294)`);
        }
        // The peer is the router's real ASN, a fact rather than a choice: only protocol-reserved numbers are refused.
        const peer = reservedAsn(c.bgp.peerAsn);
        if (peer && !peer.includes("documentation")) {
            at(["bgp", "peerAsn"], `${peer}; no BGP speaker can use it`);
        }
    }
    if (c.clientNamespaces) {
        const seen = new Set<string>();
        const reported = new Set<string>();
        for (const ns of c.clientNamespaces) {
            if (seen.has(ns) && !reported.has(ns)) {
                reported.add(ns);
                at(["clientNamespaces"], `lists ${ns} more than once`);
            }
            seen.add(ns);
        }
    }
    checkComponents(stack, c, secretKeys, at);
}

function checkNetwork(n: StackConfig["network"], bgp: StackConfig["bgp"] | undefined, at: IssueAt): void {
    for (const key of ["podCidr", "serviceCidr"] as const) {
        if (!isNetworkAddress(n[key])) {
            at(["network", key], `${n[key]} has host bits set; write the network address of the block`);
        }
    }
    const podPrefix = Number(n.podCidr.split("/")[1]);
    if (podPrefix > MAX_POD_PREFIX) {
        at(
            ["network", "podCidr"],
            `${n.podCidr} is too small: every node gets a /${MAX_POD_PREFIX} of it; use /${MAX_POD_PREFIX} or larger (e.g. /16)`,
        );
    }
    const servicePrefix = Number(n.serviceCidr.split("/")[1]);
    if (servicePrefix < SERVICE_PREFIX_RANGE.min || servicePrefix > SERVICE_PREFIX_RANGE.max) {
        at(
            ["network", "serviceCidr"],
            `${n.serviceCidr} must be between /${SERVICE_PREFIX_RANGE.min} and /${SERVICE_PREFIX_RANGE.max} (kube-apiserver limit; room for the cluster's Services)`,
        );
    }
    const pod = cidrRange(n.podCidr);
    const service = cidrRange(n.serviceCidr);
    if (pod.first <= service.last && service.first <= pod.last) {
        at(["network", "serviceCidr"], `${n.serviceCidr} overlaps the pod CIDR ${n.podCidr}`);
    }
    type Block = { path: PropertyKey[]; text: string; pool?: string };
    const blocks: Labelled<Block>[] = [
        { ...pod, item: { path: ["network", "podCidr"], text: `the podCidr ${n.podCidr}` } },
        { ...service, item: { path: ["network", "serviceCidr"], text: `the serviceCidr ${n.serviceCidr}` } },
    ];
    const pools: Labelled<Block>[] = [];
    n.loadBalancerPools.forEach((p, index) => {
        const range = addressRange(p.start, p.stop);
        if (range.first > range.last) {
            at(["network", "loadBalancerPools", index, "stop"], `${p.stop} comes before start ${p.start}`);
            return;
        }
        const item = {
            path: ["network", "loadBalancerPools", index],
            text: `pool ${p.name}`,
            pool: `${p.start}-${p.stop}`,
        };
        pools.push({ ...range, item });
        blocks.push({ ...range, item });
    });
    // Pod/service overlap is reported above; every pool clash is reported once, on the later pool.
    for (const [a, b] of overlappingPairs(blocks)) {
        const [earlier, later] = order(a, b);
        if (later.pool) {
            at(later.path, `${later.pool} overlaps ${earlier.text}`);
        }
    }
    const poolIndex = new RangeIndex(pools);
    const poolText = (): string => n.loadBalancerPools.map((p) => `${p.start}-${p.stop}`).join(", ");
    if (!poolIndex.find(n.clusterMeshIp)) {
        at(
            ["network", "clusterMeshIp"],
            `${n.clusterMeshIp} is outside this cluster's load-balancer pools (${poolText()})`,
        );
    }
    const seen = new Map<string, string>([[n.clusterMeshIp, "clusterMeshIp"]]);
    n.gatewayIps.forEach((g, index) => {
        if (!poolIndex.find(g.ip)) {
            at(
                ["network", "gatewayIps", index, "ip"],
                `${g.ip} is outside this cluster's load-balancer pools (${poolText()})`,
            );
        }
        const prior = seen.get(g.ip);
        if (prior) {
            at(["network", "gatewayIps", index, "ip"], `${g.ip} is already used by ${prior}`);
        }
        seen.set(g.ip, `gatewayIps[${index}]`);
    });
    if (bgp) {
        const own = new RangeIndex(blocks).find(bgp.peerAddress);
        if (own) {
            at(
                ["bgp", "peerAddress"],
                `${bgp.peerAddress} lies inside ${own.text}; the peer must be the upstream router, outside the cluster's own ranges`,
            );
        }
    }
}

/** The pair in list order: pod and service first, then pools by index. */
function order<T extends { path: PropertyKey[] }>(a: T, b: T): [T, T] {
    const rank = (x: T): number => (x.path.length > 2 ? 2 + Number(x.path[2]) : x.path[1] === "podCidr" ? 0 : 1);
    return rank(a) <= rank(b) ? [a, b] : [b, a];
}

function checkComponents(stack: string, c: Partial<StackConfig>, secretKeys: ReadonlySet<string>, at: IssueAt): void {
    const fl = c.components?.floe;
    if (fl?.enabled && c.cluster && !fl.secrets.remoteKey.includes(c.cluster.name)) {
        at(
            ["components", "floe", "secrets", "remoteKey"],
            `${JSON.stringify(fl.secrets.remoteKey)} does not contain the cluster name ${JSON.stringify(c.cluster.name)}; each cluster reads its own secret path`,
        );
    }
    const df = c.components?.dragonfly;
    if (!df?.enabled) {
        return;
    }
    const tested = DRAGONFLY_OPERATOR_IMAGE_TAGS[df.operatorChartVersion];
    if (!tested) {
        at(
            ["components", "dragonfly", "operatorChartVersion"],
            `${df.operatorChartVersion} is not a tested operator version; tested: ${Object.keys(DRAGONFLY_OPERATOR_IMAGE_TAGS).join(", ")}`,
        );
    } else if (tested !== df.imageTag) {
        at(
            ["components", "dragonfly", "imageTag"],
            `${df.imageTag} is not the image tested with operator ${df.operatorChartVersion}; use ${tested}`,
        );
    }
    if (df.auth.source === "externalSecret" && c.cluster && !df.auth.remoteKey.includes(c.cluster.name)) {
        at(
            ["components", "dragonfly", "auth", "remoteKey"],
            `${JSON.stringify(df.auth.remoteKey)} does not contain the cluster name ${JSON.stringify(c.cluster.name)}; each cluster reads its own secret path`,
        );
    }
    if (df.acl && df.auth.source !== "externalSecret") {
        at(
            ["components", "dragonfly", "acl"],
            "needs auth.source externalSecret: the ACL file carries each tenant's password, rendered by the ExternalSecret from the secret store",
        );
    }
    if (df.auth.source === "pulumiSecret" && !secretKeys.has("dragonflyPassword")) {
        at(
            ["dragonflyPassword"],
            `is required when components.dragonfly.auth.source is pulumiSecret; set it with: pulumi config set --secret ${PROJECT}:dragonflyPassword --stack ${stack}`,
        );
    }
}

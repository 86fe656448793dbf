// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The rules across stack files: identity, address plan, BGP and the Cilium version. Address clashes
// are found by one sort and sweep over every stack's blocks, so the cost grows as n log n.
import { ConfigIssue } from "./issues";
import { addressRange, cidrRange, Labelled, overlappingPairs, RangeIndex } from "./network";
import { PROJECT, StackConfig } from "./schema";
import { StackFile } from "./stackFile";

/** The parts of a stack's config that parsed, with the file they came from. */
export interface PartialStack {
    file: string;
    stack: string;
    config: Partial<StackConfig>;
    /** 1-based line of a config key path, when the file is known. */
    lineOf?: StackFile["lineOf"];
}

interface Block {
    /** Index of the stack in the list (later stacks carry the issue). */
    s: number;
    path: string;
    text: string;
}

/**
 * The cross-stack rules. Each rule runs on the stacks whose settings it needs parsed, so one broken
 * key elsewhere in a file does not hide a clash; each clash is reported on the later file.
 */
export function validateAcrossStacks(stacks: readonly PartialStack[]): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const issue = (s: PartialStack, path: string, message: string): void => {
        const segments = path
            .split(/\.|\[(\d+)\]/)
            .filter((x) => x !== undefined && x !== "")
            .map((x) => (/^\d+$/.test(x) ? Number(x) : x));
        const line = s.lineOf?.([`${PROJECT}:${String(segments[0])}`, ...segments.slice(1)]);
        issues.push({ file: s.file, path: `${PROJECT}:${path}`, message, ...(line !== undefined ? { line } : {}) });
    };
    const other = (s: PartialStack, path: string): string => `${s.file} ${PROJECT}:${path}`;
    /** Reports every later stack whose key value an earlier stack already has. */
    const unique = (
        path: string,
        key: (c: Partial<StackConfig>) => unknown,
        message: (v: unknown, first: PartialStack) => string,
    ): void => {
        const first = new Map<unknown, PartialStack>();
        for (const s of stacks) {
            const v = key(s.config);
            if (v === undefined) {
                continue;
            }
            const prior = first.get(v);
            if (prior) {
                issue(s, path, message(v, prior));
            } else {
                first.set(v, s);
            }
        }
    };
    unique(
        "cluster.name",
        (c) => c.cluster?.name,
        (v, a) => `${String(v)} is also the cluster name in ${other(a, "cluster.name")}`,
    );
    unique(
        "cluster.id",
        (c) => c.cluster?.id,
        (v, a) => `${String(v)} is also the cluster id in ${other(a, "cluster.id")}; ClusterMesh needs unique ids`,
    );
    unique(
        "kubernetes.context",
        (c) => c.kubernetes?.context,
        (v, a) =>
            `${JSON.stringify(v)} is also the context of ${other(a, "kubernetes.context")}; two stacks would deploy to one cluster`,
    );
    unique(
        "bgp.localAsn",
        (c) => c.bgp?.localAsn,
        (v, a) => `${String(v)} is also the local ASN of ${other(a, "bgp.localAsn")}`,
    );
    // Every version unlike the first stack's is reported: all clusters run one Cilium version.
    const firstCilium = stacks.find((s) => s.config.cilium);
    for (const s of stacks) {
        if (
            firstCilium &&
            s !== firstCilium &&
            s.config.cilium &&
            s.config.cilium.chartVersion !== firstCilium.config.cilium!.chartVersion
        ) {
            issue(
                s,
                "cilium.chartVersion",
                `${s.config.cilium.chartVersion} differs from ${other(firstCilium, "cilium.chartVersion")} (${firstCilium.config.cilium!.chartVersion}); every cluster runs the same Cilium version`,
            );
        }
    }
    checkAsnRoles(stacks, issue, other);
    checkAddresses(stacks, issue, other);
    return issues;
}

function checkAsnRoles(
    stacks: readonly PartialStack[],
    issue: (s: PartialStack, path: string, message: string) => void,
    other: (s: PartialStack, path: string) => string,
): void {
    const localOf = new Map<number, PartialStack>();
    const peerOf = new Map<number, PartialStack>();
    for (const s of stacks) {
        const b = s.config.bgp;
        if (!b) {
            continue;
        }
        const peerStack = peerOf.get(b.localAsn);
        if (peerStack && b.localAsn !== b.peerAsn) {
            issue(s, "bgp.localAsn", `${b.localAsn} is the peer ASN of ${other(peerStack, "bgp.peerAsn")}`);
        }
        const localStack = localOf.get(b.peerAsn);
        if (localStack && localStack.config.bgp!.localAsn !== localStack.config.bgp!.peerAsn) {
            issue(s, "bgp.peerAsn", `${b.peerAsn} is the local ASN of ${other(localStack, "bgp.localAsn")}`);
        }
        if (!localOf.has(b.localAsn)) {
            localOf.set(b.localAsn, s);
        }
        if (!peerOf.has(b.peerAsn)) {
            peerOf.set(b.peerAsn, s);
        }
    }
}

function checkAddresses(
    stacks: readonly PartialStack[],
    issue: (s: PartialStack, path: string, message: string) => void,
    other: (s: PartialStack, path: string) => string,
): void {
    const blocks: Labelled<Block>[] = [];
    const singles = new Map<string, Block>();
    stacks.forEach((st, s) => {
        const n = st.config.network;
        if (!n) {
            return;
        }
        blocks.push(
            { ...cidrRange(n.podCidr), item: { s, path: "network.podCidr", text: n.podCidr } },
            { ...cidrRange(n.serviceCidr), item: { s, path: "network.serviceCidr", text: n.serviceCidr } },
        );
        n.loadBalancerPools.forEach((p, i) => {
            const range = addressRange(p.start, p.stop);
            if (range.first <= range.last) {
                blocks.push({
                    ...range,
                    item: { s, path: `network.loadBalancerPools[${i}]`, text: `${p.start}-${p.stop}` },
                });
            }
        });
        const own = [
            { path: "network.clusterMeshIp", ip: n.clusterMeshIp },
            ...n.gatewayIps.map((g, i) => ({ path: `network.gatewayIps[${i}].ip`, ip: g.ip })),
        ];
        for (const a of own) {
            const prior = singles.get(a.ip);
            if (prior && prior.s !== s) {
                issue(st, a.path, `${a.ip} is also used by ${other(stacks[prior.s], prior.path)}`);
            } else if (!prior) {
                singles.set(a.ip, { s, path: a.path, text: a.ip });
            }
        }
    });
    for (const [x, y] of overlappingPairs(blocks, (b) => b.s)) {
        const [a, b] = x.s < y.s ? [x, y] : [y, x];
        issue(stacks[b.s], b.path, `${b.text} overlaps ${other(stacks[a.s], a.path)} (${a.text})`);
    }
    // A BGP peer is the upstream router: never inside another cluster's ranges or on its addresses.
    const index = new RangeIndex(blocks);
    stacks.forEach((st, s) => {
        const peer = st.config.bgp?.peerAddress;
        if (!peer) {
            return;
        }
        const single = singles.get(peer);
        if (single && single.s !== s) {
            issue(
                st,
                "bgp.peerAddress",
                `${peer} is ${other(stacks[single.s], single.path)}; the peer must be the upstream router`,
            );
            return;
        }
        const block = index.find(peer);
        if (block && block.s !== s) {
            issue(
                st,
                "bgp.peerAddress",
                `${peer} lies inside ${other(stacks[block.s], block.path)} (${block.text}); the peer must be the upstream router`,
            );
        }
    });
}

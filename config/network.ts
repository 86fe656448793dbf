// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as ipaddr from "ipaddr.js";

/** An inclusive range of IPv4 addresses as unsigned 32-bit integers. */
export interface Ipv4Range {
    first: number;
    last: number;
}

/** The unsigned 32-bit value of a dotted IPv4 address. */
export function ipv4ToNumber(address: string): number {
    return ipaddr.IPv4.parse(address)
        .toByteArray()
        .reduce((acc, octet) => acc * 256 + octet, 0);
}

/** The address range a CIDR covers (network to broadcast). */
export function cidrRange(cidr: string): Ipv4Range {
    const [address, prefix] = ipaddr.IPv4.parseCIDR(cidr);
    const size = 2 ** (32 - prefix);
    const first = Math.floor(ipv4ToNumber(address.toString()) / size) * size;
    return { first, last: first + size - 1 };
}

/** True when the CIDR's address part is its network address (no host bits set). */
export function isNetworkAddress(cidr: string): boolean {
    const [address] = ipaddr.IPv4.parseCIDR(cidr);
    return cidrRange(cidr).first === ipv4ToNumber(address.toString());
}

/** The inclusive range between two addresses. */
export function addressRange(start: string, stop: string): Ipv4Range {
    return { first: ipv4ToNumber(start), last: ipv4ToNumber(stop) };
}

/** A range with what it stands for. */
export interface Labelled<T> extends Ipv4Range {
    item: T;
}

/**
 * Every pair of overlapping ranges needed to name each range that overlaps another, by sort and
 * sweep in O(n log n): each range that starts inside an earlier-starting one is paired with the
 * earlier range that reaches furthest. With `group`, only ranges of different groups are paired
 * (the two furthest-reaching ranges of distinct groups are kept).
 */
export function overlappingPairs<T>(ranges: readonly Labelled<T>[], group?: (item: T) => unknown): [T, T][] {
    const sorted = ranges.map((r, index) => ({ r, index })).sort((x, y) => x.r.first - y.r.first || x.index - y.index);
    const pairs: [T, T][] = [];
    const groupOf = group ?? (() => undefined);
    // best: furthest-reaching range so far; second: furthest-reaching one of another group than best's.
    let best: Labelled<T> | undefined;
    let second: Labelled<T> | undefined;
    for (const { r } of sorted) {
        const g = groupOf(r.item);
        const candidate = group && best && groupOf(best.item) === g ? second : best;
        if (candidate && candidate.last >= r.first) {
            pairs.push([candidate.item, r.item]);
        }
        if (!best || r.last > best.last) {
            if (best && groupOf(best.item) !== g) {
                second = best;
            }
            best = r;
        } else if (groupOf(best.item) !== g && (!second || r.last > second.last)) {
            second = r;
        }
    }
    return pairs;
}

/** Answers "which range holds this address" in O(log n) over ranges that may overlap. */
export class RangeIndex<T> {
    private readonly sorted: Labelled<T>[];
    /** reach[i]: index of the range reaching furthest among sorted[0..i]. */
    private readonly reach: number[] = [];

    constructor(ranges: readonly Labelled<T>[]) {
        this.sorted = [...ranges].sort((a, b) => a.first - b.first);
        this.sorted.forEach((r, i) => {
            this.reach.push(i > 0 && this.sorted[this.reach[i - 1]].last >= r.last ? this.reach[i - 1] : i);
        });
    }

    /** A range that contains the address, or undefined. */
    public find(address: string | number): T | undefined {
        const n = typeof address === "number" ? address : ipv4ToNumber(address);
        let lo = 0;
        let hi = this.sorted.length - 1;
        let at = -1;
        while (lo <= hi) {
            const mid = (lo + hi) >> 1;
            if (this.sorted[mid].first <= n) {
                at = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (at < 0) {
            return undefined;
        }
        const r = this.sorted[this.reach[at]];
        return r.last >= n ? r.item : undefined;
    }
}

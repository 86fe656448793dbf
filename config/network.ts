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

/** True when the two ranges share at least one address. */
export function rangesOverlap(a: Ipv4Range, b: Ipv4Range): boolean {
    return a.first <= b.last && b.first <= a.last;
}

/** True when the address lies in the range. */
export function rangeContains(range: Ipv4Range, address: string): boolean {
    const n = ipv4ToNumber(address);
    return n >= range.first && n <= range.last;
}

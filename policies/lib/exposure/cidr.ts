// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// IPv4 CIDR arithmetic for the exposure evaluator: ranges, subtraction, what a CIDR leaves outside
// the cluster's own pod CIDRs.

/** An inclusive IPv4 range as numbers. */
export type Range = [number, number];

function ipv4(ip: string): number | undefined {
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
    if (!m) {
        return undefined;
    }
    const o = m.slice(1).map(Number);
    return o.some((x) => x > 255) ? undefined : o.reduce((a, x) => a * 256 + x, 0);
}

/** An IPv4 CIDR as an inclusive range; undefined for anything else (IPv6 is not modelled). */
export function cidrRange(cidr: string): Range | undefined {
    const [base, bits = "32"] = cidr.split("/");
    const start = ipv4(base);
    const b = Number(bits);
    if (start === undefined || !Number.isInteger(b) || b < 0 || b > 32) {
        return undefined;
    }
    const size = 2 ** (32 - b);
    const first = Math.floor(start / size) * size;
    return [first, first + size - 1];
}

function subtract(ranges: Range[], cut: Range): Range[] {
    const out: Range[] = [];
    for (const [s, e] of ranges) {
        if (cut[1] < s || cut[0] > e) {
            out.push([s, e]);
            continue;
        }
        if (cut[0] > s) {
            out.push([s, cut[0] - 1]);
        }
        if (cut[1] < e) {
            out.push([cut[1] + 1, e]);
        }
    }
    return out;
}

/** The part of `cidr` minus `except` that none of `inside` covers; a non-IPv4 CIDR is all residual. */
export function residual(cidr: string, except: readonly string[], inside: readonly string[]): Range[] {
    const r = cidrRange(cidr);
    if (!r) {
        return inside.includes(cidr) ? [] : [[0, 0]];
    }
    let rest: Range[] = [r];
    for (const c of [...except, ...inside]) {
        const cut = cidrRange(c);
        if (cut) {
            rest = subtract(rest, cut);
        }
    }
    return rest;
}

/** A dotted IPv4 address. */
export function ipText(n: number): string {
    return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Values derived from one stack analysis, shared by the stack rules of that analysis, whichever
// engine hands them the resources.
import type { PolicyResource } from "@pulumi/policy";

const analyses = new WeakMap<readonly PolicyResource[], Map<string, unknown>>();

/** The resources of the last analysis a memo was made for, as {@link sameAnalysis} compares them. */
let lastAnalysis: { resources: readonly PolicyResource[]; memo: Map<string, unknown> } | undefined;

/**
 * True when two lists hold the same resources in the same order: the same type, URN and name, and
 * the very same props object. @pulumi/policy hands each stack policy a list of its own, but with
 * one deserialization per request (deserializeOnce) their props are the same objects.
 */
function sameAnalysis(a: readonly PolicyResource[], b: readonly PolicyResource[]): boolean {
    if (a.length !== b.length) {
        return false;
    }
    for (let i = 0; i < a.length; i++) {
        const x = a[i];
        const y = b[i];
        if (x.props !== y.props || x.urn !== y.urn || x.type !== y.type || x.name !== y.name) {
            return false;
        }
    }
    return true;
}

/**
 * A value derived from one stack analysis, computed once and shared by every stack rule that asks
 * for it: the stack view, for instance, is built once per analysis instead of once per rule. A
 * value must depend only on each resource's type, URN, name and props (what {@link sameAnalysis}
 * compares), never on its options, provider or dependencies.
 */
export function perAnalysis<T>(resources: readonly PolicyResource[], key: string, build: () => T): T {
    let memo = analyses.get(resources);
    if (!memo) {
        memo =
            lastAnalysis && sameAnalysis(resources, lastAnalysis.resources)
                ? lastAnalysis.memo
                : new Map<string, unknown>();
        analyses.set(resources, memo);
        lastAnalysis = { resources, memo };
    }
    if (!memo.has(key)) {
        memo.set(key, build());
    }
    return memo.get(key) as T;
}

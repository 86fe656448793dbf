// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Side-effect-free list of the pack's policies; tests and the offline engine import this, never index.ts.
import { Policies } from "@pulumi/policy";
import { resourcePolicy, ResourceRule, Rule, StackRule, stackPolicy, waivedFindingsPolicy } from "./lib/rule";
import { RULES } from "./rules";

/** The pack's name. */
export const PACK_NAME = "cluster-platform-risk-rules";

/** Rules checked on each resource. */
export const RESOURCE_RULES: readonly ResourceRule[] = RULES.filter((r): r is ResourceRule => r.kind === "resource");

/** Rules checked once on the whole stack. */
export const STACK_RULES: readonly StackRule[] = RULES.filter((r): r is StackRule => r.kind === "stack");

/** The policies of some rules: resource rules, then stack rules, then the waived-findings ledger (last, so it sees what the others waived). */
export function packPolicies(rules: readonly Rule[]): Policies {
    return [
        ...rules.filter((r): r is ResourceRule => r.kind === "resource").map((r) => resourcePolicy(r)),
        ...rules.filter((r): r is StackRule => r.kind === "stack").map((r) => stackPolicy(r)),
        waivedFindingsPolicy(),
    ];
}

/** Every policy of the pack. */
export const policies: Policies = packPolicies(RULES);

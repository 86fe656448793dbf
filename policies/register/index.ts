// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { REGISTER_ENTRIES } from "./entries";
import { parseRegister, RiskEntry } from "./schema";

export * from "./schema";

/** The validated register (validated once, when this module loads). */
export const REGISTER: readonly RiskEntry[] = parseRegister(REGISTER_ENTRIES);

const BY_ID = new Map(REGISTER.map((e) => [e.id, e]));

/** The register entry of an ID; throws on an unknown ID so a typo in a rule fails at load. */
export function riskById(id: string): RiskEntry {
    const entry = BY_ID.get(id);
    if (!entry) {
        throw new Error(`unknown risk ID ${id}: add it to policies/register/entries.ts`);
    }
    return entry;
}

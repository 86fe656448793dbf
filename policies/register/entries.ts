// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The risk register: every ID of the five source documents, prefixed by source, one file per
// document under entries/, each entry with the document line its score (and any blocker) rests on.
import { CILIUM_LOW_OPERATIONAL_RISKS } from "./entries/ciliumLowOperationalRisks";
import { CILIUM_LOW_TECHNICAL_RISKS } from "./entries/ciliumLowTechnicalRisks";
import { CILIUM_SCORED_RISKS } from "./entries/ciliumScoredRisks";
import { DRAGONFLY_CHANGE_PROPOSAL } from "./entries/dragonflyChangeProposal";
import { DRAGONFLY_RISK_PROFILE } from "./entries/dragonflyRiskProfile";
import { DRAGONFLY_VALIDATION_REPORT } from "./entries/dragonflyValidationReport";
import { FLOE_RISKS } from "./entries/floeRisks";
import { HYGIENE_BASELINE } from "./entries/hygieneBaseline";
import { RiskEntryInput } from "./schema";

/** The register as written; `register/index.ts` validates it on load. */
export const REGISTER_ENTRIES: RiskEntryInput[] = [
    ...DRAGONFLY_RISK_PROFILE,
    ...DRAGONFLY_CHANGE_PROPOSAL,
    ...DRAGONFLY_VALIDATION_REPORT,
    ...CILIUM_SCORED_RISKS,
    ...CILIUM_LOW_TECHNICAL_RISKS,
    ...CILIUM_LOW_OPERATIONAL_RISKS,
    ...FLOE_RISKS,
    ...HYGIENE_BASELINE,
];

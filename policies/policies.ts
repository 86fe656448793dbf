// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Side-effect-free list of the pack's policies; tests and the offline engine import this, never index.ts.
import { Policies } from "@pulumi/policy";
import { POLICY } from "./register";
import { resourcePolicy, ResourceRule, StackRule, stackPolicy, waivedFindingsPolicy } from "./lib/rule";
import * as rules from "./rules";

/** The pack's name. */
export const PACK_NAME = "cluster-platform-risk-rules";

/** Rules checked on each resource. */
export const RESOURCE_RULES: readonly ResourceRule[] = [
    rules.imagePinned,
    rules.securityContext,
    rules.probes,
    rules.resources,
    rules.plaintextSecrets,
    rules.helmReleasePinned,
    rules.ciliumRollbackSafety,
    rules.dragonflySpread,
    rules.dragonflySnapshots,
    rules.ciliumReleaseIdentity,
    rules.ciliumChartSource,
    rules.ciliumReleaseTimeout,
    rules.ciliumEncryption,
    rules.ciliumObservability,
    rules.ciliumClusterSettings,
    rules.ciliumBgpAuth,
    rules.floeDagsterDaemon,
    rules.floeImagePullPolicy,
    rules.floeCatalogPersistence,
];

/** Rules checked once on the whole stack. */
export const STACK_RULES: readonly StackRule[] = [
    rules.dragonflyNetworkIsolation,
    rules.dragonflyDisruptionBudget,
    rules.dragonflyAuthSecret,
    rules.dragonflyVersionAlignment,
    rules.dragonflyMonitoring,
    rules.dragonflyTransportSecurity,
    rules.dragonflyGlobalService,
    rules.ciliumClusterPinning,
    rules.ciliumDependencyOrder,
    rules.ciliumCrdOwnership,
    rules.ciliumClusterMeshAddress,
    rules.floePostgresHa,
    rules.floeNetworkFlows,
];

/** Every policy of the pack; the waived-findings ledger comes last so it sees what the others waived. */
export const policies: Policies = [
    ...RESOURCE_RULES.map((r) => resourcePolicy(r)),
    ...STACK_RULES.map((r) => stackPolicy(r)),
    waivedFindingsPolicy(POLICY.waivedFindings),
];

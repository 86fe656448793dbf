// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// What a policy pack describes and returns, as the pulumirpc.Analyzer protocol carries it: shared by
// both engines without loading the gRPC client (only the protocol engine needs it).

/** Enforcement levels as the proto numbers them. */
export const LEVEL_NAMES = ["advisory", "mandatory", "disabled", "remediate"] as const;
/** An enforcement level name. */
export type LevelName = (typeof LEVEL_NAMES)[number];

/** A policy as the pack describes itself (GetAnalyzerInfo). */
export interface PolicyDescription {
    name: string;
    description: string;
    enforcementLevel: LevelName;
    tags: string[];
    configSchema?: { properties: Record<string, unknown>; required: string[] };
}

/** The pack's self-description. */
export interface PackInfo {
    name: string;
    version: string;
    policies: PolicyDescription[];
    initialConfig: Record<string, { enforcementLevel: LevelName; properties: Record<string, unknown> }>;
}

/** One diagnostic the pack returned, attributed to a resource. */
export interface Diagnostic {
    policyName: string;
    description: string;
    message: string;
    enforcementLevel: LevelName;
    /** URN of the resource: the diagnostic's own, else the analyzed resource's; "" for stack-wide. */
    urn: string;
}

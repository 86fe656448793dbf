// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Judges plain manifest files as `npm run check -- --manifests <files>` does (graph-only rules off),
// in-process, and counts the findings per risk ID (`!` marks a mandatory one).
import { evaluateResources } from "../../engine";
import { readManifests } from "../../engine/manifests/read";
import { GRAPH_ONLY_POLICIES } from "../../scripts/check";

/** The gate and the findings per risk ID of manifest files, with every finding's message for assertion output. */
export async function judgeManifests(
    paths: string[],
): Promise<{ got: { gate: string; findings: Record<string, number> }; why: string }> {
    const resources = readManifests(paths, "infra");
    const packConfig = Object.fromEntries(GRAPH_ONLY_POLICIES.map((p) => [p, "disabled"]));
    const evaluation = await evaluateResources("infra", resources, { packConfig });
    const findings: Record<string, number> = {};
    for (const f of evaluation.findings) {
        const key = `${f.risk}${f.enforcement === "mandatory" ? "!" : ""}`;
        findings[key] = (findings[key] ?? 0) + 1;
    }
    return {
        got: { gate: evaluation.gate.suggested_gate, findings },
        why: evaluation.findings.map((f) => `${f.risk} ${f.message}`).join("\n"),
    };
}

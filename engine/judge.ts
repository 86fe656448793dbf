// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The policy work of `check`: judge the program's stacks (recorded under mocks) or plain manifests
// with either engine, the cross-stack Cilium drift, and which policies were off and why. The
// command (scripts/check.ts) only parses, reads files, prints and chooses the exit code.
import * as path from "path";
import { ciliumDriftFindings } from "../components/cilium/drift";
import { StackFile } from "../config/stackFile";
import { ValidStack } from "../config/validate";
import type { PackInfo } from "./types";
import { Finding } from "../policies/lib/findings";
import { computeGate } from "../policies/lib/gate";
import { riskById } from "../policies/register";
import { EngineName, evaluateResources, evaluateStack, GATE_REGISTER, StackEvaluation } from "./evaluate";
import { localPack, packInfoOf } from "./inprocess/localPack";
import { DisabledPolicy, disabledPolicies, downgradesOf, PolicyDowngrade } from "./packConfig";
import { RecordedResource } from "./recording/program";
import { CrossStackFinding, driftFindings, Locator, manifestLocator, programLocatorFor } from "./reports";
import type { PackClient } from "./protocol/client";

/** Graph rules that need Pulumi's provider and dependency facts, which plain manifests do not carry. */
export const GRAPH_ONLY_POLICIES = [
    "cluster-platform-cilium-cluster-pinning",
    "cluster-platform-cilium-dependency-order",
    "cluster-platform-cilium-release-protected",
    "cluster-platform-floe-postgres-protected",
];

/** What one run judged: per-stack evaluations, cross-stack findings, the policies that were off, where findings point. */
export interface Judgement {
    evaluations: StackEvaluation[];
    cross: CrossStackFinding[];
    disabled: DisabledPolicy[];
    /** Every policy the user's pack config lowers below its register level, approved or not. */
    downgrades: PolicyDowngrade[];
    locate: (e: StackEvaluation) => Locator;
}

/**
 * The findings an unapproved downgrade stands for: one mandatory, stack-wide finding per risk of the
 * lowered policy, filed under that policy. `check` blocks on every unapproved downgrade; with these
 * findings every report (text, gate, risk profile, SARIF, JUnit, job summary) says so too. Pure.
 */
export function unapprovedDowngradeFindings(downgrades: readonly PolicyDowngrade[]): Finding[] {
    return downgrades
        .filter((d) => d.problem)
        .flatMap((d) =>
            d.risks.map((risk) => ({
                risk,
                score: riskById(risk).score ?? 0,
                policy: d.policy,
                enforcement: "mandatory" as const,
                resource: "",
                message: `${d.policy} is set ${d.to} (register level ${d.from}) by ${d.by}, so ${risk} goes ${d.to === "disabled" ? "unchecked" : "unenforced"}: ${d.problem!}.`,
            })),
        );
}

/** The evaluations with {@link unapprovedDowngradeFindings} added, their gate and blocked flag recomputed. Pure. */
export function withUnapprovedDowngrades(
    evaluations: readonly StackEvaluation[],
    downgrades: readonly PolicyDowngrade[],
): StackEvaluation[] {
    const added = unapprovedDowngradeFindings(downgrades);
    if (added.length === 0) {
        return [...evaluations];
    }
    return evaluations.map((e) => {
        const findings = [...e.findings, ...added];
        return { ...e, findings, gate: computeGate(findings, GATE_REGISTER), blocked: true };
    });
}

/** The pack server for the protocol engine (its gRPC client loaded only then); none in-process. */
async function startServer(engine: EngineName): Promise<PackClient | undefined> {
    if (engine !== "protocol") {
        return undefined;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require("./protocol/client") as typeof import("./protocol/client")).PackClient.start();
}

/**
 * Runs `fn` while the protocol engine's pack process starts beside it (none in-process), so its
 * start-up overlaps whatever `fn` does first; every path, thrown errors included, stops it.
 */
export async function withPackStarting<T>(
    engine: EngineName,
    fn: (starting: Promise<PackClient | undefined>) => Promise<T>,
): Promise<T> {
    const starting = startServer(engine);
    starting.catch(() => undefined);
    try {
        return await fn(starting);
    } finally {
        await (await starting.catch(() => undefined))?.stop();
    }
}

/** The pack's description: from its server (protocol engine) or from the pack loaded in-process. */
async function packInfo(server: PackClient | undefined): Promise<PackInfo> {
    return server ? server.info() : packInfoOf(localPack());
}

/**
 * Records and judges the selected stacks; cross-stack drift only when every stack is selected.
 * Throws a PackConfigError for a bad pack config.
 */
export async function judgeStacks(
    stacks: readonly ValidStack[],
    only: string,
    files: StackFile[],
    options: { engine: EngineName; server: PackClient | undefined; packConfig?: Record<string, unknown> },
    projectDir: string,
): Promise<Judgement> {
    const selected = only === "all" ? stacks : stacks.filter((s) => s.stack === only);
    const cross = only === "all" ? driftFindings(ciliumDriftFindings(stacks), files, projectDir) : [];
    const evaluations: StackEvaluation[] = [];
    for (const s of selected) {
        evaluations.push(await evaluateStack(s.config, options));
    }
    const info = await packInfo(options.server);
    const disabled = disabledPolicies(info, options.packConfig);
    const downgrades = downgradesOf(info, options.packConfig);
    return {
        evaluations: withUnapprovedDowngrades(evaluations, downgrades),
        cross,
        disabled,
        downgrades,
        locate: programLocatorFor(projectDir, files),
    };
}

/** Why each graph-only policy is off for plain manifests (the pack config may have switched it off itself). */
export const PLAIN_MANIFESTS_REASON = "check: plain manifests carry no Pulumi graph facts";

/**
 * Judges manifests read by readManifests as one stack. Plain manifests (no rendered graph facts)
 * switch the graph-only rules off unless the pack config sets them; `notify` hears it first.
 * Throws a PackConfigError for a bad pack config.
 */
export async function judgeManifests(
    resources: RecordedResource[],
    stack: string,
    objects: ReadonlyMap<string, { file: string; line: number }>,
    options: { engine: EngineName; server: PackClient | undefined; packConfig?: Record<string, unknown> },
    projectDir: string,
    notify: (notice: string) => void,
): Promise<Judgement> {
    const plain = resources.some((r) => r.provider === "" && r.type.startsWith("kubernetes:"));
    const config = { ...(options.packConfig ?? {}) };
    if (plain) {
        for (const p of GRAPH_ONLY_POLICIES) {
            config[p] ??= "disabled";
        }
        notify(
            `plain manifests carry no Pulumi provider or dependency facts; these rules need them and are off for this run: ${GRAPH_ONLY_POLICIES.join(", ")}`,
        );
    }
    const { engine, server } = options;
    const evaluation = await evaluateResources(stack, resources, { engine, server, packConfig: config });
    const info = await packInfo(server);
    // Only the user's own settings are downgrades: check switches the graph-only rules off itself.
    const downgrades = downgradesOf(info, options.packConfig);
    const disabled = disabledPolicies(info, config).map((d) =>
        plain && GRAPH_ONLY_POLICIES.includes(d.policy) && options.packConfig?.[d.policy] === undefined
            ? { ...d, by: PLAIN_MANIFESTS_REASON }
            : d,
    );
    const first = [...objects.values()][0] ?? { file: "Pulumi.yaml", line: 1 };
    const locate = () =>
        manifestLocator(objects, projectDir, {
            file: path.relative(projectDir, first.file),
            line: 1,
        });
    return { evaluations: withUnapprovedDowngrades([evaluation], downgrades), cross: [], disabled, downgrades, locate };
}

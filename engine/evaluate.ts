// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// evaluateStack: record a stack under preview-mode mocks and judge it with the unmodified policy
// pack, in this process (default) or over the Analyzer protocol, then map diagnostics to risks and compute the gate.
import { PROJECT, StackConfig } from "../config/schema";
import { Finding, parseFinding, UNPROVABLE_PHRASE } from "../policies/lib/findings";
import { computeGate, RiskSummary } from "../policies/lib/gate";
import { highestRisk, isBlocking } from "../policies/lib/scoring";
import { REGISTER, riskById } from "../policies/register";
import { analyzeInProcess, InProcessPack, localPack, packInfoOf } from "./inprocess/localPack";
import { EffectivePackConfig, reconcilePackConfig, UserPackConfig } from "./packConfig";
import { providersByUrn, providerUrnOf } from "./recording/graph";
import { RecordedResource } from "./recording/program";
import type { Diagnostic, PackInfo } from "./types";
import type { PackClient } from "./protocol/client";
import { SECRET_SIG, SECRET_SIG_KEY } from "../policies/runtime/wire";

/** The outcome of judging one stack. */
export interface StackEvaluation {
    stack: string;
    resources: RecordedResource[];
    diagnostics: Diagnostic[];
    findings: Finding[];
    gate: RiskSummary;
    /** True when any unwaived mandatory finding exists: `pulumi preview` would fail. */
    blocked: boolean;
}

/** How the pack judges: its policies in this process, or its own server over the Analyzer protocol. */
export type EngineName = "inprocess" | "protocol";

/** Options of {@link evaluateStack} and {@link evaluateResources}. */
export interface EvaluateOptions {
    /** Default: "protocol" when a server is given, else "inprocess". */
    engine?: EngineName;
    /** Protocol engine: a running server to reuse; without one a server is started and stopped around the call. */
    server?: PackClient;
    /** In-process engine: the pack to run (default: this repository's `policies/`). */
    pack?: InProcessPack;
    /** The user's pack config (`--policy-pack-config`). */
    packConfig?: UserPackConfig;
}

/** Analyze calls in flight at once on the protocol engine. */
const ANALYZE_IN_FLIGHT = 64;

const CANT_RUN = /^can't run policy '([^']+)' from policy pack/;

/** Every string inside a Pulumi secret in wire-form properties (the policy SDK hands them to rules unwrapped). */
export function secretStringsOf(value: unknown, inSecret = false, out: Set<string> = new Set()): Set<string> {
    if (typeof value === "string") {
        if (inSecret && value.length > 0) {
            out.add(value);
        }
    } else if (Array.isArray(value)) {
        value.forEach((v) => secretStringsOf(v, inSecret, out));
    } else if (typeof value === "object" && value !== null) {
        const o = value as Record<string, unknown>;
        const secret = inSecret || o[SECRET_SIG_KEY] === SECRET_SIG;
        for (const [k, v] of Object.entries(o)) {
            if (k !== SECRET_SIG_KEY) {
                secretStringsOf(typeof v === "number" || typeof v === "boolean" ? String(v) : v, secret, out);
            }
        }
    }
    return out;
}

/** Replaces every secret string in a text with [secret]; pass them longest first so no secret is cut by a shorter one. */
export function redact(text: string, secretsLongestFirst: readonly string[]): string {
    let out = text;
    for (const s of secretsLongestFirst) {
        out = out.split(s).join("[secret]");
    }
    return out;
}

/** Maps one diagnostic to a finding: its risk, score and waiver from the message, fail-closed for unknowns. */
export function findingOf(d: Diagnostic, info: PackInfo): Finding {
    const text = d.message.startsWith(`${d.description}\n`) ? d.message.slice(d.description.length + 1) : d.message;
    const parsed = parseFinding(text);
    if (parsed) {
        return {
            risk: parsed.risk,
            score: parsed.score,
            policy: d.policyName,
            enforcement: parsed.waiver
                ? "advisory"
                : d.enforcementLevel === "mandatory" || d.enforcementLevel === "remediate"
                  ? "mandatory"
                  : "advisory",
            resource: d.urn,
            message: parsed.message,
            ...(parsed.message.startsWith(UNPROVABLE_PHRASE) ? { unprovable: true } : {}),
            ...(parsed.waiver ? { waiver: parsed.waiver } : {}),
        };
    }
    const cantRun = CANT_RUN.exec(text);
    const policyName = cantRun ? cantRun[1] : d.policyName;
    const policy = info.policies.find((p) => p.name === policyName);
    const risks = (policy?.tags ?? []).filter((t) => REGISTER.some((e) => e.id === t));
    const risk = highestRisk(risks, (r) => riskById(r).score ?? 0);
    const score = risk ? (riskById(risk).score ?? 0) : 0;
    // The SDK downgrades an unreadable value to advisory; a rule that blocks at its score must not pass because of it.
    const enforcement = cantRun
        ? isBlocking(score) && policy?.enforcementLevel !== "disabled"
            ? "mandatory"
            : "advisory"
        : d.enforcementLevel === "mandatory"
          ? "mandatory"
          : "advisory";
    return {
        risk: risk ?? "UNMAPPED",
        score,
        policy: policyName,
        enforcement,
        resource: d.urn,
        message: text,
        ...(cantRun ? { unprovable: true } : {}),
    };
}

/** Judges an already-recorded resource graph of one stack. */
export async function evaluateResources(
    stack: string,
    resources: RecordedResource[],
    options: EvaluateOptions = {},
): Promise<Omit<StackEvaluation, "resources"> & { resources: RecordedResource[] }> {
    if (resources.length === 0) {
        throw new Error(`stack ${stack}: no resources to evaluate`);
    }
    const engine = options.engine ?? (options.server ? "protocol" : "inprocess");
    if (engine === "inprocess") {
        const pack = options.pack ?? localPack();
        const info = packInfoOf(pack);
        const config = reconcilePackConfig(info, options.packConfig);
        return judged(stack, resources, info, await analyzeInProcess(pack, resources, config));
    }
    // Loaded only for this engine: the gRPC client is not needed in-process.
    const { PackClient: Server, StackRequestBuilder } =
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require("./protocol/client") as typeof import("./protocol/client");
    const own = !options.server;
    const server = options.server ?? (await Server.start());
    try {
        await server.configureStack(stack, PROJECT);
        const info = await server.info();
        const config: EffectivePackConfig = reconcilePackConfig(info, options.packConfig);
        await server.configure(config);
        const providers = providersByUrn(resources);
        const custom = resources.filter((r) => r.custom);
        const perResource: Diagnostic[][] = new Array(custom.length);
        // A bounded number of calls in flight: each call's deadline starts when it is sent, so ten
        // thousand queued calls cannot time out while they wait behind each other.
        let next = 0;
        const stackRequest = new StackRequestBuilder(resources, providers);
        const worker = async (): Promise<void> => {
            while (next < custom.length) {
                const i = next++;
                const answer = server.analyze(custom[i], providers.get(providerUrnOf(custom[i].provider)));
                // While the calls are out this process mostly waits for the pack: build AnalyzeStack's request meanwhile.
                stackRequest.advance();
                perResource[i] = await answer;
            }
        };
        await Promise.all(Array.from({ length: Math.min(ANALYZE_IN_FLIGHT, custom.length) }, worker));
        const stackWide = await server.analyzeStack(resources, providers, stackRequest);
        return judged(stack, resources, info, [...perResource.flat(), ...stackWide]);
    } finally {
        if (own) {
            await server.stop();
        }
    }
}

/** Redacts the pack's diagnostics, maps them to findings and computes the gate. */
function judged(
    stack: string,
    resources: RecordedResource[],
    info: PackInfo,
    raw: readonly Diagnostic[],
): StackEvaluation {
    const secrets = new Set<string>();
    resources.forEach((r) => secretStringsOf(r.wireInputs, false, secrets));
    // Rules see secrets unwrapped and may quote a value; nothing leaves the engine unredacted.
    const longestFirst = [...secrets].sort((x, y) => y.length - x.length);
    const diagnostics = raw.map((d) => ({
        ...d,
        message: redact(d.message, longestFirst),
    }));
    const findings = diagnostics.map((d) => findingOf(d, info));
    const gate = computeGate(
        findings,
        (id) => (id === "UNMAPPED" ? "unmapped policy" : riskById(id).title),
        (id) => (id === "UNMAPPED" ? "map the policy to a register entry" : riskById(id).mitigation),
    );
    return {
        stack,
        resources,
        diagnostics,
        findings,
        gate,
        blocked: findings.some((f) => f.enforcement === "mandatory" && !f.waiver),
    };
}

/** Records one stack's platform under preview-mode mocks and judges it with the policy pack. */
export async function evaluateStack(config: StackConfig, options: EvaluateOptions = {}): Promise<StackEvaluation> {
    // Loaded here: recording needs the Pulumi SDK and the components, judging manifests does not.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { recordStack } = require("./recording/stack") as typeof import("./recording/stack");
    const resources = await recordStack(config);
    return evaluateResources(config.cluster.name, resources, options);
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The in-process engine: runs the pack's own policy objects in this process with the semantics of
// @pulumi/policy 1.21's Analyzer server (enforcement from the config, "can't run policy" for unknown
// values, diagnostics shaped as over the wire), without gRPC and with one deserialization per resource.
import type {
    Policies,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import * as fs from "fs";
import * as path from "path";
import { projectRoot } from "../../config/load";
import { EffectivePackConfig } from "../packConfig";
import type { Diagnostic, LevelName, PackInfo } from "../types";
import { providerUrnOf } from "../recording/graph";
import { isTypeOf, policyOptionsOf, Prepared, propsOf } from "./policyView";
import { RecordedResource } from "../recording/program";
import { UnknownValueError } from "../../policies/runtime/sdkInternals";

/** A policy pack loaded in this process: what `new PolicyPack(name, { policies })` would serve. */
export interface InProcessPack {
    name: string;
    version: string;
    policies: Policies;
}

/** Raised when a policy throws anything but an unknown-value error (the server answers such a call with a gRPC error). */
export class PolicyRunError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PolicyRunError";
    }
}

/** The pack of this repository (`policies/`), its version read from the pack's package.json as the server does. */
export function localPack(): InProcessPack {
    // Loaded on demand so that importing the engine does not load every rule module.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { PACK_NAME, policies } = require("../../policies/policies") as typeof import("../../policies/policies");
    // Compiled or not, the pack folder is the project's `policies/` (its package.json is not compiled).
    const pkg = path.join(projectRoot(__dirname), "policies", "package.json");
    const version = (JSON.parse(fs.readFileSync(pkg, "utf8")) as { version: string }).version;
    return { name: PACK_NAME, version, policies };
}

function isResourcePolicy(p: Policies[number]): p is ResourceValidationPolicy {
    const v = (p as ResourceValidationPolicy).validateResource;
    return typeof v === "function" || Array.isArray(v);
}

function isStackPolicy(p: Policies[number]): p is StackValidationPolicy {
    return typeof (p as StackValidationPolicy).validateStack === "function";
}

/** What GetAnalyzerInfo answers for this pack (no pack-level level or initial config, as `policies/index.ts` builds it). */
export function packInfoOf(pack: InProcessPack): PackInfo {
    return {
        name: pack.name,
        version: pack.version,
        initialConfig: {},
        policies: pack.policies.map((p) => ({
            name: p.name,
            description: p.description,
            enforcementLevel: p.enforcementLevel ?? "advisory",
            tags: p.tags ?? [],
            ...(p.configSchema
                ? {
                      configSchema: {
                          // The wire carries the schema as a Struct: plain JSON.
                          properties: JSON.parse(JSON.stringify(p.configSchema.properties)) as Record<string, unknown>,
                          required: p.configSchema.required ?? [],
                      },
                  }
                : {}),
        })),
    };
}

/** Thrown by `args.notApplicable()`; the server only counts it, never reports it. */
class NotApplicable extends Error {}
const notApplicable = (reason?: string): never => {
    throw new NotApplicable(reason);
};

function levelOf(p: Policies[number], config: EffectivePackConfig): LevelName {
    const level = config[p.name]?.enforcementLevel || p.enforcementLevel || "advisory";
    // A remediation that still reports is mandatory; stack policies cannot remediate.
    return level === "remediate" ? "mandatory" : level;
}

function reporter(p: Policies[number], level: LevelName, fallbackUrn: string, out: Diagnostic[]): ReportViolation {
    return (message, urn) => {
        if (typeof message === "object") {
            // The object form of @pulumi/policy 1.21 (per-finding fields), mapped as the server maps it.
            const m = message as { name?: string; message?: string; description?: string; urn?: string } & {
                enforcementLevel?: LevelName;
            };
            out.push({
                policyName: m.name || p.name,
                description: m.description || p.description,
                message: m.message || m.description || p.description,
                enforcementLevel: m.enforcementLevel || level,
                urn: m.urn || fallbackUrn,
            });
            return;
        }
        out.push({
            policyName: p.name,
            description: p.description,
            message: message ? `${p.description}\n${message}` : p.description,
            enforcementLevel: level,
            urn: urn || fallbackUrn,
        });
    };
}

/** Runs one validation the way the server does: unknown values become an advisory "can't run" diagnostic. */
function runValidation(
    pack: InProcessPack,
    p: Policies[number],
    run: () => void | Promise<void>,
    fallbackUrn: string,
    out: Diagnostic[],
    pending: Promise<void>[],
): void {
    const onError = (e: unknown): void => {
        const policyFrom = `policy '${p.name}' from policy pack '${pack.name}@v${pack.version}'`;
        if (e instanceof UnknownValueError) {
            out.push({
                policyName: p.name,
                description: p.description,
                message: `can't run ${policyFrom} during preview: ${(e as Error).message}`,
                enforcementLevel: "advisory",
                urn: fallbackUrn,
            });
        } else if (!(e instanceof NotApplicable)) {
            throw new PolicyRunError(`Error validating resource with ${policyFrom}: ${(e as Error).stack ?? e}`);
        }
    };
    try {
        const result = run();
        if (result && typeof (result as Promise<void>).then === "function") {
            pending.push((result as Promise<void>).catch(onError));
        }
    } catch (e) {
        onError(e);
    }
}

/**
 * Judges a recorded graph in this process: every enabled resource policy on each custom resource (as
 * Analyze), then every enabled stack policy on the whole graph (as AnalyzeStack), in the server's
 * order. Each resource's properties are deserialized once and shared by every policy.
 */
export async function analyzeInProcess(
    pack: InProcessPack,
    resources: readonly RecordedResource[],
    config: EffectivePackConfig,
): Promise<Diagnostic[]> {
    const stackTags = new Map<string, string>();
    const byUrn = new Map<string, Prepared>();
    const prepared: Prepared[] = resources.map((r) => {
        const p: Prepared = { r, props: propsOf(r.wireInputs), opts: policyOptionsOf(r) };
        byUrn.set(r.urn, p);
        return p;
    });
    for (const p of prepared) {
        const provider = p.r.provider ? byUrn.get(providerUrnOf(p.r.provider)) : undefined;
        if (provider && provider.r.type.startsWith("pulumi:providers:")) {
            p.provider = { type: provider.r.type, name: provider.r.name, urn: provider.r.urn, props: provider.props };
        }
    }
    const getConfig = (name: string) => () => ({ ...(config[name]?.properties ?? {}) }) as never;
    const resourcePolicies = pack.policies.filter(
        // A remediation-only policy has no validateResource: the server reports it as not applicable.
        (p): p is ResourceValidationPolicy & Required<Pick<ResourceValidationPolicy, "validateResource">> =>
            isResourcePolicy(p) && levelOf(p, config) !== "disabled",
    );
    const perResource: Diagnostic[] = [];
    const pending: Promise<void>[] = [];
    for (const res of prepared) {
        if (!res.r.custom) {
            continue;
        }
        const type = res.r.type;
        for (const p of resourcePolicies) {
            const validations = Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource];
            const typed = validations.length === 1 ? (validations[0] as { __pulumiType?: string }).__pulumiType : "";
            if (typed && typed !== type) {
                continue;
            }
            const report = reporter(p, levelOf(p, config), res.r.urn, perResource);
            for (const validate of validations) {
                const args: ResourceValidationArgs = {
                    type,
                    props: res.props,
                    urn: res.r.urn,
                    name: res.r.name,
                    opts: res.opts,
                    stackTags,
                    isType: (c) => isTypeOf(type, c),
                    asType: ((c: unknown) => (isTypeOf(type, c) ? res.props : undefined)) as never,
                    getConfig: getConfig(p.name),
                    notApplicable,
                    ...(res.provider ? { provider: res.provider } : {}),
                };
                runValidation(pack, p, () => validate(args, report), res.r.urn, perResource, pending);
            }
        }
    }
    await Promise.all(pending);
    const stackResources: PolicyResource[] = prepared.map((res) => ({
        type: res.r.type,
        props: res.props,
        urn: res.r.urn,
        name: res.r.name,
        opts: res.opts,
        dependencies: [],
        propertyDependencies: {},
        isType: (c) => isTypeOf(res.r.type, c),
        asType: ((c: unknown) => (isTypeOf(res.r.type, c) ? res.props : undefined)) as never,
        ...(res.provider ? { provider: res.provider } : {}),
    }));
    const resourceOf = new Map(stackResources.map((s) => [s.urn, s]));
    prepared.forEach((res, i) => {
        const s = stackResources[i];
        const parent = res.r.parent ? resourceOf.get(res.r.parent) : undefined;
        if (parent) {
            s.parent = parent;
        }
        s.dependencies = res.r.dependencies.map((d) => resourceOf.get(d)).filter((d): d is PolicyResource => !!d);
        for (const [k, urns] of Object.entries(res.r.propertyDependencies)) {
            s.propertyDependencies[k] = urns.map((d) => resourceOf.get(d)).filter((d): d is PolicyResource => !!d);
        }
    });
    const stackWide: Diagnostic[] = [];
    for (const p of pack.policies) {
        const level = levelOf(p, config);
        if (level === "disabled" || !isStackPolicy(p)) {
            continue;
        }
        const typed = (p.validateStack as { __pulumiType?: string }).__pulumiType;
        if (typed && !resources.some((r) => r.type === typed)) {
            continue;
        }
        const args: StackValidationArgs = {
            resources: stackResources,
            getConfig: getConfig(p.name),
            stackTags,
            notApplicable,
        };
        const stackPending: Promise<void>[] = [];
        runValidation(
            pack,
            p,
            () => p.validateStack(args, reporter(p, level, "", stackWide)),
            "",
            stackWide,
            stackPending,
        );
        // Stack policies run one after another: the waived-findings ledger depends on the order.
        await Promise.all(stackPending);
    }
    return [...perResource, ...stackWide];
}

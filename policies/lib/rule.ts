// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Turns a rule (its risks, text and check) into a CrossGuard policy whose enforcement comes from
// the register's score alone, which fails closed on values unknown at preview, and which honours
// waivers from its pack config.
import type {
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { riskById } from "../register";
import { enforcementForRisk, Enforcement, highestRisk, isMandatoryRisk, severityForScore } from "./scoring";
import { formatFinding, formatWaivedFinding, UNPROVABLE_PHRASE } from "./findings";
import {
    Downgrade,
    DOWNGRADE_CONFIG_SCHEMA,
    matchWaivers,
    parseDowngrade,
    parseWaivers,
    Waiver,
    WAIVERS_CONFIG_SCHEMA,
} from "./waivers";
import { approversOf, Approvers, APPROVERS_CONFIG_SCHEMA, downgradeProblem, waiverProblem } from "./waiverAuthority";
import { UnknownValueError } from "../runtime/sdkInternals";

/** What every rule declares. */
export interface RuleSpec {
    /** Policy name, `cluster-platform-<area>-<what>`. */
    name: string;
    /** One full sentence stating the rule. */
    description: string;
    /** Register IDs this rule reports; all on the same side of the blocking threshold. */
    risks: readonly string[];
    /** What to change to comply. */
    remediationSteps: string;
    /** Where to read more; defaults to the rule's section of docs/policies.md (see `ruleUrl`). */
    url?: string;
}

/** Reports one finding: the risk it belongs to, the message (offending value + exact fix), and for stack rules the resource URN. */
export type Report = (risk: string, message: string, urn?: string) => void;

/** What a resource rule sees of a resource. */
export interface ResourceView {
    type: string;
    name: string;
    urn: string;
    props: Record<string, unknown>;
    /** The resource options policies can see (protect, ignoreChanges, ...); absent in some test fixtures. */
    opts?: { protect?: boolean; ignoreChanges?: string[]; deleteBeforeReplace?: boolean };
    /** URN of the Pulumi provider that manages it; absent for an object read from a plain manifest. */
    provider?: string;
}

/** A rule evaluated on each resource. */
export interface ResourceRule extends RuleSpec {
    kind: "resource";
    check(resource: ResourceView, report: Report): void;
}

/** A rule evaluated once on the whole stack (cross-resource rules). */
export interface StackRule extends RuleSpec {
    kind: "stack";
    check(resources: readonly PolicyResource[], report: Report): void;
}

/** Any rule; a file under `policies/rules/` exports exactly one. */
export type Rule = ResourceRule | StackRule;

/** The name of the advisory policy that lists waived findings. */
export const WAIVED_FINDINGS_POLICY = "cluster-platform-waived-findings";

/** A rule's documentation link: its own `url`, else its section of the generated docs/policies.md. */
export function ruleUrl(spec: RuleSpec): string {
    return spec.url ?? `docs/policies.md#${spec.name}`;
}

/** True when a module export is a rule (what rule discovery keeps). */
export function isRule(v: unknown): v is Rule {
    const r = v as Partial<Rule> | null;
    return (
        typeof r === "object" &&
        r !== null &&
        (r.kind === "resource" || r.kind === "stack") &&
        typeof r.name === "string" &&
        typeof r.check === "function"
    );
}

/** A waived finding kept until the stack analysis reports it. */
export interface WaivedEntry {
    urn: string;
    text: string;
    /** The policy whose finding it is: the waived-findings policy reports it under that name. */
    policy: string;
}

/** Waived findings of the current analysis, keyed by URN; reported and cleared by the waived-findings policy. */
export const waivedLedger = new Map<string, WaivedEntry[]>();

/**
 * The score and enforcement a rule gets from the register: the highest score among its risks, and
 * mandatory when they block (by score or as a document-declared blocker).
 */
export function ruleScore(spec: RuleSpec): { score: number; enforcement: Enforcement } {
    const entries = spec.risks.map((r) => riskById(r));
    const score = Math.max(...entries.map((e) => e.score ?? 0));
    const levels = new Set(entries.map((e) => enforcementForRisk(e)));
    if (levels.size > 1) {
        throw new Error(
            `${spec.name}: risks ${spec.risks.join(", ")} mix blocking and non-blocking risks; split the rule`,
        );
    }
    return { score, enforcement: [...levels][0] };
}

function metadata(spec: RuleSpec): Omit<ResourceValidationPolicy, "validateResource"> {
    const { score, enforcement } = ruleScore(spec);
    return {
        name: spec.name,
        description: spec.description,
        enforcementLevel: enforcement,
        severity: severityForScore(score),
        tags: [...spec.risks, `score-${score}`],
        remediationSteps: spec.remediationSteps,
        url: ruleUrl(spec),
        configSchema: {
            properties: {
                waivers: WAIVERS_CONFIG_SCHEMA,
                approvers: APPROVERS_CONFIG_SCHEMA,
                downgrade: DOWNGRADE_CONFIG_SCHEMA,
            },
        },
    };
}

/** What a rule reads from its own pack-config entry. */
interface RuleConfig {
    waivers?: unknown;
    approvers?: Approvers;
    downgrade?: unknown;
}

/** A downgrade as the waiver of each of the rule's risks on every resource. */
function downgradeWaivers(spec: RuleSpec, d: Downgrade | undefined): Waiver[] {
    return d ? spec.risks.map((risk) => ({ ...d, risk, resource: "*" })) : [];
}

/**
 * Builds the reporter a check calls: resolves the risk's score, applies waivers and an approved
 * downgrade (a waived finding goes to the ledger instead of blocking; an expired waiver, or one that
 * does not meet its risk's condition, is named in the finding's message). A finding of a mandatory
 * rule is reported at `mandatory` whatever level the pack config sets (the object form of
 * reportViolation, whose level wins over the configured one): only an approved downgrade lowers it.
 */
function makeReporter(
    spec: RuleSpec,
    config: RuleConfig | undefined,
    report: ReportViolation,
    fallback: { name: string; urn: string },
    nameOf: (urn: string) => string,
    now: Date,
): Report {
    const waivers = parseWaivers(spec.name, config?.waivers, spec.risks);
    const downgrade = parseDowngrade(spec.name, config?.downgrade);
    const approvers = config?.approvers;
    const downgradeIssue = downgrade
        ? downgradeProblem(spec.name, spec.risks.map(riskById), downgrade, approvers, now)
        : undefined;
    const all = [...waivers, ...(downgrade && !downgradeIssue ? downgradeWaivers(spec, downgrade) : [])];
    const mandatory = ruleScore(spec).enforcement === "mandatory";
    return (risk, message, urn) => {
        if (!spec.risks.includes(risk)) {
            throw new Error(`${spec.name} reported ${risk}, which is not among its risks (${spec.risks.join(", ")})`);
        }
        const entry = riskById(risk);
        const score = entry.score ?? 0;
        const target = urn ? { urn, name: nameOf(urn) } : fallback;
        const { allActive, expired } = matchWaivers(all, risk, target, now);
        const active = allActive.find((w) => !waiverProblem(w, entry, approvers));
        if (active) {
            const list = waivedLedger.get(target.urn) ?? [];
            const approvedBy = approversOf(active);
            list.push({
                urn: target.urn,
                policy: spec.name,
                text: formatWaivedFinding(
                    risk,
                    score,
                    {
                        owner: active.owner,
                        expires: active.expires,
                        reason: active.reason,
                        ...(approvedBy.length > 0 ? { approvedBy } : {}),
                    },
                    message,
                ),
            });
            waivedLedger.set(target.urn, list);
            return;
        }
        const refused = allActive.length > 0 ? waiverProblem(allActive[0], entry, approvers) : undefined;
        const why = [
            ...(refused ? [refused] : []),
            ...(downgradeIssue ? [downgradeIssue] : []),
            ...(!refused && expired
                ? [`the waiver by ${expired.owner} expired on ${expired.expires}, so this counts again`]
                : []),
        ];
        const text = formatFinding(
            risk,
            score,
            message + (why.length > 0 ? ` (${why.join("; ")})` : ""),
            refused !== undefined || downgradeIssue !== undefined,
        );
        if (mandatory) {
            // @pulumi/policy 1.21 (server.js makeReportViolationFun) takes this object form; its type
            // declares only the string form.
            (report as unknown as (v: { message: string; urn?: string; enforcementLevel: string }) => void)({
                message: text,
                ...(urn ? { urn } : {}),
                enforcementLevel: "mandatory",
            });
        } else {
            report(text, urn);
        }
    };
}

/** The highest-score risk of a rule: the one an unprovable finding is filed under. */
function primaryRisk(spec: RuleSpec): string {
    return highestRisk(spec.risks, (r) => riskById(r).score ?? 0)!;
}

/**
 * What a rule's exception becomes. A value unknown at preview gives the "cannot prove" finding of a
 * blocking rule (a lower rule rethrows it, and the SDK reports it as advisory). Anything else, say a
 * malformed property no check foresaw, gives a finding at the rule's score naming the policy, the
 * resource and the error: one bad resource never aborts the analysis, and never passes.
 */
function failClosed(spec: RuleSpec, err: unknown, reporter: Report, target: string): void {
    if (err instanceof UnknownValueError) {
        if (!spec.risks.some((r) => isMandatoryRisk(riskById(r)))) {
            throw err;
        }
        reporter(
            primaryRisk(spec),
            `${UNPROVABLE_PHRASE}: ${(err as Error).message}; the rule needs this value to decide, so the finding blocks until it is known (declare it as a plain value, or preview again after the dependency exists)`,
        );
        return;
    }
    reporter(primaryRisk(spec), failureMessage(spec.name, target, err));
}

/** The text of a rule-failure finding: `policy <name> failed on <resource>: <error>`. */
export function failureMessage(policy: string, target: string, err: unknown): string {
    const text = err instanceof Error ? err.message : String(err);
    return `policy ${policy} failed on ${target}: ${text.split("\n")[0]}; the rule could not decide, so this counts as a finding until the input is fixed`;
}

/** A resource policy from a rule. */
export function resourcePolicy(rule: ResourceRule, now: () => Date = () => new Date()): ResourceValidationPolicy {
    return {
        ...metadata(rule),
        validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
            const reporter = makeReporter(
                rule,
                args.getConfig<RuleConfig>(),
                report,
                { name: args.name, urn: args.urn },
                () => args.name,
                now(),
            );
            try {
                rule.check(
                    {
                        type: args.type,
                        name: args.name,
                        urn: args.urn,
                        props: args.props,
                        opts: args.opts,
                        ...(args.provider ? { provider: args.provider.urn } : {}),
                    },
                    reporter,
                );
            } catch (err) {
                failClosed(rule, err, reporter, `${args.type} ${args.name}`);
            }
        },
    };
}

/** A stack policy from a rule. */
export function stackPolicy(rule: StackRule, now: () => Date = () => new Date()): StackValidationPolicy {
    return {
        ...metadata(rule),
        validateStack: (args: StackValidationArgs, report: ReportViolation) => {
            // The URN-to-name map is built on the first finding: most stack checks report nothing.
            let names: Map<string, string> | undefined;
            const nameOf = (urn: string): string => {
                names ??= new Map(args.resources.map((r) => [r.urn, r.name]));
                return names.get(urn) ?? "";
            };
            const reporter = makeReporter(
                rule,
                args.getConfig<RuleConfig>(),
                report,
                { name: "", urn: "" },
                nameOf,
                now(),
            );
            try {
                rule.check(args.resources, reporter);
            } catch (err) {
                failClosed(rule, err, reporter, `the stack (${args.resources.length} resources)`);
            }
        },
    };
}

/**
 * The advisory stack policy that reports every waived finding of the analysis (with owner, approvers,
 * expiry and reason), each under the name of the policy that found it, so accepted risks stay
 * visible without blocking. It must be the last policy of the pack.
 */
export function waivedFindingsPolicy(name: string = WAIVED_FINDINGS_POLICY): StackValidationPolicy {
    return {
        name,
        description:
            "Lists every finding an active waiver covers, with its owner, expiry and reason; waived findings never block.",
        enforcementLevel: "advisory",
        severity: "low",
        tags: ["waivers"],
        remediationSteps:
            "Fix the finding and remove the waiver before it expires; an expired waiver makes the finding count again.",
        url: "README.md#waiving-a-risk",
        validateStack: (args: StackValidationArgs, report: ReportViolation) => {
            // The object form of reportViolation (@pulumi/policy 1.21) files each waived finding under
            // the policy that found it, at this policy's advisory level.
            const emit = report as unknown as (v: { name: string; message: string; urn?: string }) => void;
            for (const r of args.resources) {
                for (const entry of waivedLedger.get(r.urn) ?? []) {
                    emit({ name: entry.policy, message: entry.text, urn: entry.urn });
                }
                waivedLedger.delete(r.urn);
            }
            for (const entry of waivedLedger.get("") ?? []) {
                emit({ name: entry.policy, message: entry.text });
            }
            waivedLedger.delete("");
        },
    };
}

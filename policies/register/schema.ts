// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { z } from "zod";

/** Where an entry comes from: the five source documents, or this project's own hygiene baseline. */
export const SOURCES = {
    "dragonfly-risk-profile": "seeds/000: Risk Profile STORY-DB-DRAGONFLY-OPERATOR-CLUSTER (2025-10-22)",
    "dragonfly-change-proposal": "seeds/001: Sprint Change Proposal STORY-DB-DRAGONFLY-OPERATOR-CLUSTER (2025-10-22)",
    "cilium-risk-profile": "seeds/002: Risk Profile STORY-NET-CILIUM-CORE-GITOPS (2025-10-25)",
    "dragonfly-validation-report": "seeds/003: Dragonfly Implementation Validation Report (January 2026)",
    "floe-risks": "seeds/004: floe 09. Risks and Technical Debt",
    "hygiene-baseline": "cluster-platform's own workload hygiene baseline (not from the documents)",
} as const;

/** A register entry's source key. */
export type SourceKey = keyof typeof SOURCES;

const rating = z.int().min(1).max(3);

/** How an entry is enforced: by named policies, by nothing a machine can check (with why), or not yet. */
export const CheckSchema = z.union([
    z.strictObject({ policies: z.array(z.string().regex(/^cluster-platform-[a-z0-9-]+$/)).min(1) }),
    z.strictObject({ manual: z.string().min(10, "a manual entry needs a one-line reason") }),
    z.strictObject({ pending: z.string().min(10, "a pending entry names the issue/component that will enforce it") }),
    z.strictObject({ config: z.string().min(10, "a config-enforced entry names the validation that enforces it") }),
]);

/** A condition a waiver must state, or a compensating control it must name, with the document's own words. */
const WaiverTermSchema = z.strictObject({
    /** What the waiver writes to state it (e.g. `rollback-runbook`). */
    id: z.string().regex(/^[a-z0-9-]+$/),
    /** The document's words. */
    text: z.string().min(5),
});

/**
 * What the risk's own document says about waiving it, where it says more than the Cilium profile's
 * "Waiver Authority" bands (which apply to every other entry): that it may not be waived at all, or
 * the named waiver's condition, extra sign-offs and compensating controls; and the gate when a
 * waiver is attempted without meeting them.
 */
export const WaiverRuleSchema = z.strictObject({
    waivable: z.boolean(),
    /** The document's lines, verbatim. */
    quote: z.string().min(10, "quote the document's waiver line"),
    /** The waiver's name in the document, e.g. "Rollback Testing Waiver". */
    name: z.string().optional(),
    /** The "If:" the waiver may be requested under; a waiver states it by `condition: <id>`. */
    condition: WaiverTermSchema.optional(),
    /** Roles whose sign-off the waiver needs besides its band's authority, each by a different person. */
    signOff: z.array(z.string().min(2)).default([]),
    /** Controls a waiver must name (id → where each is), as `compensatingControls`. */
    compensatingControls: z.array(WaiverTermSchema).default([]),
    /** The document's gate while a waiver is attempted that does not count. */
    refused: z.strictObject({ gate: z.literal("FAIL"), quote: z.string().min(10) }).optional(),
});

/** One register entry. */
export const RiskEntrySchema = z
    .strictObject({
        /** Source-prefixed ID, e.g. DFLY-SEC-001, CIL-TECH-002, FLOE-R-1, DFLY-VR-08.2. */
        id: z.string().regex(/^(DFLY|CIL|FLOE|HYG)-[A-Z0-9.-]+$/),
        /** The ID as the source document writes it (e.g. SEC-001). */
        documentId: z.string().min(1),
        kind: z.enum(["risk", "checklist", "proposal", "debt", "hygiene"]),
        source: z.enum(Object.keys(SOURCES) as [SourceKey, ...SourceKey[]]),
        title: z.string().min(5),
        category: z.string().min(2),
        /** 1–3 as the document rates it; null where the document gives only a score or no rating. */
        probability: rating.nullable(),
        impact: rating.nullable(),
        /** P × I, or the document's own score where it gives no P and I; never inherited from another entry. */
        score: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(6), z.literal(9)]).nullable(),
        mitigation: z.string().min(5),
        /** Test IDs the documents give (DFLY-INT-010, Test 4, ...). */
        tests: z.array(z.string()).default([]),
        /** For checklist/proposal items: the risk they help mitigate (a link, not a score source). */
        mitigates: z.string().optional(),
        /**
         * What the score rests on: the document's own text, verbatim (one line, or a heading with its
         * score line), and an argument where the document does not state the score itself.
         */
        basis: z.strictObject({
            quote: z.string().min(10, "quote the document's line").optional(),
            argument: z.string().min(20, "argue the score from the document's text").optional(),
        }),
        /** The document's own line declaring this risk a blocker (it blocks whatever its score). */
        blocker: z.strictObject({ quote: z.string().min(10, "quote the document's line") }).optional(),
        /** What the document says about waiving this risk beyond the Waiver Authority bands. */
        waiver: WaiverRuleSchema.optional(),
        check: CheckSchema,
    })
    .superRefine((e, ctx) => {
        if (e.probability !== null && e.impact !== null && e.score !== e.probability * e.impact) {
            ctx.addIssue({
                code: "custom",
                path: ["score"],
                message: `${e.id}: score ${e.score} is not probability × impact (${e.probability} × ${e.impact})`,
            });
        }
        if ((e.probability === null) !== (e.impact === null)) {
            ctx.addIssue({
                code: "custom",
                path: ["probability"],
                message: `${e.id}: give both probability and impact, or neither`,
            });
        }
        if (e.score === null && !("manual" in e.check)) {
            ctx.addIssue({ code: "custom", path: ["score"], message: `${e.id}: an unscored entry can only be manual` });
        }
        if (e.source !== "hygiene-baseline" && !e.basis.quote) {
            ctx.addIssue({
                code: "custom",
                path: ["basis", "quote"],
                message: `${e.id}: quote the line of ${e.source} the score rests on`,
            });
        }
        const documentScored = e.kind === "risk" && e.source !== "floe-risks";
        if (!documentScored && e.score !== null && !e.basis.argument) {
            ctx.addIssue({
                code: "custom",
                path: ["basis", "argument"],
                message: `${e.id}: the document does not state this score; argue it from the quoted text`,
            });
        }
        if (documentScored && e.score !== null && !new RegExp(`Score:? ${e.score}\\b`).test(e.basis.quote ?? "")) {
            ctx.addIssue({
                code: "custom",
                path: ["basis", "quote"],
                message: `${e.id}: the quoted line does not state score ${e.score}`,
            });
        }
        if (e.waiver && !e.waiver.waivable && (e.waiver.condition || e.waiver.compensatingControls.length > 0)) {
            ctx.addIssue({
                code: "custom",
                path: ["waiver"],
                message: `${e.id}: a risk that may not be waived has no waiver condition or controls`,
            });
        }
        if ((e.kind === "checklist" || e.kind === "proposal") && !e.mitigates) {
            ctx.addIssue({
                code: "custom",
                path: ["mitigates"],
                message: `${e.id}: a ${e.kind} item names the risk it mitigates`,
            });
        }
    });

/** A validated register entry. */
export type RiskEntry = z.infer<typeof RiskEntrySchema>;
/** A register entry as written. */
export type RiskEntryInput = z.input<typeof RiskEntrySchema>;

/** Validates the register: every entry, unique IDs, and `mitigates` pointing at a register entry. */
export function parseRegister(entries: readonly RiskEntryInput[]): RiskEntry[] {
    const parsed = z.array(RiskEntrySchema).safeParse(entries);
    if (!parsed.success) {
        const lines = parsed.error.issues.map((i) => `register[${i.path.join(".")}]: ${i.message}`);
        throw new Error(`invalid risk register:\n  ${lines.join("\n  ")}`);
    }
    const byId = new Map<string, RiskEntry>();
    const problems: string[] = [];
    for (const e of parsed.data) {
        if (byId.has(e.id)) {
            problems.push(`${e.id} appears twice`);
        }
        byId.set(e.id, e);
    }
    for (const e of parsed.data) {
        if (e.mitigates) {
            const target = byId.get(e.mitigates);
            if (!target) {
                problems.push(`${e.id} mitigates unknown risk ${e.mitigates}`);
            }
        }
    }
    if (problems.length > 0) {
        throw new Error(`invalid risk register:\n  ${problems.join("\n  ")}`);
    }
    return parsed.data;
}

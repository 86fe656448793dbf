// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// JUnit XML: a testsuite per stack, a testcase per policy; unwaived findings fail it, a policy
// disabled by the pack config is skipped, waived findings are listed in system-out.
import { StackEvaluation } from "../evaluate";
import { waivedBy } from "../../policies/lib/findings";
import { short } from "./common";

const WAIVED_POLICY = "cluster-platform-waived-findings";

/**
 * Removes what XML 1.0 cannot carry (control characters other than tab, LF and CR, lone surrogates,
 * U+FFFE/U+FFFF) and escapes markup. In attributes, tab, LF and CR are escaped so they survive
 * attribute-value normalization.
 */
export function xmlText(s: string, attribute = false): string {
    const clean = s
        .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;");
    return attribute ? clean.replace(/\t/g, "&#9;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;") : clean;
}

const attr = (s: string): string => xmlText(s, true);

const seconds = (s: number): string => (Math.round(s * 1000) / 1000).toFixed(3);

/**
 * JUnit XML of several stacks, as the gate decides: a testcase per policy fails only for an
 * unwaived mandatory finding; advisory findings pass with the finding in `system-out`; a policy
 * whose findings are all waived is skipped with the waiver (who, until when, why); a policy the
 * pack config disabled is skipped with what disabled it and its approval. Each testsuite carries
 * the stack's measured judgement time; testcases carry none, since the engine judges a stack in one
 * pass and a policy's own time is not measured apart (a made-up share would mislead).
 */
export function renderJunit(
    evaluations: readonly StackEvaluation[],
    policyNames: readonly string[],
    disabled: ReadonlySet<string> = new Set(),
    off: ReadonlyMap<string, string> = new Map(),
): string {
    const suites = evaluations.map((e) => {
        let failures = 0;
        let skipped = 0;
        const total = e.seconds ?? 0;
        const line = (f: (typeof e.findings)[number]): string =>
            `[${f.risk} · score ${f.score} · ${f.enforcement}] ${short(f.resource) || "(stack)"}: ${f.message}`;
        const cases = policyNames.map((p) => {
            const own = e.findings.filter((f) => f.policy === p || (p === WAIVED_POLICY && f.waiver));
            const blocking = own.filter((f) => !f.waiver && f.enforcement === "mandatory");
            const advisory = own.filter((f) => !f.waiver && f.enforcement !== "mandatory");
            const waived = own.filter((f) => f.waiver);
            let body = "";
            // Before "disabled": an unapproved downgrade's findings fail the case of the policy it lowered.
            if (blocking.length > 0) {
                failures++;
                const message = `${blocking.length} unwaived mandatory finding(s), highest score ${Math.max(...blocking.map((f) => f.score))}`;
                body = `<failure message="${attr(message)}" type="mandatory">${xmlText(blocking.map(line).join("\n"))}</failure>`;
            } else if (disabled.has(p)) {
                skipped++;
                body = `<skipped message="${attr(`disabled by the policy pack config${off.has(p) ? `: ${off.get(p)}` : ""}`)}"/>`;
            } else if (waived.length > 0 && advisory.length === 0 && p !== WAIVED_POLICY) {
                skipped++;
                const why = [...new Set(waived.map((f) => `${f.risk} ${waivedBy(f.waiver!)}: ${f.waiver!.reason}`))];
                body = `<skipped message="${attr(`waived: ${why.join("; ")}`)}"/>`;
            }
            const out = [
                ...advisory.map((f) => `ADVISORY ${line(f)}`),
                ...waived.map((f) => `WAIVED ${line(f)} — ${waivedBy(f.waiver!)}: ${f.waiver!.reason}`),
            ];
            const system = out.length > 0 ? `<system-out>${xmlText(out.join("\n"))}</system-out>` : "";
            return `    <testcase classname="${attr(e.stack)}" name="${attr(p)}">${body}${system}</testcase>`;
        });
        return `  <testsuite name="${attr(e.stack)}" tests="${policyNames.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(total)}">\n${cases.join("\n")}\n  </testsuite>`;
    });
    const time = evaluations.reduce((sum, e) => sum + (e.seconds ?? 0), 0);
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="cluster-platform-risk-rules" time="${seconds(time)}">\n${suites.join("\n")}\n</testsuites>\n`;
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// JUnit XML: a testsuite per stack, a testcase per policy; unwaived findings fail it, a policy
// disabled by the pack config is skipped, waived findings are listed in system-out.
import { StackEvaluation } from "../evaluate";
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

/** JUnit XML of several stacks; `disabled` names the policies the run's pack config disabled. */
export function renderJunit(
    evaluations: readonly StackEvaluation[],
    policyNames: readonly string[],
    disabled: ReadonlySet<string> = new Set(),
): string {
    const suites = evaluations.map((e) => {
        let failures = 0;
        let skipped = 0;
        const cases = policyNames.map((p) => {
            const open = e.findings.filter((f) => f.policy === p && !f.waiver);
            const waived = e.findings.filter((f) => f.waiver && (f.policy === p || p === WAIVED_POLICY));
            let body = "";
            if (disabled.has(p)) {
                skipped++;
                body = `<skipped message="disabled by the policy pack config"/>`;
            } else if (open.length > 0) {
                failures++;
                const type = open.some((f) => f.enforcement === "mandatory") ? "mandatory" : "advisory";
                const message = `${open.length} finding(s), highest score ${Math.max(...open.map((f) => f.score))}`;
                const text = open.map((f) => `[${f.risk} · score ${f.score}] ${short(f.resource)}: ${f.message}`);
                body = `<failure message="${attr(message)}" type="${type}">${xmlText(text.join("\n"))}</failure>`;
            }
            const out =
                waived.length > 0
                    ? `<system-out>${xmlText(waived.map((f) => `WAIVED [${f.risk}] ${short(f.resource)}: ${f.message}`).join("\n"))}</system-out>`
                    : "";
            return `    <testcase classname="${attr(e.stack)}" name="${attr(p)}">${body}${out}</testcase>`;
        });
        return `  <testsuite name="${attr(e.stack)}" tests="${policyNames.length}" failures="${failures}" errors="0" skipped="${skipped}">\n${cases.join("\n")}\n  </testsuite>`;
    });
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="cluster-platform-risk-rules">\n${suites.join("\n")}\n</testsuites>\n`;
}

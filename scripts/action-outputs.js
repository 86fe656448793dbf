#!/usr/bin/env node
// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The composite action's (action.yml) outputs and job-summary headline from one `check --format json`
// run: `node scripts/action-outputs.js <check stdout file> <check exit code>` prints `key=value` lines
// for $GITHUB_OUTPUT and appends the headline to $GITHUB_STEP_SUMMARY when that is set.
"use strict";
const fs = require("fs");

/** The gates from the least to the most severe, as policies/lib/gate.ts names them. */
const GATE_ORDER = ["PASS", "CONCERNS", "FAIL"];

/**
 * The action's outputs for a check run: its stdout (the JSON report, empty on a usage or input error)
 * and its exit code. Throws when a run that reported success or a block printed no valid report.
 * @param {string} stdout
 * @param {number} exitCode
 * @returns {{gate: string, blocked: string, "exit-code": string, stacks: string, findings: string,
 *   critical: string, high: string, medium: string, low: string, waived: string}}
 */
function actionOutputs(stdout, exitCode) {
    const empty = { stacks: "", findings: "", critical: "", high: "", medium: "", low: "", waived: "" };
    if (exitCode !== 0 && exitCode !== 1) {
        return { gate: "ERROR", blocked: "true", "exit-code": String(exitCode), ...empty };
    }
    let report;
    try {
        report = JSON.parse(stdout);
    } catch (err) {
        throw new Error(`check exited ${exitCode} but its stdout is not the JSON report: ${err.message}`);
    }
    if (!report || !Array.isArray(report.stacks) || report.stacks.length === 0) {
        throw new Error(`check exited ${exitCode} but its JSON report lists no stack`);
    }
    const sum = (pick) => report.stacks.reduce((n, s) => n + pick(s), 0);
    const worst = report.stacks
        .map((s) => s.gate.suggested_gate)
        .reduce((a, b) => (GATE_ORDER.indexOf(b) > GATE_ORDER.indexOf(a) ? b : a), "PASS");
    return {
        gate: worst,
        blocked: String(report.stacks.some((s) => s.blocked)),
        "exit-code": String(exitCode),
        stacks: report.stacks.map((s) => s.stack).join(" "),
        findings: String(sum((s) => s.findings.length)),
        critical: String(sum((s) => s.gate.totals.critical)),
        high: String(sum((s) => s.gate.totals.high)),
        medium: String(sum((s) => s.gate.totals.medium)),
        low: String(sum((s) => s.gate.totals.low)),
        waived: String(sum((s) => s.gate.waived.length)),
    };
}

/**
 * The job summary's headline (Markdown) above the risk profiles check writes.
 * @param {ReturnType<typeof actionOutputs>} o
 * @returns {string}
 */
function summaryHeadline(o) {
    if (o.gate === "ERROR") {
        return `## cluster-platform check: error (exit code ${o["exit-code"]}); see the step's log\n`;
    }
    return [
        `## cluster-platform check: gate ${o.gate}${o.blocked === "true" ? " — blocked (unwaived mandatory findings)" : ""}`,
        "",
        "| stacks | findings | critical | high | medium | low | waived |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        `| ${o.stacks} | ${o.findings} | ${o.critical} | ${o.high} | ${o.medium} | ${o.low} | ${o.waived} |`,
        "",
    ].join("\n");
}

module.exports = { actionOutputs, summaryHeadline };

if (require.main === module) {
    const [file, code] = process.argv.slice(2);
    if (file === undefined || code === undefined || !/^\d+$/.test(code)) {
        console.error("usage: node scripts/action-outputs.js <check stdout file> <check exit code>");
        process.exit(2);
    }
    try {
        const outputs = actionOutputs(fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "", Number(code));
        for (const [k, v] of Object.entries(outputs)) {
            console.log(`${k}=${v}`);
        }
        if (process.env.GITHUB_STEP_SUMMARY) {
            fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, summaryHeadline(outputs) + "\n");
        }
    } catch (err) {
        console.error(`outputs: ${err.message}`);
        process.exit(70);
    }
}

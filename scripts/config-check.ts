// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// `npm run config:check [-- files...]`: validates stack files on their own and across stacks.
import * as path from "path";
import { formatIssue } from "../config/issues";
import { readStackFile, findStackFiles } from "../config/stackFile";
import { projectRoot } from "../config/load";
import { configIssues, validateStackFiles } from "../config/validate";
import { ciliumDriftFindings, formatDriftFinding } from "../components/cilium/drift";

/** Runs the check over the given files (default: every stack file in the project) and returns the exit code. */
export function runConfigCheck(args: readonly string[], projectDir: string, out: (line: string) => void): number {
    const files = args.length > 0 ? [...args] : findStackFiles(projectDir).map((f) => path.relative(process.cwd(), f));
    if (files.length === 0) {
        out(`config:check: no Pulumi.<stack>.yaml file found in ${projectDir}`);
        return 1;
    }
    const validation = validateStackFiles(files.map((f) => readStackFile(f)));
    const issues = configIssues(validation);
    if (issues.length > 0) {
        for (const issue of issues) {
            out(formatIssue(issue));
        }
        out(
            `config:check: ${issues.length} problem${issues.length === 1 ? "" : "s"} in ${new Set(issues.map((i) => i.file)).size} file(s)`,
        );
        return 1;
    }
    const results = validation.results;
    const drift = ciliumDriftFindings(results.map((r) => r.valid!));
    drift.forEach((d) => out(formatDriftFinding(d)));
    if (drift.some((d) => d.blocking)) {
        out(`config:check: ${drift.length} Cilium value(s) drift between stacks`);
        return 1;
    }
    for (const r of results) {
        const c = r.valid!.config;
        const enabled = Object.entries(c.components)
            .filter(([, v]) => v.enabled)
            .map(([k]) => k);
        out(
            `${r.file}: ok — stack ${c.cluster.name} (id ${c.cluster.id}), context ${c.kubernetes.context}, pods ${c.network.podCidr}, services ${c.network.serviceCidr}, Cilium ${c.cilium.chartVersion}, ASN ${c.bgp.localAsn}, components: ${enabled.join(", ") || "none"}`,
        );
    }
    return 0;
}

/** Entry point: checks the files named on the command line (default: all) and sets the exit code. */
export function main(): void {
    process.exitCode = runConfigCheck(process.argv.slice(2), projectRoot(), (l) => console.log(l));
}

if (require.main === module) {
    main();
}

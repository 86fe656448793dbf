// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// `npm run -s config:check -- [files...]`: validates stack files on their own and across stacks.
// Exit codes in scripts/cli.ts: 0 valid, 1 blocking drift, 2 usage error, 3 invalid configuration.
import * as fs from "fs";
import * as path from "path";
import { formatIssue } from "../config/issues";
import { readStackFile, findStackFiles } from "../config/stackFile";
import { projectRoot } from "../config/load";
import { configIssues, validateStackFiles } from "../config/validate";
import { ciliumDriftFindings, DRIFT_RISK, formatDriftFinding } from "../components/cilium/drift";
import { enforcementForScore } from "../policies/lib/scoring";
import { riskById } from "../policies/register";
import { CommandSpec, EXIT, parseCommandLine, runCommand } from "./cli";

const driftScore = riskById(DRIFT_RISK).score ?? 0;

/** The command line of `config:check`. */
export const CONFIG_CHECK_COMMAND: CommandSpec = {
    command: "npm run -s config:check --",
    usage: `usage: npm run -s config:check -- [Pulumi.<stack>.yaml ...] [--policy-pack-config <file>]

Validates stack files (default: every Pulumi.<stack>.yaml of the project) on their own and across stacks,
and the pack config (default, with no stack file named: waivers.json when it exists) against the policy
pack's config schema, as pulumi preview --policy-pack-config does before the pack runs.

options:
  --policy-pack-config <file>   a pack config to validate (waivers, approvers, downgrades, levels)
  -h, --help                    this help

Cilium value drift between stacks (${DRIFT_RISK}) is printed; it scores ${driftScore}, so it is ${enforcementForScore(driftScore)}${enforcementForScore(driftScore) === "mandatory" ? " and exits 1" : " and never changes the exit code"}.

exit codes: 0 valid, 1 mandatory Cilium drift (only while ${DRIFT_RISK} scores 6 or more) or an unapproved downgrade, 2 usage error, 3 invalid configuration`,
    options: { "policy-pack-config": { type: "string", multiple: true } },
    allowPositionals: true,
};

/** Runs the check over the given files (default: every stack file in the project) and returns the exit code. */
export function runConfigCheck(args: readonly string[], projectDir: string, out: (line: string) => void): number {
    let parsed;
    try {
        parsed = parseCommandLine(CONFIG_CHECK_COMMAND, args);
    } catch (err) {
        out(`config:check: ${(err as Error).message}`);
        return EXIT.usage;
    }
    if (parsed.help) {
        out(CONFIG_CHECK_COMMAND.usage);
        return EXIT.pass;
    }
    const packConfigs = (parsed.values["policy-pack-config"] as string[] | undefined) ?? [];
    if (
        packConfigs.length === 0 &&
        parsed.positionals.length === 0 &&
        fs.existsSync(path.join(projectDir, "waivers.json"))
    ) {
        packConfigs.push(path.relative(process.cwd(), path.join(projectDir, "waivers.json")) || "waivers.json");
    }
    const pack = checkPackConfigs(packConfigs, out);
    if (pack === EXIT.invalid || pack === EXIT.usage) {
        return pack;
    }
    const files =
        parsed.positionals.length > 0
            ? parsed.positionals
            : findStackFiles(projectDir).map((f) => path.relative(process.cwd(), f));
    if (files.length === 0) {
        out(`config:check: no Pulumi.<stack>.yaml file found in ${projectDir}`);
        return EXIT.invalid;
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
        return EXIT.invalid;
    }
    const results = validation.results;
    const drift = ciliumDriftFindings(results.map((r) => r.valid!));
    drift.forEach((d) => out(formatDriftFinding(d)));
    if (drift.some((d) => d.blocking)) {
        out(`config:check: ${drift.length} Cilium value(s) drift between stacks`);
        return EXIT.blocked;
    }
    if (pack === EXIT.blocked) {
        return EXIT.blocked;
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
    return EXIT.pass;
}

/**
 * Validates each pack config against the pack's own description (each policy's config schema, then
 * what JSON schema cannot say: calendar days, risks the policy reports), and names every policy it
 * lowers below its register level without an approved downgrade. Returns the worst exit code.
 */
function checkPackConfigs(files: readonly string[], out: (line: string) => void): number {
    if (files.length === 0) {
        return EXIT.pass;
    }
    // Loaded only when a pack config is checked: it loads every rule of the pack.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { localPack, packInfoOf } =
        require("../engine/inprocess/localPack") as typeof import("../engine/inprocess/localPack");
    const { downgradesOf, PackConfigError } = require("../engine/packConfig") as typeof import("../engine/packConfig");
    /* eslint-enable @typescript-eslint/no-require-imports */
    const info = packInfoOf(localPack());
    let worst: number = EXIT.pass;
    for (const file of files) {
        let config: unknown;
        try {
            config = JSON.parse(fs.readFileSync(file, "utf8"));
        } catch (err) {
            out(`config:check: --policy-pack-config ${file}: ${(err as Error).message}`);
            return EXIT.invalid;
        }
        if (typeof config !== "object" || config === null || Array.isArray(config)) {
            out(`config:check: ${file}: the top level must be an object keyed by policy name`);
            return EXIT.invalid;
        }
        try {
            const downgrades = downgradesOf(info, config as Record<string, unknown>);
            const unapproved = downgrades.filter((d) => d.problem);
            for (const d of unapproved) {
                out(`${file}: ${d.policy} is set ${d.to} (register level ${d.from}) by ${d.by}: ${d.problem}`);
            }
            if (unapproved.length > 0) {
                worst = EXIT.blocked;
            } else {
                out(
                    `${file}: ok — pack config valid for ${info.name} ${info.version}, ${downgrades.length} approved downgrade(s)`,
                );
            }
        } catch (err) {
            if (err instanceof PackConfigError) {
                out(`config:check: ${file}: ${err.message}`);
                return EXIT.invalid;
            }
            throw err;
        }
    }
    return worst;
}

/** Entry point: checks the files named on the command line (default: all) and sets the exit code. */
export function main(): void {
    runCommand("config:check", () => runConfigCheck(process.argv.slice(2), projectRoot(), (l) => console.log(l)));
}

if (require.main === module) {
    main();
}

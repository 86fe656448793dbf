// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// `npm run render [-- --stack <name>|all] [--out <dir>]`: each stack's Kubernetes objects as YAML,
// one folder per stack. `<out>/<stack>/manifests/` holds only objects a GitOps tool can apply;
// Pulumi-only records (provider, components, Helm releases) and objects that carry a redacted secret
// or a value unknown before deployment go to `<out>/<stack>/pulumi-only/` and are listed with why.
// `npm run check -- --manifests <out>/<stack>` judges both folders with the same verdicts.
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { ConfigError } from "../config/issues";
import { loadStackConfig, projectRoot } from "../config/load";
import { findStackFiles, stackNameOf } from "../config/stackFile";
import { renderStack } from "../engine/manifests/read";
import { RecordedResource } from "../engine/recording/program";
import { recordStack } from "../engine/recording/stack";
import { checkOutputDir, EXIT } from "./cli";

const USAGE = `usage: npm run render -- [--stack <name>|all] [--out <dir>]

Writes each stack's Kubernetes objects as YAML, secrets redacted, one folder per stack:
  <out>/<stack>/manifests/     objects a GitOps tool can apply as they are
  <out>/<stack>/pulumi-only/   provider, components, Helm releases, objects holding a redacted secret
                               or a value unknown before deployment (listed on stdout with the reason)

Options:
  --stack <name>|all   a stack with a Pulumi.<name>.yaml file, or all (default all)
  --out <dir>          output directory (default rendered)
  -h, --help           this help

Exit codes: 0 written, 2 usage error, 3 invalid stack configuration.`;

/** Why a rendered resource is not an applicable Kubernetes object; undefined when it is one. */
export function notApplicable(r: RecordedResource, text: string): string | undefined {
    if (r.type.startsWith("pulumi:providers:")) {
        return "Pulumi provider";
    }
    if (!r.type.startsWith("kubernetes:")) {
        return "Pulumi component";
    }
    if (r.type === "kubernetes:helm.sh/v3:Release") {
        return "Helm release (Pulumi-managed; a GitOps tool needs its own HelmRelease/Application)";
    }
    if (text.includes("[secret]")) {
        return "holds a redacted secret; create it from your secret store";
    }
    if (text.includes("(unknown)")) {
        return "holds a value known only after deployment";
    }
    return undefined;
}

/** One stack's rendered files, split into applicable manifests and Pulumi-only records. */
export function splitRendered(resources: readonly RecordedResource[]): {
    manifests: { file: string; text: string }[];
    pulumiOnly: { file: string; text: string; reason: string }[];
} {
    const files = renderStack(resources);
    const manifests: { file: string; text: string }[] = [];
    const pulumiOnly: { file: string; text: string; reason: string }[] = [];
    files.forEach((f, i) => {
        const reason = notApplicable(resources[i], f.text);
        if (reason) {
            pulumiOnly.push({ ...f, reason });
        } else {
            manifests.push(f);
        }
    });
    return { manifests, pulumiOnly };
}

function writeFolder(dir: string, files: readonly { file: string; text: string }[]): void {
    // Stale objects in a GitOps folder would be applied: the folder holds exactly this render.
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    for (const f of files) {
        fs.writeFileSync(path.join(dir, f.file), f.text);
    }
}

/** Renders the selected stacks into `out`; returns the exit code. */
export async function runRender(
    argv: readonly string[],
    projectDir: string,
    print: (s: string) => void,
    warn: (s: string) => void,
): Promise<number> {
    let values: { stack?: string; out?: string; help?: boolean };
    try {
        ({ values } = parseArgs({
            args: [...argv],
            options: {
                stack: { type: "string" },
                out: { type: "string" },
                help: { type: "boolean", short: "h" },
            },
            strict: true,
            allowPositionals: false,
        }));
    } catch (err) {
        warn(`render: ${(err as Error).message}\n${USAGE}`);
        return 2;
    }
    if (values.help) {
        print(USAGE);
        return 0;
    }
    const known = findStackFiles(projectDir).map((f) => stackNameOf(f)!);
    const wanted = values.stack ?? "all";
    if (wanted !== "all" && !known.includes(wanted)) {
        warn(
            `render: unknown stack ${JSON.stringify(wanted)}; this project has ${known.join(", ")} (or all): one per Pulumi.<stack>.yaml`,
        );
        return 2;
    }
    const out = values.out ?? "rendered";
    try {
        checkOutputDir("out", out);
    } catch (err) {
        warn(`render: ${(err as Error).message}`);
        return EXIT.usage;
    }
    const stacks = wanted === "all" ? known : [wanted];
    for (const stack of stacks) {
        let config;
        try {
            config = loadStackConfig(stack, projectDir).config;
        } catch (err) {
            if (err instanceof ConfigError) {
                warn(err.message);
                return 3;
            }
            throw err;
        }
        const { manifests, pulumiOnly } = splitRendered(await recordStack(config));
        writeFolder(path.join(out, stack, "manifests"), manifests);
        writeFolder(path.join(out, stack, "pulumi-only"), pulumiOnly);
        print(
            `render: stack ${stack}: ${manifests.length} objects in ${path.join(out, stack, "manifests")}, ${pulumiOnly.length} Pulumi-only in ${path.join(out, stack, "pulumi-only")}`,
        );
        for (const p of pulumiOnly) {
            print(`  pulumi-only ${p.file}: ${p.reason}`);
        }
    }
    return 0;
}

/** Entry point: renders the stacks named on the command line and sets the exit code. */
export function main(): void {
    runRender(
        process.argv.slice(2),
        projectRoot(),
        (s) => console.log(s),
        (s) => console.error(s),
    )
        .then((code) => (process.exitCode = code))
        .catch((err) => {
            console.error(`render: internal error: ${(err as Error).stack ?? err}`);
            process.exitCode = EXIT.internal;
        });
}

if (require.main === module) {
    main();
}

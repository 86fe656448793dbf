// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// `npm run render -- --stack <name> --out <dir>`: the stack's objects as YAML, one file per resource,
// secrets redacted; `npm run check -- --manifests <dir>` judges them with the same verdicts.
import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "../config/issues";
import { loadStackConfig, projectRoot } from "../config/load";
import { renderStack } from "../engine/manifests";
import { recordStack } from "../engine/stack";

/** Renders one stack into `out`; returns the exit code. */
export async function runRender(
    argv: readonly string[],
    projectDir: string,
    print: (s: string) => void,
    warn: (s: string) => void,
): Promise<number> {
    let stack: string | undefined;
    let out: string | undefined;
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--stack" && argv[i + 1]) {
            stack = argv[++i];
        } else if (argv[i] === "--out" && argv[i + 1]) {
            out = argv[++i];
        } else {
            warn(
                `render: unknown or incomplete option ${argv[i]}; usage: npm run render -- --stack <name> --out <dir>`,
            );
            return 2;
        }
    }
    if (!stack || !out) {
        warn("render: usage: npm run render -- --stack <name> --out <dir>");
        return 2;
    }
    let config;
    try {
        config = loadStackConfig(stack, projectDir).config;
    } catch (err) {
        warn(err instanceof ConfigError ? err.message : `render: ${(err as Error).message}`);
        return err instanceof ConfigError ? 1 : 2;
    }
    const files = renderStack(await recordStack(config));
    fs.mkdirSync(out, { recursive: true });
    for (const f of files) {
        fs.writeFileSync(path.join(out, f.file), f.text);
    }
    print(`render: wrote ${files.length} files for stack ${stack} to ${out}`);
    return 0;
}

/** Entry point: renders the stack named on the command line and sets the exit code. */
export function main(): void {
    runRender(
        process.argv.slice(2),
        projectRoot(),
        (s) => console.log(s),
        (s) => console.error(s),
    )
        .then((code) => (process.exitCode = code))
        .catch((err) => {
            console.error(`render: ${(err as Error).stack ?? err}`);
            process.exitCode = 1;
        });
}

if (require.main === module) {
    main();
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "./issues";
import { PROJECT, SECRET_KEYS, StackConfig } from "./schema";
import { findStackFiles, readStackFile, StackFile } from "./stackFile";
import { assertValid, validateStackFile, ValidStack } from "./validate";

/** The project root: the nearest directory at or above `from` that holds Pulumi.yaml (works from sources and from bin/). */
export function projectRoot(from: string = __dirname): string {
    for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) {
            return dir;
        }
        if (path.dirname(dir) === dir) {
            throw new Error(`no Pulumi.yaml at or above ${from}`);
        }
    }
}

/** Reads every `Pulumi.<stack>.yaml` in the project directory (messages name them relative to it). */
export function readProjectStackFiles(projectDir: string): StackFile[] {
    return findStackFiles(projectDir).map((f) => readStackFile(f, path.relative(process.cwd(), f) || path.basename(f)));
}

/**
 * The validated config of one stack, checked together with every other stack file of the project
 * (cross-stack rules included). Throws a {@link ConfigError} naming every problem, before any
 * resource exists, when any file is invalid or when the running stack has no stack file.
 */
export function loadStackConfig(stack: string, projectDir: string): { config: StackConfig; stacks: ValidStack[] } {
    const own = path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(own)) {
        throw new ConfigError([
            {
                file: path.basename(own),
                path: "",
                message: `the stack ${JSON.stringify(stack)} has no stack file; this project only runs the stacks it has files for (${findStackFiles(
                    projectDir,
                )
                    .map((f) => path.basename(f))
                    .join(", ")})`,
            },
        ]);
    }
    const stacks = assertValid(readProjectStackFiles(projectDir));
    const mine = stacks.find((s) => s.stack === stack) as ValidStack;
    return { config: assertStackMatches(stack, mine.config), stacks };
}

/**
 * Refuses to run a stack against another cluster's config (risk CIL-TECH-002, wrong-cluster context):
 * the running stack's name must equal `cluster.name`.
 */
export function assertStackMatches(stack: string, config: StackConfig): StackConfig {
    if (config.cluster.name !== stack) {
        throw new ConfigError([
            {
                file: `Pulumi.${stack}.yaml`,
                path: "cluster-platform:cluster.name",
                message: `is ${JSON.stringify(config.cluster.name)} but the running stack is ${JSON.stringify(stack)}; refusing to deploy one cluster's config to another`,
            },
        ]);
    }
    return config;
}

/**
 * The stack's configuration as Pulumi resolved it for this run: stack file, ESC environments,
 * `pulumi config set --path`, the Automation API or a CI config map alike.
 */
export interface RuntimeConfig {
    /** Every config key (`<namespace>:<name>`) with its value: structured values already parsed. */
    values: Record<string, unknown>;
    /** Keys whose value is a secret. */
    secretKeys: ReadonlySet<string>;
}

/**
 * The config of one stack as the engine handed it to the program, in the shape the stack-file
 * validator reads. Secret values are never copied: a secret key only records that it is secret.
 */
/** What a secret the engine already decrypted looks like to the stack-file checks (never a real value). */
const RUNTIME_SECRET_STANDIN = "v1:cnVudGltZQ==:ZGVjcnlwdGVkYnlwdWx1bWk=";

export function stackFileFromRuntime(stack: string, runtime: RuntimeConfig): StackFile {
    const config: Record<string, unknown> = {};
    const otherConfig: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(runtime.values)) {
        const i = key.indexOf(":");
        if (key.slice(0, i) !== PROJECT) {
            otherConfig[key] = value;
        } else if ((SECRET_KEYS as readonly string[]).includes(key.slice(i + 1)) && runtime.secretKeys.has(key)) {
            // Pulumi already decrypted it; stand in a well-formed ciphertext so the file-level secret checks pass.
            config[key.slice(i + 1)] = { secure: RUNTIME_SECRET_STANDIN };
        } else {
            config[key.slice(i + 1)] = value;
        }
    }
    return { file: `stack ${stack}`, stack, config, otherConfig, issues: [], lineOf: () => undefined };
}

/**
 * The validated config of the running stack from its Pulumi config alone: no other stack's file is
 * read (cross-stack rules are `npm run config:check`'s and CI's job), so an invalid sibling stack
 * never blocks this one. Throws a {@link ConfigError} naming every problem with its key path.
 */
export function loadRuntimeStackConfig(stack: string, runtime: RuntimeConfig): StackConfig {
    const result = validateStackFile(stackFileFromRuntime(stack, runtime));
    if (!result.valid) {
        throw new ConfigError(result.issues);
    }
    return assertStackMatches(stack, result.valid.config);
}

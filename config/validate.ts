// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Validation of stack files: each on its own (schema, secrets, semantic rules in stackRules.ts),
// then across stacks (crossStack.ts). The one place where config issues are collected.
import { z } from "zod";
import { validateAcrossStacks, PartialStack } from "./crossStack";
import { ConfigError, ConfigIssue } from "./issues";
import { CONFIG_KEYS, PROJECT, SECRET_KEYS, StackConfig, StackConfigSchema } from "./schema";
import { checkSecrets } from "./secrets";
import { checkDefaultProviders, checkPlaceholders, checkSemantics } from "./stackRules";
import { configPath, StackFile } from "./stackFile";
import { reportZodIssue } from "./zodIssues";

export { PartialStack } from "./crossStack";

/** A stack file that passed its own validation, with its typed config. */
export interface ValidStack {
    file: string;
    stack: string;
    config: StackConfig;
    /** Secret keys the file sets (as `secure:` values). */
    secretKeys: ReadonlySet<string>;
}

/** The outcome of validating one stack file. */
export interface StackValidation {
    file: string;
    stack: string;
    issues: ConfigIssue[];
    /** Present only when the file has no issue at all. */
    valid?: ValidStack;
    /** The top-level settings that passed their own schema, for the cross-stack rules. */
    parsed: PartialStack;
}

/** The outcome of validating every stack file together. */
export interface Validation {
    results: StackValidation[];
    crossStack: ConfigIssue[];
}

/**
 * Validates one parsed stack file: shape (zod), then the semantic rules of one stack. Every issue of
 * the file is returned together; the config is returned only when there is none.
 */
export function validateStackFile(file: StackFile): StackValidation {
    const issues: ConfigIssue[] = [...file.issues];
    const at = (segments: readonly PropertyKey[], message: string): void => {
        issues.push({
            file: file.file,
            path: configPath(segments),
            line: file.lineOf([`${PROJECT}:${String(segments[0])}`, ...segments.slice(1)]),
            message,
        });
    };
    const atOther = (key: string, message: string): void => {
        issues.push({ file: file.file, path: key, line: file.lineOf([key.split(".")[0]]), message });
    };
    const parsed: Partial<StackConfig> = {};
    const partial: PartialStack = { file: file.file, stack: file.stack, config: parsed, lineOf: file.lineOf };
    if (file.issues.length > 0 && Object.keys(file.config).length === 0) {
        return { file: file.file, stack: file.stack, issues, parsed: partial };
    }

    checkPlaceholders(file, at, atOther);
    const secretKeys = checkSecrets(file, at, atOther);
    checkDefaultProviders(file, atOther);

    const known = new Set<string>([...CONFIG_KEYS, ...SECRET_KEYS]);
    for (const key of Object.keys(file.config)) {
        if (!known.has(key)) {
            at([key], `is not a known setting; known keys are ${[...known].join(", ")}`);
        }
    }
    for (const key of CONFIG_KEYS) {
        const schema = StackConfigSchema.shape[key] as z.ZodType;
        const raw = file.config[key];
        const result = schema.safeParse(raw);
        if (result.success) {
            (parsed as Record<string, unknown>)[key] = result.data;
        } else {
            for (const issue of result.error.issues) {
                reportZodIssue(issue, [key], raw, at);
            }
        }
    }
    checkSemantics(file.stack, parsed, secretKeys, at);

    if (issues.length > 0) {
        return { file: file.file, stack: file.stack, issues, parsed: partial };
    }
    return {
        file: file.file,
        stack: file.stack,
        issues,
        parsed: partial,
        valid: { file: file.file, stack: file.stack, config: StackConfigSchema.parse(parsed), secretKeys },
    };
}

/** Validates several stack files together: each on its own, then the cross-stack rules on what parsed. */
export function validateStackFiles(files: readonly StackFile[]): Validation {
    const results = files.map(validateStackFile);
    return { results, crossStack: validateAcrossStacks(results.map((r) => r.parsed)) };
}

/** Every issue of a validation, per file in file order, then the cross-stack ones. */
export function configIssues(validation: Validation): ConfigIssue[] {
    return [...validation.results.flatMap((r) => r.issues), ...validation.crossStack];
}

/** Validates the files together; throws a {@link ConfigError} listing every issue, or returns the valid stacks. */
export function assertValid(files: readonly StackFile[]): ValidStack[] {
    const validation = validateStackFiles(files);
    const issues = configIssues(validation);
    if (issues.length > 0) {
        throw new ConfigError(issues);
    }
    return validation.results.map((r) => r.valid as ValidStack);
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0

/** One problem found in a stack file: where it is and what is wrong. */
export interface ConfigIssue {
    /** The stack file, as given (e.g. `Pulumi.infra.yaml`). */
    file: string;
    /** The key path in `pulumi config set --path` syntax, e.g. `cluster-platform:network.podCidr`. */
    path: string;
    /** What is wrong and what is expected. */
    message: string;
    /** 1-based line in the file, when known. */
    line?: number;
}

/** Renders an issue as `file[:line]: path: message`. */
export function formatIssue(issue: ConfigIssue): string {
    const where = issue.line !== undefined ? `${issue.file}:${issue.line}` : issue.file;
    return issue.path ? `${where}: ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}

/** Renders a key path from its segments: `a.b[0].c`. */
export function formatPath(prefix: string, segments: readonly PropertyKey[]): string {
    let out = prefix;
    for (const seg of segments) {
        if (typeof seg === "number") {
            out += `[${seg}]`;
        } else {
            out += out === "" ? String(seg) : `.${String(seg)}`;
        }
    }
    return out;
}

/** Thrown when one or more stack files are invalid; carries every issue found. */
export class ConfigError extends Error {
    constructor(public readonly issues: readonly ConfigIssue[]) {
        super(
            `invalid stack configuration (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n` +
                issues.map((i) => `  - ${formatIssue(i)}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}

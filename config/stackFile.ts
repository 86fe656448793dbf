// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as fs from "fs";
import * as path from "path";
import { ConfigIssue, formatPath } from "./issues";
import { PROJECT } from "./schema";
import { keyMap, lineOfPath, parseYaml, YAML_LIMITS } from "./yaml";

/** A `Pulumi.<stack>.yaml` file read from disk, before validation. */
export interface StackFile {
    /** The file name as shown in messages (relative to the project when possible). */
    file: string;
    /** The stack name taken from the file name. */
    stack: string;
    /** Values of `cluster-platform:<key>`, keyed by `<key>`; secure values are `{ secure: string }`. */
    config: Record<string, unknown>;
    /** Every other config key (`pulumi:*`, `kubernetes:*`), as written. */
    otherConfig: Record<string, unknown>;
    /** Problems found while reading: YAML syntax, file shape. */
    issues: ConfigIssue[];
    /** 1-based line of a config key path (`["cluster-platform:network", "podCidr"]`), or of its nearest existing parent. */
    lineOf(keyPath: readonly PropertyKey[]): number | undefined;
}

const STACK_FILE = /^Pulumi\.([^.]+)\.ya?ml$/;
const TOP_LEVEL_KEYS = new Set(["config", "secretsprovider", "encryptedkey", "encryptionsalt", "environment"]);

/** The stack name encoded in a stack file name, or undefined when the name is not `Pulumi.<stack>.yaml`. */
export function stackNameOf(file: string): string | undefined {
    return STACK_FILE.exec(path.basename(file))?.[1];
}

/** Every `Pulumi.<stack>.yaml` in a directory, sorted. */
export function findStackFiles(dir: string): string[] {
    return fs
        .readdirSync(dir)
        .filter((f) => STACK_FILE.test(f))
        .sort()
        .map((f) => path.join(dir, f));
}

/** Parses the text of a stack file. Pure: the file name is only used in messages and for the stack name. */
export function parseStackFile(file: string, text: string): StackFile {
    const parsed = parseYaml(text);
    const { doc, lineOfOffset } = parsed;
    const stack = stackNameOf(file) ?? "";
    const issues: ConfigIssue[] = [];
    const result: StackFile = {
        file,
        stack,
        config: keyMap(),
        otherConfig: keyMap(),
        issues,
        lineOf: (keyPath) => lineOfPath(doc, ["config", ...keyPath], lineOfOffset),
    };
    if (!stack) {
        issues.push({ file, path: "", message: "the file name must be Pulumi.<stack>.yaml" });
    }
    if (parsed.problems.length > 0) {
        for (const p of parsed.problems) {
            issues.push({ file, path: "", ...(p.line !== undefined ? { line: p.line } : {}), message: p.message });
        }
        return result;
    }
    const root = parsed.value;
    if (root === null || root === undefined) {
        issues.push({ file, path: "", message: "the file is empty; it needs a top-level `config:` mapping" });
        return result;
    }
    if (!isPlainObject(root)) {
        issues.push({ file, path: "", line: 1, message: "the top level must be a mapping with a `config:` key" });
        return result;
    }
    for (const key of Object.keys(root)) {
        if (!TOP_LEVEL_KEYS.has(key)) {
            issues.push({
                file,
                path: key,
                line: lineOfPath(doc, [key], lineOfOffset),
                message:
                    "is not a stack-file key (expected config, secretsprovider, encryptedkey, encryptionsalt or environment)",
            });
        }
    }
    const config = root.config;
    if (!isPlainObject(config)) {
        issues.push({
            file,
            path: "config",
            line: lineOfPath(doc, ["config"], lineOfOffset),
            message: "must be a mapping of config keys",
        });
        return result;
    }
    for (const [key, value] of Object.entries(config)) {
        const prefix = `${PROJECT}:`;
        if (key.startsWith(prefix)) {
            result.config[key.slice(prefix.length)] = value;
        } else if (!key.includes(":")) {
            issues.push({
                file,
                path: key,
                line: result.lineOf([key]),
                message: `config keys need a namespace; did you mean ${prefix}${key}?`,
            });
        } else {
            result.otherConfig[key] = value;
        }
    }
    return result;
}

/** Reads and parses a stack file from disk; an unreadable file becomes an issue, never a throw. */
export function readStackFile(file: string, displayName = file): StackFile {
    let text: string;
    try {
        // A FIFO or device named like a stack file is refused before it is opened: reading it could wait forever.
        const stat = fs.statSync(file);
        if (!stat.isFile()) {
            throw new Error("not a regular file (a directory, FIFO, device or socket); refused without reading it");
        }
        if (stat.size > YAML_LIMITS.maxBytes) {
            // Refused from its size alone: a multi-gigabyte file would be read whole before the parser's own check.
            const parsed = parseStackFile(displayName, "");
            parsed.issues.splice(0, parsed.issues.length, {
                file: displayName,
                path: "",
                message: `is ${stat.size} bytes; the limit is ${YAML_LIMITS.maxBytes} bytes`,
            });
            return parsed;
        }
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        const parsed = parseStackFile(displayName, "");
        parsed.issues.splice(0, parsed.issues.length, {
            file: displayName,
            path: "",
            message: `cannot read the file: ${(err as Error).message}`,
        });
        return parsed;
    }
    return parseStackFile(displayName, text);
}

/** True for a non-null object that is not an array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Visits every string leaf of a value with its key path segments. */
export function walkStrings(
    value: unknown,
    visit: (s: string, segments: PropertyKey[]) => void,
    segments: PropertyKey[] = [],
): void {
    if (typeof value === "string") {
        visit(value, segments);
    } else if (Array.isArray(value)) {
        value.forEach((v, i) => walkStrings(v, visit, [...segments, i]));
    } else if (isPlainObject(value)) {
        for (const [k, v] of Object.entries(value)) {
            walkStrings(v, visit, [...segments, k]);
        }
    }
}

/** Formats config key path segments with the project prefix: `cluster-platform:network.podCidr`. */
export function configPath(segments: readonly PropertyKey[]): string {
    if (segments.length === 0) {
        return "";
    }
    const [head, ...rest] = segments;
    return formatPath(`${PROJECT}:${String(head)}`, rest);
}

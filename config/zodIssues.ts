// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Turns zod's issues into the project's messages: required, wrong type (with the value got), unknown key.
import { z } from "zod";
import { IssueAt } from "./secrets";

/** Reports one zod issue of the value `raw` found at `base`, in the project's wording. */
export function reportZodIssue(issue: z.core.$ZodIssue, base: PropertyKey[], raw: unknown, at: IssueAt): void {
    const segments = [...base, ...issue.path];
    if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) {
            at([...segments, key], "is not a known setting (misspelt, or misplaced?)");
        }
        return;
    }
    const got = valueAt(raw, issue.path);
    if (issue.code === "invalid_type" && got === undefined) {
        at(segments, `is required (expected ${article(issue.expected)} ${issue.expected})`);
        return;
    }
    if (issue.code === "invalid_type") {
        at(segments, `must be ${article(issue.expected)} ${issue.expected} (got ${describe(got)})`);
        return;
    }
    const suffix = got !== undefined && typeof got !== "object" ? ` (got ${JSON.stringify(got)})` : "";
    at(segments, `${issue.message}${suffix}`);
}

function valueAt(root: unknown, segments: readonly PropertyKey[]): unknown {
    let cur: unknown = root;
    for (const seg of segments) {
        if (cur === null || typeof cur !== "object" || !Object.prototype.hasOwnProperty.call(cur, seg)) {
            return undefined;
        }
        cur = (cur as Record<PropertyKey, unknown>)[seg];
    }
    return cur;
}

function describe(value: unknown): string {
    if (value === null) {
        return "null";
    }
    if (Array.isArray(value)) {
        return "a list";
    }
    if (typeof value === "object") {
        return "a mapping";
    }
    return `${typeof value} ${JSON.stringify(value)}`;
}

function article(word: string): string {
    return /^[aeiou]/.test(word) ? "an" : "a";
}

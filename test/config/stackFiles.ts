// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The real stack files, edited through the YAML document model (comments kept), and validated together.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { formatIssue } from "../../config/issues";
import { parseStackFile } from "../../config/stackFile";
import { validateStackFiles } from "../../config/validate";
import { PROJECT_DIR } from "../support/stacks";

/** A ciphertext in the shape `pulumi config set --secret` writes with the passphrase provider (not a real secret). */
export const CIPHERTEXT = "v1:8vEfJmEn1l3jnUxq:EaXBE9LoWIYA7hH4Ex4ZtM7HnsgjeEeH8Wn2BQ==";

/** An edit of a stack file's YAML document. */
export type StackEdit = (doc: ReturnType<typeof parseDocument>) => void;

/** The committed text of `Pulumi.<stack>.yaml`. */
export const original = (stack: string): string =>
    fs.readFileSync(path.join(PROJECT_DIR, `Pulumi.${stack}.yaml`), "utf8");

/** The real stack file text with edits applied through the YAML document model (comments kept). */
export function edited(stack: string, edit: StackEdit): string {
    const doc = parseDocument(original(stack));
    edit(doc);
    return doc.toString();
}

/** Every formatted issue of validating the given stack texts together. */
export function problems(files: Record<string, string>): string[] {
    const { results, crossStack } = validateStackFiles(
        Object.entries(files)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([stack, text]) => parseStackFile(`Pulumi.${stack}.yaml`, text)),
    );
    return [...results.flatMap((r) => r.issues), ...crossStack].map(formatIssue);
}

/** Sets a key under `config:`. */
export const set =
    (keyPath: (string | number)[], value: unknown): StackEdit =>
    (doc) =>
        doc.setIn(["config", ...keyPath], value);

/** Deletes a key under `config:`. */
export const del =
    (keyPath: (string | number)[]): StackEdit =>
    (doc) =>
        doc.deleteIn(["config", ...keyPath]);

/** One stack file edited, the other left as committed, and exactly the messages expected. */
export interface EditCase {
    name: string;
    stack: "infra" | "apps";
    edit: StackEdit;
    expect: string[];
}

/** Registers one test per case: the edited stack validated together with the other, unedited one. */
export function itReportsEach(cases: readonly EditCase[]): void {
    for (const c of cases) {
        it(`reports ${c.name}`, () => {
            const other = c.stack === "infra" ? "apps" : "infra";
            const texts = { [c.stack]: edited(c.stack, c.edit), [other]: original(other) };
            assert.deepStrictEqual(problems(texts), c.expect);
        });
    }
}

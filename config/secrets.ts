// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Secret hygiene of a stack file, in every namespace: secret keys only as Pulumi ciphertext,
// no secret-looking plaintext anywhere, and no namespace that merely looks like ours.
import { PROJECT, SECRET_KEYS } from "./schema";
import { isPlainObject, StackFile } from "./stackFile";
import { editDistance } from "../policies/lib/editDistance";

/** Reports an issue at a `cluster-platform:` key path. */
export type IssueAt = (segments: readonly PropertyKey[], message: string) => void;

const SECRET_LIKE_KEY = /(password|passwd|passphrase|token|secretkey|accesskey|privatekey|apikey)$/i;
/**
 * A ciphertext as `pulumi config set --secret` writes it: `v1:<nonce>:<ciphertext>` (passphrase and
 * cloud KMS secrets providers) or bare base64 (Pulumi Cloud), at least 16 characters.
 */
const CIPHERTEXT = /^(v1:)?[A-Za-z0-9+/]+={0,2}(:[A-Za-z0-9+/]+={0,2})?$/;
/** Namespaces a stack file of this project legitimately uses besides its own. */
const KNOWN_NAMESPACES = new Set(["pulumi", "kubernetes"]);

/** True for a Pulumi secure value as it appears in a stack file: `{ secure: "<ciphertext>" }`, any content. */
function isSecureValue(value: unknown): value is { secure: unknown } {
    return isPlainObject(value) && Object.keys(value).length === 1 && "secure" in value;
}

/** Why a `secure:` value is not a Pulumi ciphertext, or undefined when it is one. */
function ciphertextProblem(value: { secure: unknown }): string | undefined {
    const c = value.secure;
    if (typeof c !== "string" || c.trim() === "") {
        return "has an empty secure: value";
    }
    if (c.length < 16 || !CIPHERTEXT.test(c)) {
        return "has a secure: value that is not a Pulumi ciphertext (v1:<nonce>:<data> or base64)";
    }
    return undefined;
}

/** Checks the secret hygiene of one stack file in every namespace; returns the secret keys of ours it sets. */
export function checkSecrets(
    file: StackFile,
    at: IssueAt,
    atOther: (key: string, message: string) => void,
): Set<string> {
    const secretKeys = new Set<string>();
    const setWith = (key: string): string => `set it with: pulumi config set --secret ${key} --stack ${file.stack}`;
    for (const key of SECRET_KEYS) {
        const value = file.config[key];
        if (value === undefined) {
            continue;
        }
        if (!isSecureValue(value)) {
            at([key], `is a secret and must not be in plaintext; ${setWith(`${PROJECT}:${key}`)}`);
            continue;
        }
        // Present: a bad ciphertext is reported here, not again as a missing secret.
        secretKeys.add(key);
        const problem = ciphertextProblem(value);
        if (problem) {
            at([key], `${problem}; ${setWith(`${PROJECT}:${key}`)}`);
        }
    }
    for (const [key, value] of Object.entries(file.config)) {
        if (!(SECRET_KEYS as readonly string[]).includes(key)) {
            walkSecretLike(value, [key], (segs, m) => at(segs, m));
        }
    }
    for (const [key, value] of Object.entries(file.otherConfig)) {
        const [namespace, ...rest] = key.split(":");
        const name = rest.join(":");
        const lookalike = lookalikeOf(namespace);
        if (lookalike) {
            atOther(
                key,
                `the namespace ${JSON.stringify(namespace)} ${lookalike} ${JSON.stringify(PROJECT)}; settings under it are ignored by this program. Write ${PROJECT}:${name}`,
            );
        }
        const report = (segs: readonly PropertyKey[], message: string): void =>
            atOther(
                segs.length > 1
                    ? `${key}${segs
                          .slice(1)
                          .map((s) => `.${String(s)}`)
                          .join("")}`
                    : key,
                message,
            );
        walkSecretLike(value, [name], report);
    }
    return secretKeys;
}

function walkSecretLike(value: unknown, segments: PropertyKey[], report: IssueAt): void {
    const last = segments[segments.length - 1];
    if (isSecureValue(value)) {
        const problem = ciphertextProblem(value);
        if (problem) {
            report(segments, `${problem}; set it with pulumi config set --secret`);
        }
        return;
    }
    if (typeof last === "string" && SECRET_LIKE_KEY.test(last) && typeof value === "string" && value !== "") {
        report(
            segments,
            "looks like a secret value in plaintext; keep secrets out of structured settings and use a secret key set with `pulumi config set --secret`",
        );
        return;
    }
    if (Array.isArray(value)) {
        value.forEach((v, i) => walkSecretLike(v, [...segments, i], report));
    } else if (isPlainObject(value)) {
        for (const [k, v] of Object.entries(value)) {
            walkSecretLike(v, [...segments, k], report);
        }
    }
}

// Latin look-alikes from Cyrillic and Greek (Unicode confusables most used in spoofing).
const CONFUSABLES: Record<string, string> = {
    а: "a",
    в: "b",
    с: "c",
    е: "e",
    һ: "h",
    і: "i",
    ј: "j",
    к: "k",
    м: "m",
    н: "h",
    о: "o",
    р: "p",
    ѕ: "s",
    т: "t",
    у: "y",
    х: "x",
    ԁ: "d",
    ӏ: "l",
    ɩ: "l",
    α: "a",
    ε: "e",
    ι: "i",
    κ: "k",
    ο: "o",
    ρ: "p",
    τ: "t",
    υ: "u",
    χ: "x",
    ν: "v",
    "‐": "-",
    "‑": "-",
    "–": "-",
    "—": "-",
    _: "-",
};

/** The namespace as its Latin look-alike: compatibility-folded, diacritics and confusables mapped, lowercased. */
function skeleton(namespace: string): string {
    return [...namespace.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()]
        .map((ch) => CONFUSABLES[ch] ?? ch)
        .join("");
}

/** How a namespace imitates ours ("is a homoglyph of", "looks like a misspelling of"), or undefined. */
function lookalikeOf(namespace: string): string | undefined {
    if (namespace === PROJECT || KNOWN_NAMESPACES.has(namespace)) {
        return undefined;
    }
    const folded = skeleton(namespace);
    if (folded === PROJECT) {
        return "is a look-alike (homoglyph or case variant) of";
    }
    if (Math.abs(folded.length - PROJECT.length) <= 2 && editDistance(folded, PROJECT) <= 2) {
        return "looks like a misspelling of";
    }
    return undefined;
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Waiver resource patterns (`*` matches any run of characters, everything else itself) matched
// without backtracking. The pattern compiled to a regular expression (`^a.*b.*c$`) backtracked:
// one match against a long URN took 38 s with 6 stars and 308 s with 8.

/** A compiled glob: the literal text before the first star, between stars, and after the last. */
interface CompiledGlob {
    /** The pattern has no star: the text must equal it. */
    exact: boolean;
    prefix: string;
    middles: string[];
    suffix: string;
}

const compiledGlobs = new Map<string, CompiledGlob>();

function compile(pattern: string): CompiledGlob {
    const parts = pattern.split("*");
    if (parts.length === 1) {
        return { exact: true, prefix: pattern, middles: [], suffix: "" };
    }
    return {
        exact: false,
        prefix: parts[0],
        middles: parts.slice(1, -1).filter((p) => p !== ""),
        suffix: parts[parts.length - 1],
    };
}

/**
 * Whether `text` matches the glob `pattern`, where `*` matches any run of characters (also none).
 * Linear in the text for a given pattern: after the fixed prefix and suffix, each literal between
 * stars is taken at its leftmost occurrence after the previous one, and that choice is never
 * revisited (the leftmost occurrence leaves the most text for the rest, so it is never wrong).
 */
export function globMatches(pattern: string, text: string): boolean {
    let g = compiledGlobs.get(pattern);
    if (!g) {
        g = compile(pattern);
        compiledGlobs.set(pattern, g);
    }
    if (g.exact) {
        return text === g.prefix;
    }
    if (text.length < g.prefix.length + g.suffix.length || !text.startsWith(g.prefix) || !text.endsWith(g.suffix)) {
        return false;
    }
    let from = g.prefix.length;
    const end = text.length - g.suffix.length;
    for (const literal of g.middles) {
        const at = text.indexOf(literal, from);
        if (at < 0 || at + literal.length > end) {
            return false;
        }
        from = at + literal.length;
    }
    return true;
}

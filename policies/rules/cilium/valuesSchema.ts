// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { CILIUM_CHARTS, ciliumChart } from "../../lib/ciliumChart";
import { isCiliumRelease, plainValues } from "../../lib/cilium";
import { editDistance } from "../../lib/editDistance";
import { childPath, validateSchema } from "../../lib/jsonSchema";
import { arrayAt } from "../../lib/propertyPaths";
import { ResourceRule } from "../../lib/rule";

/** The closest known key to a misspelt one (case-insensitive equal, or at most two edits apart, a swap counting one). */
function closest(key: string, known: readonly string[]): string | undefined {
    const lower = key.toLowerCase();
    const exact = known.find((k) => k.toLowerCase() === lower);
    if (exact) {
        return exact;
    }
    let best: { k: string; d: number } | undefined;
    for (const k of known) {
        const d = editDistance(lower, k.toLowerCase());
        if (d <= 2 && (!best || d < best.d)) {
            best = { k, d };
        }
    }
    return best?.k;
}

/** The values as Helm sees them after coalescing: keys whose value is null removed, at every depth. */
function withoutNulls(v: Record<string, unknown>): Record<string, unknown> {
    const strip = (x: unknown): unknown =>
        Array.isArray(x)
            ? x.map(strip)
            : typeof x === "object" && x !== null
              ? Object.fromEntries(
                    Object.entries(x)
                        .filter(([, val]) => val !== null)
                        .map(([k, val]) => [k, strip(val)]),
                )
              : x;
    return strip(v) as Record<string, unknown>;
}

/** Paths of the values that are unresolved `${...}` substitutions: CIL-TECH-003 reports those, once. */
function substitutionPaths(v: unknown, path = "", out: string[] = []): string[] {
    if (typeof v === "string" && /\$\{[^}]*\}/.test(v)) {
        out.push(path);
    } else if (Array.isArray(v)) {
        v.forEach((x, i) => substitutionPaths(x, childPath(path, i), out));
    } else if (typeof v === "object" && v !== null) {
        for (const [k, x] of Object.entries(v)) {
            substitutionPaths(x, childPath(path, k), out);
        }
    }
    return out;
}

/**
 * How many unknown top-level keys get a finding of their own; the rest are counted in one finding.
 * A release with 100,000 unknown keys took over ten minutes (a spelling hint per key) and gave a
 * report nobody reads.
 */
export const MAX_UNKNOWN_KEYS_NAMED = 20;

const within = (path: string, guarded: readonly string[]): boolean =>
    guarded.some((g) => path === g || path.startsWith(`${g}.`) || path.startsWith(`${g}[`));

/**
 * Checks the Cilium release's values against the chart version it pins (CIL-TECH-008): the
 * chart's own values.schema.json, its top-level keys, and its templates' value guards.
 */
export const ciliumValuesSchema: ResourceRule = {
    name: "cluster-platform-cilium-values-schema",
    kind: "resource",
    description:
        "The Cilium release's values are valid for the chart version it pins: its values.schema.json, its top-level keys and its templates' value guards.",
    risks: ["CIL-TECH-008"],
    remediationSteps:
        "Pin a chart version the pack carries the values schema of, then fix each named value: its type or allowed values, a misspelt or removed key, or a value the chart's templates refuse.",
    check: (r, report) => {
        if (!isCiliumRelease(r.type, r.props)) {
            return;
        }
        const carried = Object.keys(CILIUM_CHARTS).join(", ");
        const version = r.props.version;
        if (typeof version !== "string" || version.trim() === "") {
            report(
                "CIL-TECH-008",
                `the Cilium release pins no chart version, so its values cannot be checked against the chart's values schema (Helm would take the newest chart); pin version to one the pack carries the schema of (${carried}).`,
            );
            return;
        }
        if (!/^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version.trim())) {
            report(
                "CIL-TECH-008",
                `the Cilium release's chart version ${JSON.stringify(version)} is not one exact version (a range or a tag), so neither the chart nor its values schema is fixed; pin an exact version the pack carries the schema of (${carried}).`,
            );
            return;
        }
        const chart = ciliumChart(version);
        if (!chart) {
            report(
                "CIL-TECH-008",
                `the Cilium release pins chart version ${JSON.stringify(version)}, whose values schema the pack does not carry (it carries ${carried}), so this rule cannot vouch for its values; vendor that version's values.schema.json (policies/lib/ciliumChart.ts) or pin a carried version.`,
            );
            return;
        }
        // Helm deletes a key whose user value is null before it validates and renders (chartutil coalescing).
        const values = withoutNulls(plainValues(r.props.values));
        const where = `chart cilium ${chart.version}`;
        const unresolved = substitutionPaths(values);
        const guards = chart.guards(values).filter((g) => !within(g.path, unresolved));
        for (const g of guards) {
            report(
                "CIL-TECH-008",
                `Cilium value ${g.path} is ${g.shown}, which ${where} refuses: its ${g.source} fails the render with "${g.text}"; ${g.fix}.`,
            );
        }
        const guarded = guards.map((g) => g.path);
        const guardedTop = guarded.map((p) => p.split(".")[0]);
        const known = Object.keys((chart.schema as { properties?: object }).properties ?? {});
        const knownSet = new Set([...known, ...guardedTop]);
        // Sorted: which keys are named must not depend on key order (the protocol engine's Struct sorts them).
        const unknown = Object.keys(values)
            .filter((key) => !knownSet.has(key))
            .sort();
        for (const key of unknown.slice(0, MAX_UNKNOWN_KEYS_NAMED)) {
            const hint = closest(key, known);
            report(
                "CIL-TECH-008",
                `Cilium value ${key} is not a value of ${where} (not among the ${known.length} top-level keys of its values.schema.json), so Helm ignores it without a word; ${hint ? `rename it to ${hint}` : "remove it, or move it to the key the chart reads"}.`,
            );
        }
        if (unknown.length > MAX_UNKNOWN_KEYS_NAMED) {
            const rest = unknown.slice(MAX_UNKNOWN_KEYS_NAMED);
            report(
                "CIL-TECH-008",
                `${rest.length} more Cilium values are not values of ${where} (${unknown.length} unknown top-level keys in all; the first ${MAX_UNKNOWN_KEYS_NAMED} are named in their own findings, the next are ${rest
                    .slice(0, 5)
                    .map((k) => JSON.stringify(k.length > 60 ? `${k.slice(0, 60)}…` : k))
                    .join(
                        ", ",
                    )}${rest.length > 5 ? ", …" : ""}), so Helm ignores them without a word; remove them, or move them to the keys the chart reads.`,
            );
        }
        for (const v of validateSchema(values, chart.schema)) {
            if (!within(v.path, guarded) && !within(v.path, unresolved)) {
                report(
                    "CIL-TECH-008",
                    `Cilium value ${v.path} ${v.problem} (${where}, values.schema.json), so Helm refuses to install or upgrade with it; ${v.fix}.`,
                );
            }
        }
        if (arrayAt(r.props, "valueYamlFiles").length > 0) {
            report(
                "CIL-TECH-008",
                `the Cilium release also takes values from valueYamlFiles, which a policy cannot read, so only its inline values were checked against ${where}; move those values into values.`,
            );
        }
    },
};

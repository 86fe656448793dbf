// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// A JSON Schema (draft-07) validator for Helm values schemas, small enough to ship inside the pack
// (the pack's dependencies stay @pulumi/policy, @pulumi/pulumi and zod). It implements the keywords
// chart values schemas use and refuses, when a schema is loaded, any keyword it does not implement:
// a schema it only half understood would pass values it never checked.

/** The assertion keywords implemented here. */
const ASSERTIONS = new Set([
    "type",
    "enum",
    "const",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "anyOf",
    "oneOf",
]);
/** Keywords that only annotate (no effect on validity). */
const ANNOTATIONS = new Set(["$schema", "$id", "$comment", "title", "description", "default", "examples"]);

/** A schema node as JSON (a boolean schema is `true` or `false`). */
export type JsonSchema = boolean | { [keyword: string]: unknown };

/** One violation: the key path in the values (`hubble.relay.replicas`, `a.b[0]`) and what is wrong. */
export interface SchemaViolation {
    path: string;
    /** What the schema requires and what the value is, e.g. `must be integer, is string "2"`. */
    problem: string;
    /** The fix, e.g. `write a value of type integer`. */
    fix: string;
}

/**
 * Checks that a schema uses only keywords this validator implements; throws naming the first other
 * keyword and its schema path, so a newer schema's keyword can never be skipped in silence.
 */
export function assertSupportedSchema(schema: JsonSchema, where = "#"): void {
    if (typeof schema === "boolean") {
        return;
    }
    for (const [k, v] of Object.entries(schema)) {
        if (!ASSERTIONS.has(k) && !ANNOTATIONS.has(k)) {
            throw new Error(`values schema keyword "${k}" at ${where} is not supported by the pack's validator`);
        }
        if (k === "properties") {
            for (const [name, sub] of Object.entries(v as Record<string, JsonSchema>)) {
                assertSupportedSchema(sub, `${where}/properties/${name}`);
            }
        } else if (k === "items" || k === "additionalProperties") {
            if (Array.isArray(v)) {
                throw new Error(`values schema keyword "${k}" at ${where} is an array (tuple form is not supported)`);
            }
            assertSupportedSchema(v as JsonSchema, `${where}/${k}`);
        } else if (k === "anyOf" || k === "oneOf") {
            (v as JsonSchema[]).forEach((sub, i) => assertSupportedSchema(sub, `${where}/${k}/${i}`));
        }
    }
}

/** The JSON Schema type name of a value (`integer` for integral numbers). */
export function jsonTypeOf(v: unknown): string {
    if (v === null) {
        return "null";
    }
    if (Array.isArray(v)) {
        return "array";
    }
    if (typeof v === "number") {
        return Number.isInteger(v) ? "integer" : "number";
    }
    return typeof v === "object" ? "object" : typeof v;
}

function typeMatches(v: unknown, type: string): boolean {
    const actual = jsonTypeOf(v);
    return actual === type || (type === "number" && actual === "integer");
}

/** A value as a message shows it: its type and, for scalars, the value itself. */
export function describeValue(v: unknown): string {
    const t = jsonTypeOf(v);
    return t === "object" || t === "array" ? t : `${t} ${JSON.stringify(v)}`;
}

function deepEqual(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

/** The display path of a child (`a.b`, `a[0]`, `a["x.y"]`), as violations name it. */
export function childPath(path: string, key: string | number): string {
    if (typeof key === "number") {
        return `${path}[${key}]`;
    }
    const safe = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
    return path === "" ? safe : safe.startsWith("[") ? `${path}${safe}` : `${path}.${safe}`;
}

/**
 * Validates a value against a schema and returns every violation, deepest first within a branch.
 * A value of the wrong type yields only that violation (its children are not checked against
 * properties it does not have).
 */
export function validateSchema(value: unknown, schema: JsonSchema, path = ""): SchemaViolation[] {
    if (schema === true) {
        return [];
    }
    if (schema === false) {
        return [{ path, problem: "is not allowed here", fix: "remove it" }];
    }
    const out: SchemaViolation[] = [];
    if (schema.type !== undefined) {
        const types = (Array.isArray(schema.type) ? schema.type : [schema.type]) as string[];
        if (!types.some((t) => typeMatches(value, t))) {
            return [
                {
                    path,
                    problem: `must be ${types.join(" or ")}, is ${describeValue(value)}`,
                    fix: `write a value of type ${types.join(" or ")}`,
                },
            ];
        }
    }
    if (schema.enum !== undefined && !(schema.enum as unknown[]).some((e) => deepEqual(e, value))) {
        const list = (schema.enum as unknown[]).map((e) => JSON.stringify(e)).join(", ");
        out.push({
            path,
            problem: `must be one of ${list}, is ${describeValue(value)}`,
            fix: "use one of those values",
        });
    }
    if ("const" in schema && !deepEqual(schema.const, value)) {
        out.push({
            path,
            problem: `must be ${JSON.stringify(schema.const)}, is ${describeValue(value)}`,
            fix: `set ${JSON.stringify(schema.const)}`,
        });
    }
    const obj = jsonTypeOf(value) === "object" ? (value as Record<string, unknown>) : undefined;
    if (obj) {
        const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
        for (const req of (schema.required ?? []) as string[]) {
            if (!(req in obj)) {
                out.push({ path: childPath(path, req), problem: "is required", fix: "add it" });
            }
        }
        for (const [k, v] of Object.entries(obj)) {
            if (Object.prototype.hasOwnProperty.call(props, k)) {
                out.push(...validateSchema(v, props[k], childPath(path, k)));
            } else if (schema.additionalProperties !== undefined) {
                out.push(...validateSchema(v, schema.additionalProperties as JsonSchema, childPath(path, k)));
            }
        }
    }
    if (Array.isArray(value) && schema.items !== undefined) {
        value.forEach((item, i) => out.push(...validateSchema(item, schema.items as JsonSchema, childPath(path, i))));
    }
    if (schema.anyOf !== undefined) {
        const branches = (schema.anyOf as JsonSchema[]).map((s) => validateSchema(value, s, path));
        if (!branches.some((b) => b.length === 0)) {
            out.push(...combine(path, branches));
        }
    }
    if (schema.oneOf !== undefined) {
        const branches = (schema.oneOf as JsonSchema[]).map((s) => validateSchema(value, s, path));
        const passing = branches.filter((b) => b.length === 0).length;
        if (passing === 0) {
            out.push(...combine(path, branches));
        } else if (passing > 1) {
            out.push({
                path,
                problem: `must match exactly one of ${branches.length} alternatives, matches ${passing}`,
                fix: "make it match only one",
            });
        }
    }
    return out;
}

/** The violations of failed alternatives: a single alternative's own, else one line listing each. */
function combine(path: string, branches: SchemaViolation[][]): SchemaViolation[] {
    if (branches.length === 1) {
        return branches[0];
    }
    const parts = branches.map((b) =>
        b.map((v) => (v.path === path ? v.problem : `${v.path} ${v.problem}`)).join("; "),
    );
    return [
        {
            path,
            problem: `matches none of its ${branches.length} alternatives (${parts.join(" | ")})`,
            fix: "make it match one of them",
        },
    ];
}

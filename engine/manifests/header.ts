// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The `# cluster-platform:` header line `render` writes: the graph facts YAML cannot carry (parent,
// provider, dependencies, options). It is a hint, never authority: its shape must be exactly the one
// render writes, and it must agree with its document, whose own apiVersion and kind say what it is.
// A header that claimed a Dragonfly CR was a ConfigMap once made a file pass.
import { z } from "zod";
import { RecordedResource } from "../recording/program";

/** First-line comment of a rendered file. */
export const HEADER = "# cluster-platform: ";

/** The graph facts of a rendered resource that YAML cannot carry. */
export type RenderHeader = Pick<
    RecordedResource,
    "type" | "name" | "urn" | "parent" | "provider" | "custom" | "dependencies" | "options"
>;

const text = z.string();
const HeaderSchema = z.strictObject({
    type: text.min(1),
    name: text.min(1),
    urn: text.startsWith("urn:pulumi:"),
    parent: text,
    provider: text,
    custom: z.boolean(),
    dependencies: z.array(text),
    options: z.strictObject({
        protect: z.boolean().optional(),
        retainOnDelete: z.boolean().optional(),
        import: text,
        deleteBeforeReplace: z.boolean(),
        ignoreChanges: z.array(text),
        customTimeouts: z.strictObject({ create: text, update: text, delete: text }).optional(),
        aliases: z.array(text),
    }),
});

/** The pulumi type token of a manifest document. */
export function typeOfManifest(apiVersion: string, kind: string): string {
    return `kubernetes:${apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`}:${kind}`;
}

/**
 * Parses the header line's JSON into the shape render writes; throws an Error whose message says
 * what is wrong (the caller names the file and document).
 */
export function parseHeader(json: string): RenderHeader {
    let raw: unknown;
    try {
        raw = JSON.parse(json);
    } catch (err) {
        // Newer V8 lines append " (line L column C)"; the position alone keeps the message the same on every Node line.
        throw new Error(`is not JSON: ${(err as Error).message.replace(/ \(line \d+ column \d+\)$/, "")}`);
    }
    const parsed = HeaderSchema.safeParse(raw);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const at = issue.path.length > 0 ? `field ${issue.path.join(".")}: ` : "";
        const what =
            issue.code === "unrecognized_keys"
                ? `unknown field(s) ${issue.keys.join(", ")}`
                : issue.path.length === 0
                  ? `must be an object of the graph facts render writes (got ${describe(raw)})`
                  : issue.message;
        throw new Error(`is not the header render writes: ${at}${what}`);
    }
    const h = parsed.data;
    const [type, name] = urnParts(h.urn);
    if (type !== h.type || name !== h.name) {
        throw new Error(
            `is not the header render writes: its urn ${h.urn} is not of type ${h.type} and name ${h.name}`,
        );
    }
    return {
        ...h,
        options: {
            protect: h.options.protect,
            retainOnDelete: h.options.retainOnDelete,
            import: h.options.import,
            deleteBeforeReplace: h.options.deleteBeforeReplace,
            ignoreChanges: h.options.ignoreChanges,
            customTimeouts: h.options.customTimeouts,
            aliases: h.options.aliases,
        },
    };
}

/** The type (last of the URN's qualified type) and name of a URN `urn:pulumi:<stack>::<project>::<types>::<name>`. */
function urnParts(urn: string): [string | undefined, string | undefined] {
    const [, , types, ...name] = urn.split("::");
    if (types === undefined || name.length === 0) {
        return [undefined, undefined];
    }
    return [types.split("$").pop(), name.join("::")];
}

function describe(v: unknown): string {
    return v === null
        ? "null"
        : Array.isArray(v)
          ? "an array"
          : typeof v === "object"
            ? "an object"
            : JSON.stringify(v);
}

/**
 * Why a header disagrees with its document (undefined when they agree). A Kubernetes header must
 * name the document's own type; a provider or component header must not sit on a Kubernetes object.
 */
export function headerDisagreement(header: RenderHeader, body: unknown): string | undefined {
    const doc =
        typeof body === "object" && body !== null && !Array.isArray(body)
            ? (body as Record<string, unknown>)
            : undefined;
    const k8s = doc && typeof doc.apiVersion === "string" && typeof doc.kind === "string";
    const own = k8s ? typeOfManifest(doc.apiVersion as string, doc.kind as string) : undefined;
    if (header.type.startsWith("kubernetes:")) {
        if (!own) {
            return `the header says ${header.type}, but the document is not a Kubernetes object (apiVersion and kind are required)`;
        }
        if (own !== header.type) {
            return `the header says ${header.type}, but the document is ${own} (apiVersion ${String(doc!.apiVersion)}, kind ${String(doc!.kind)}); the document decides what it is`;
        }
        if (!header.custom) {
            return `the header says ${header.type} is not a custom resource; every Kubernetes object is one`;
        }
        return undefined;
    }
    if (own) {
        return `the header says ${header.type}, but the document is a Kubernetes object (${own}); the document decides what it is`;
    }
    if (header.custom !== header.type.startsWith("pulumi:providers:")) {
        return `the header says ${header.type} is ${header.custom ? "" : "not "}a custom resource; a provider is one, a component is not`;
    }
    return undefined;
}

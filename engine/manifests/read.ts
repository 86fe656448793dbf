// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Manifest mode and render: plain Kubernetes YAML in and out of the offline engine.
import * as fs from "fs";
import * as path from "path";
import { stringify } from "yaml";
import { PROJECT } from "../../config/schema";
import { YAML_LIMITS } from "../../config/yaml";
import { yamlDocuments } from "../../config/yamlStream";
import { RecordedResource } from "../recording/program";
import { SECRET_SIG_KEY, UNKNOWN_SENTINEL } from "../../policies/runtime/wire";
import {
    fluxHelmReleaseView,
    isFluxHelmRelease,
    NormalizeError,
    unwrapList,
} from "../../policies/lib/exposure/normalize";

/** First-line comment of a rendered file carrying what YAML cannot: type, name, parent, provider, dependencies, options. */
const HEADER = "# cluster-platform: ";

/** Raised for unreadable or malformed manifests; names the file and the document index. */
export class ManifestError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ManifestError";
    }
}

/** The graph facts of a rendered resource that YAML cannot carry. */
type RenderHeader = Pick<
    RecordedResource,
    "type" | "name" | "urn" | "parent" | "provider" | "custom" | "dependencies" | "options"
>;

// Kept here, not in record.ts: that module loads the Pulumi runtime, which `check --manifests` never needs.
/** The options of a resource that sets none (what a plain manifest has: it cannot carry resource options). */
export function defaultResourceOptions(): RecordedResource["options"] {
    return {
        protect: undefined,
        retainOnDelete: undefined,
        import: "",
        deleteBeforeReplace: false,
        ignoreChanges: [],
        customTimeouts: undefined,
        aliases: [],
    };
}

/** Replaces every Pulumi secret in wire-form properties by "[secret]" (and unknowns by "(unknown)"). */
export function redactWire(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(redactWire);
    }
    if (typeof value === "object" && value !== null) {
        const o = value as Record<string, unknown>;
        if (SECRET_SIG_KEY in o) {
            return "[secret]";
        }
        return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, redactWire(v)]));
    }
    return value === UNKNOWN_SENTINEL ? "(unknown)" : value;
}

/** One file per Kubernetes resource of a recorded stack, secrets redacted, with a header line for the graph facts. */
export function renderStack(resources: readonly RecordedResource[]): { file: string; text: string }[] {
    return resources.map((r) => {
        const header: RenderHeader = {
            type: r.type,
            name: r.name,
            urn: r.urn,
            parent: r.parent,
            provider: r.provider,
            custom: r.custom,
            dependencies: r.dependencies,
            options: r.options,
        };
        if (!r.type.startsWith("kubernetes:")) {
            // Providers and components: no Kubernetes object, but the graph needs them (provider identity, parents).
            const kind = r.type.startsWith("pulumi:providers:") ? "provider" : "component";
            return {
                file: `_${kind}-${r.name}.yaml`,
                text: `${HEADER}${JSON.stringify(header)}
${stringify(redactWire(r.wireInputs), { lineWidth: 0 })}`,
            };
        }
        const [, apiVersion, kind] = /^kubernetes:([^:]+):(.+)$/.exec(r.type)!;
        const body = { ...(redactWire(r.wireInputs) as Record<string, unknown>) };
        body.apiVersion = apiVersion.startsWith("core/") ? apiVersion.slice(5) : apiVersion;
        body.kind = kind;
        const text = `${HEADER}${JSON.stringify(header)}\n${stringify(body, { lineWidth: 0 })}`;
        return { file: `${String(kind).toLowerCase()}-${r.name}.yaml`, text };
    });
}

/** The pulumi type token of a manifest document. */
export function typeOfManifest(apiVersion: string, kind: string): string {
    return `kubernetes:${apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`}:${kind}`;
}

/** Every .yaml/.yml file under the given files or directories, sorted. */
export function manifestFiles(paths: readonly string[]): string[] {
    const out: string[] = [];
    for (const p of paths) {
        let stat: fs.Stats;
        try {
            stat = fs.statSync(p);
        } catch {
            throw new ManifestError(`${p}: no such file or directory`);
        }
        if (stat.isDirectory()) {
            out.push(
                ...manifestFiles(
                    fs
                        .readdirSync(p)
                        .sort()
                        .map((f) => path.join(p, f)),
                ).filter((f) => /\.ya?ml$/.test(f)),
            );
        } else {
            out.push(p);
        }
    }
    return out;
}

/**
 * Reads multi-document YAML into resources the engine can judge: each document a resource of type
 * `kubernetes:<group/version>:<Kind>`. Files written by {@link renderStack} keep their graph facts
 * (parent, provider, dependencies, options); other manifests get none. When `locations` is given,
 * it receives each object's URN → file and 1-based line (for SARIF regions).
 */
export function readManifests(
    paths: readonly string[],
    stack: string,
    locations?: Map<string, { file: string; line: number }>,
): RecordedResource[] {
    const resources: RecordedResource[] = [];
    const seen = new Set<string>();
    for (const file of manifestFiles(paths)) {
        const text = fs.readFileSync(file, "utf8");
        if (Buffer.byteLength(text) > YAML_LIMITS.maxBytes) {
            throw new ManifestError(`${file}: larger than the ${YAML_LIMITS.maxBytes}-byte limit of a manifest file`);
        }
        const firstLine = text.split("\n", 1)[0];
        let header: RenderHeader | undefined;
        if (firstLine.startsWith(HEADER)) {
            try {
                header = JSON.parse(firstLine.slice(HEADER.length)) as RenderHeader;
            } catch (err) {
                throw new ManifestError(`${file}: the ${HEADER.trim()} header is not JSON: ${(err as Error).message}`);
            }
        }
        documentsOf(file, text).forEach(({ errors, body, index, line }) => {
            const at = { file, line };
            if (errors.length > 0) {
                throw new ManifestError(`${file}: document ${index}: ${errors[0]}`);
            }
            if (header && !header.type.startsWith("kubernetes:")) {
                const props = (body ?? {}) as Record<string, unknown>;
                resources.push({ ...header, inputs: props, wireInputs: props, propertyDependencies: {} });
                seen.add(header.urn);
                locations?.set(header.urn, at);
                return;
            }
            if (body === null || body === undefined) {
                return;
            }
            if (typeof body !== "object" || typeof body.apiVersion !== "string" || typeof body.kind !== "string") {
                throw new ManifestError(
                    `${file}: document ${index}: not a Kubernetes object (apiVersion and kind are required)`,
                );
            }
            const meta = (body.metadata ?? {}) as { name?: string; namespace?: string };
            const type = header?.type ?? typeOfManifest(body.apiVersion, body.kind);
            const name =
                header?.name ??
                `${meta.namespace ?? "default"}-${meta.name ?? `doc${index}`}-${body.kind.toLowerCase()}`;
            const urn = header?.urn ?? `urn:pulumi:${stack}::${PROJECT}::${type}::${name}`;
            if (seen.has(urn)) {
                throw new ManifestError(
                    `${file}: document ${index}: ${body.kind} ${meta.namespace ?? "default"}/${meta.name ?? "?"} appears twice`,
                );
            }
            seen.add(urn);
            locations?.set(urn, at);
            const props =
                header?.type === "kubernetes:helm.sh/v3:Release"
                    ? Object.fromEntries(Object.entries(body).filter(([k]) => k !== "apiVersion" && k !== "kind"))
                    : body;
            resources.push({
                type,
                name,
                urn,
                parent: header?.parent ?? "",
                provider: header?.provider ?? "",
                custom: true,
                inputs: props,
                wireInputs: props,
                dependencies: header?.dependencies ?? [],
                propertyDependencies: {},
                options: header?.options ?? defaultResourceOptions(),
            });
        });
    }
    fluxReleasesAsHelmReleases(resources);
    if (resources.length === 0) {
        throw new ManifestError(`no Kubernetes object found in ${paths.join(", ")}`);
    }
    return resources;
}

/** One parsed document: its YAML errors, its object, its index in the file. */
interface ManifestDocument {
    errors: string[];
    body: Record<string, unknown> | null;
    index: number;
    /** 1-based line of the document in its file (SARIF regions). */
    line: number;
}

/**
 * The documents of a file with their index; a `kind: List` (what `kubectl get -o yaml` prints)
 * would hide its items, so each item becomes a document of its own under the list's index.
 */
function documentsOf(file: string, text: string): ManifestDocument[] {
    // The same limits as stack files: alias bombs, depth, unknown tags; keys in null-prototype maps.
    return yamlDocuments(text).flatMap(({ problems: errors, value, line }, index): ManifestDocument[] => {
        const body = value as Record<string, unknown> | null;
        if (body === null || typeof body !== "object") {
            return [{ errors, body, index, line }];
        }
        try {
            return unwrapList(body).map((item) => ({ errors, body: item, index, line }));
        } catch (err) {
            throw new ManifestError(`${file}: document ${index}: ${(err as NormalizeError).message}`);
        }
    });
}

/**
 * Judges each Flux HelmRelease (helm.toolkit.fluxcd.io v2, v2beta1, v2beta2) by the same rules as a
 * helm.v3.Release: its chart source, version and values (the input's valuesFrom ConfigMaps merged
 * under spec.values) are read into a Release-shaped resource in its place.
 */
function fluxReleasesAsHelmReleases(resources: RecordedResource[]): void {
    const bodies = resources.map((r) => r.inputs as Record<string, unknown>);
    resources.forEach((r, i) => {
        if (!isFluxHelmRelease(bodies[i])) {
            return;
        }
        let props: Record<string, unknown>;
        try {
            props = fluxHelmReleaseView(bodies[i], bodies).props;
        } catch (err) {
            throw new ManifestError((err as NormalizeError).message);
        }
        resources[i] = { ...r, type: "kubernetes:helm.sh/v3:Release", inputs: props, wireInputs: props };
    });
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Manifest mode and render: plain Kubernetes YAML in and out of the offline engine.
import * as fs from "fs";
import * as path from "path";
import { stringify } from "yaml";
import { PROJECT } from "../../config/schema";
import { YAML_LIMITS } from "../../config/yaml";
import { yamlDocuments } from "../../config/yamlStream";
import { RecordedResource } from "../recording/program";
import { HEADER, headerDisagreement, parseHeader, RenderHeader, typeOfManifest } from "./header";
import { toWireForm } from "./wireForm";
import { SECRET_SIG_KEY, UNKNOWN_SENTINEL } from "../../policies/runtime/wire";
import {
    fluxHelmReleaseView,
    isFluxHelmRelease,
    NormalizeError,
    unwrapList,
} from "../../policies/lib/exposure/normalize";

export { typeOfManifest };

/** Raised for unreadable or malformed manifests; names the file and the document index. */
export class ManifestError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ManifestError";
    }
}

/**
 * Raised for a path named on the command line that is missing or neither a file nor a directory
 * (`check` exits 2 for it, as for every other file named on its command line).
 */
export class ManifestPathError extends ManifestError {
    constructor(message: string) {
        super(message);
        this.name = "ManifestPathError";
    }
}

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

/**
 * Every .yaml/.yml file under the given files or directories, sorted. A path given that is missing,
 * or neither a regular file nor a directory (a FIFO, a device, a socket), is a
 * {@link ManifestPathError}; such an entry found in a directory is a {@link ManifestError}. Neither
 * is opened: reading a FIFO would wait for a writer forever.
 */
export function manifestFiles(paths: readonly string[]): string[] {
    return paths.flatMap((p) => filesUnder(p, true));
}

function filesUnder(p: string, named: boolean): string[] {
    const Err = named ? ManifestPathError : ManifestError;
    let stat: fs.Stats;
    try {
        stat = fs.statSync(p);
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new Err(`${p}: ${code === "ENOENT" ? "no such file or directory" : (err as Error).message}`);
    }
    if (stat.isDirectory()) {
        return fs
            .readdirSync(p, { withFileTypes: true })
            .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
            .filter((e) => e.isDirectory() || /\.ya?ml$/.test(e.name))
            .flatMap((e) => filesUnder(path.join(p, e.name), false));
    }
    if (!stat.isFile()) {
        throw new Err(`${p}: not a regular file (a FIFO, device or socket); refused without reading it`);
    }
    if (stat.size > YAML_LIMITS.maxBytes) {
        throw new Err(`${p}: larger than the ${YAML_LIMITS.maxBytes}-byte limit of a manifest file`);
    }
    return [p];
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
    // Where each resource came from, for errors found after normalisation.
    const origin = new Map<string, { at: string; what: string }>();
    for (const file of manifestFiles(paths)) {
        const text = fs.readFileSync(file, "utf8");
        if (Buffer.byteLength(text) > YAML_LIMITS.maxBytes) {
            throw new ManifestError(`${file}: larger than the ${YAML_LIMITS.maxBytes}-byte limit of a manifest file`);
        }
        const firstLine = text.split("\n", 1)[0];
        let header: RenderHeader | undefined;
        if (firstLine.startsWith(HEADER)) {
            try {
                header = parseHeader(firstLine.slice(HEADER.length));
            } catch (err) {
                throw new ManifestError(`${file}: document 0: the ${HEADER.trim()} header ${(err as Error).message}`);
            }
        }
        const documents = documentsOf(file, text);
        if (header && documents.filter((d) => d.body !== null && d.body !== undefined).length > 1) {
            throw new ManifestError(
                `${file}: the ${HEADER.trim()} header describes one resource, but the file holds ${documents.length} objects; render writes one object per file`,
            );
        }
        documents.forEach(({ errors, body, index, line }) => {
            const at = { file, line };
            if (errors.length > 0) {
                throw new ManifestError(`${file}: document ${index}: ${errors[0]}`);
            }
            const disagreement = header ? headerDisagreement(header, body) : undefined;
            if (disagreement) {
                throw new ManifestError(`${file}: document ${index}: ${disagreement}`);
            }
            if (header && !header.type.startsWith("kubernetes:")) {
                const props = (body ?? {}) as Record<string, unknown>;
                resources.push({ ...header, inputs: props, wireInputs: props, propertyDependencies: {} });
                seen.add(header.urn);
                origin.set(header.urn, { at: `${file}: document ${index}`, what: header.type });
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
            // The document says what it is; a header only adds the graph facts (and agrees, checked above).
            const type = typeOfManifest(body.apiVersion, body.kind);
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
            origin.set(urn, {
                at: `${file}: document ${index}`,
                what: `${body.kind} ${meta.namespace ?? "default"}/${meta.name ?? "?"}`,
            });
            locations?.set(urn, at);
            const props =
                header && type === "kubernetes:helm.sh/v3:Release"
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
    fluxReleasesAsHelmReleases(resources, (urn) => origin.get(urn)?.at ?? urn);
    if (resources.length === 0) {
        throw new ManifestError(`no Kubernetes object found in ${paths.join(", ")}`);
    }
    // Both engines judge the same data: what the protocol could not carry is put in its form here.
    for (const r of resources) {
        try {
            toWireForm(r.inputs);
        } catch (err) {
            const o = origin.get(r.urn);
            throw new ManifestError(`${o ? `${o.at}: ${o.what}` : r.urn}: ${(err as Error).message}`);
        }
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
function fluxReleasesAsHelmReleases(resources: RecordedResource[], where: (urn: string) => string): void {
    const bodies = resources.map((r) => r.inputs as Record<string, unknown>);
    resources.forEach((r, i) => {
        if (!isFluxHelmRelease(bodies[i])) {
            return;
        }
        let props: Record<string, unknown>;
        try {
            props = fluxHelmReleaseView(bodies[i], bodies).props;
        } catch (err) {
            throw new ManifestError(`${where(r.urn)}: ${(err as NormalizeError).message}`);
        }
        resources[i] = { ...r, type: "kubernetes:helm.sh/v3:Release", inputs: props, wireInputs: props };
    });
}

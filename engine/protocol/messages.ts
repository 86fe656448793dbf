// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Recorded resources to pulumirpc.Analyzer messages and back: options, providers, diagnostics.
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { RecordedResource } from "../recording/program";
import { Diagnostic, LEVEL_NAMES } from "../types";
import { durationSeconds, providerUrnOf } from "../recording/graph";
import { lengthDelimited, structBytes } from "./structEncoding";

const structs = new WeakMap<RecordedResource, Buffer>();

/**
 * The properties of a resource as serialized protobuf Struct bytes, built once per resource: Analyze,
 * AnalyzeStack and every resource's provider share them.
 */
export function propertiesBytesOf(r: RecordedResource): Buffer {
    let s = structs.get(r);
    if (!s) {
        s = structBytes(r.wireInputs as object);
        structs.set(r, s);
    }
    return s;
}

/** Field numbers shared by AnalyzeRequest, AnalyzerResource and AnalyzerProviderResource (analyzer.proto). */
const PROPERTIES_FIELD = 2;
const PROVIDER_FIELD = 6;

/** The bytes of an AnalyzerProviderResource of a recorded provider. */
function providerBytes(provider: RecordedResource): Buffer {
    const p = new analyzerPb.AnalyzerProviderResource();
    p.setType(provider.type);
    p.setName(provider.name);
    p.setUrn(provider.urn);
    return Buffer.concat([p.serializeBinary(), lengthDelimited(PROPERTIES_FIELD, propertiesBytesOf(provider))]);
}

/**
 * A message's bytes with its `properties` Struct and `provider` appended as fields: a protobuf
 * reader takes fields in any order, so this is the message google-protobuf would build with
 * setProperties/setProvider, without building a Struct object per value.
 */
export function withProperties(
    message: { serializeBinary(): Uint8Array },
    r: RecordedResource,
    provider: RecordedResource | undefined,
): Buffer {
    return Buffer.concat([
        message.serializeBinary(),
        lengthDelimited(PROPERTIES_FIELD, propertiesBytesOf(r)),
        ...(provider ? [lengthDelimited(PROVIDER_FIELD, providerBytes(provider))] : []),
    ]);
}

/** The serialized AnalyzeRequest of a resource and its provider. */
export function analyzeRequestBytes(r: RecordedResource, provider?: RecordedResource): Buffer {
    const req = new analyzerPb.AnalyzeRequest();
    req.setType(r.type);
    req.setName(r.name);
    req.setUrn(r.urn);
    req.setOptions(analyzerOptionsOf(r));
    return withProperties(req, r, provider);
}

/** One resource's entry of an AnalyzeStackRequest (its `resources` field; the request is their concatenation). */
function stackEntryBytes(r: RecordedResource, providers: ReadonlyMap<string, RecordedResource>): Buffer {
    const RESOURCES_FIELD = 1;
    const a = new analyzerPb.AnalyzerResource();
    a.setType(r.type);
    a.setName(r.name);
    a.setUrn(r.urn);
    a.setParent(r.parent);
    a.setOptions(analyzerOptionsOf(r));
    a.setDependenciesList(r.dependencies);
    const deps = a.getPropertydependenciesMap();
    for (const [k, urns] of Object.entries(r.propertyDependencies)) {
        const d = new analyzerPb.AnalyzerPropertyDependencies();
        d.setUrnsList(urns);
        deps.set(k, d);
    }
    return lengthDelimited(RESOURCES_FIELD, withProperties(a, r, providers.get(providerUrnOf(r.provider))));
}

/**
 * The serialized AnalyzeStackRequest of a graph (parents, dependencies, property dependencies,
 * providers), built a few resources at a time if asked: the protocol engine builds it while its
 * Analyze calls are out, when this process is otherwise waiting for the pack.
 */
export class StackRequestBuilder {
    private readonly entries: Buffer[] = [];
    /** The first entry that could not be built: thrown by {@link bytes}, never by {@link advance}. */
    private failure: unknown;

    constructor(
        private readonly resources: readonly RecordedResource[],
        private readonly providers: ReadonlyMap<string, RecordedResource>,
    ) {}

    /**
     * Builds the next `n` entries; nothing once every resource has its entry. Never throws: it runs
     * while Analyze calls are out, and a throw there would leave their answers unawaited (an
     * unhandled rejection ends the process with exit 1, which reads as "blocked").
     */
    advance(n = 1): void {
        try {
            for (let i = 0; i < n && this.failure === undefined && this.entries.length < this.resources.length; i++) {
                this.entries.push(stackEntryBytes(this.resources[this.entries.length], this.providers));
            }
        } catch (err) {
            this.failure = err;
        }
    }

    /** The whole request (the entries not built yet are built now); throws what an entry threw. */
    bytes(): Buffer {
        this.advance(this.resources.length);
        if (this.failure !== undefined) {
            throw this.failure;
        }
        return Buffer.concat(this.entries);
    }
}

/** The AnalyzerResourceOptions of a recorded resource (custom timeouts in seconds). */
export function analyzerOptionsOf(r: RecordedResource): analyzerPb.AnalyzerResourceOptions {
    const o = new analyzerPb.AnalyzerResourceOptions();
    o.setProtect(r.options.protect === true);
    o.setIgnorechangesList(r.options.ignoreChanges);
    o.setDeletebeforereplace(r.options.deleteBeforeReplace);
    o.setDeletebeforereplacedefined(true);
    o.setAliasesList(r.options.aliases.filter((a) => a.startsWith("urn:")));
    o.setParent(r.parent);
    if (r.options.customTimeouts) {
        const t = new analyzerPb.AnalyzerResourceOptions.CustomTimeouts();
        t.setCreate(durationSeconds(r.options.customTimeouts.create));
        t.setUpdate(durationSeconds(r.options.customTimeouts.update));
        t.setDelete(durationSeconds(r.options.customTimeouts.delete));
        o.setCustomtimeouts(t);
    }
    return o;
}

/** The diagnostics of a response; those without a URN are attributed to `fallbackUrn`. */
export function diagnosticsOf(res: analyzerPb.AnalyzeResponse, fallbackUrn: string): Diagnostic[] {
    return res.getDiagnosticsList().map((d) => ({
        policyName: d.getPolicyname(),
        description: d.getDescription(),
        message: d.getMessage(),
        enforcementLevel: LEVEL_NAMES[d.getEnforcementlevel()],
        urn: d.getUrn() || fallbackUrn,
    }));
}

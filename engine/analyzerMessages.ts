// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Recorded resources to pulumirpc.Analyzer messages and back: options, providers, diagnostics.
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { RecordedResource } from "./record";
import { Diagnostic, LEVEL_NAMES } from "./analyzerTypes";

/** The provider URN of a provider reference `<urn>::<id>`. */
export function providerUrnOf(ref: string): string {
    const i = ref.lastIndexOf("::");
    return i > 0 ? ref.slice(0, i) : ref;
}

const structs = new WeakMap<RecordedResource, Struct>();

/**
 * The properties of a resource as a protobuf Struct, built once per resource: Analyze, AnalyzeStack
 * and every resource's provider share it (serializing only reads it).
 */
export function structOf(r: RecordedResource): Struct {
    let s = structs.get(r);
    if (!s) {
        s = Struct.fromJavaScript(r.wireInputs as never);
        structs.set(r, s);
    }
    return s;
}

/** The AnalyzerProviderResource of a recorded provider. */
export function providerOf(provider: RecordedResource): analyzerPb.AnalyzerProviderResource {
    const p = new analyzerPb.AnalyzerProviderResource();
    p.setType(provider.type);
    p.setName(provider.name);
    p.setUrn(provider.urn);
    p.setProperties(structOf(provider));
    return p;
}

function seconds(duration: string): number {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(duration);
    if (!m) {
        return 0;
    }
    const n = Number(m[1]);
    return { ms: n / 1000, s: n, m: n * 60, h: n * 3600 }[m[2] ?? "s"] ?? 0;
}

/** The AnalyzerResourceOptions of a recorded resource (custom timeouts in seconds). */
export function optionsOf(r: RecordedResource): analyzerPb.AnalyzerResourceOptions {
    const o = new analyzerPb.AnalyzerResourceOptions();
    o.setProtect(r.options.protect === true);
    o.setIgnorechangesList(r.options.ignoreChanges);
    o.setDeletebeforereplace(r.options.deleteBeforeReplace);
    o.setDeletebeforereplacedefined(true);
    o.setAliasesList(r.options.aliases.filter((a) => a.startsWith("urn:")));
    o.setParent(r.parent);
    if (r.options.customTimeouts) {
        const t = new analyzerPb.AnalyzerResourceOptions.CustomTimeouts();
        t.setCreate(seconds(r.options.customTimeouts.create));
        t.setUpdate(seconds(r.options.customTimeouts.update));
        t.setDelete(seconds(r.options.customTimeouts.delete));
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

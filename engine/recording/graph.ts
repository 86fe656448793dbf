// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Facts of a recorded resource graph that both engines read the same way: provider references and
// custom-timeout durations as the engine's client sends them.
import { RecordedResource } from "./program";

/** Durations as the client sends them in AnalyzerResourceOptions (seconds; "" or unparsable is 0). */
export function durationSeconds(duration: string): number {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(duration);
    if (!m) {
        return 0;
    }
    const n = Number(m[1]);
    return { ms: n / 1000, s: n, m: n * 60, h: n * 3600 }[m[2] ?? "s"] ?? 0;
}

/** The provider URN of a provider reference `<urn>::<id>`. */
export function providerUrnOf(ref: string): string {
    const i = ref.lastIndexOf("::");
    return i > 0 ? ref.slice(0, i) : ref;
}

/** The provider resources of a recorded graph, by URN (what a resource's provider reference names). */
export function providersByUrn(resources: readonly RecordedResource[]): Map<string, RecordedResource> {
    return new Map(resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [r.urn, r]));
}

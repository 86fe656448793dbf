// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { PolicyResource } from "@pulumi/policy";
import { StackRule } from "../../lib/rule";
import { ancestors, ciliumRelease } from "../../lib/cilium";

/** Checks that every resource outside the Cilium component waits for the Cilium release (directly, through a parent, or transitively). */
export const ciliumDependencyOrder: StackRule = {
    name: "cluster-platform-cilium-dependency-order",
    kind: "stack",
    description: "Every workload of the stack waits for the Cilium release.",
    risks: ["CIL-TECH-004"],
    remediationSteps:
        "Pass dependsOn: [cilium.release] to every other component (buildPlatform does) and forward it to their first children.",
    check: (resources, report) => {
        const release = ciliumRelease(resources);
        if (!release) {
            return;
        }
        const ciliumOwners = new Set([release.urn, ...ancestors(release).map((a) => a.urn)]);
        const memo = new Map<string, boolean>();
        const waits = (r: PolicyResource, seen: Set<string>): boolean => {
            const known = memo.get(r.urn);
            if (known !== undefined) {
                return known;
            }
            if (seen.has(r.urn)) {
                return false;
            }
            seen.add(r.urn);
            const deps = [...r.dependencies, ...ancestors(r).flatMap((a) => a.dependencies)];
            const result = deps.some((d) => d.urn === release.urn || waits(d, seen));
            memo.set(r.urn, result);
            return result;
        };
        for (const r of resources) {
            if (
                !r.type.startsWith("kubernetes:") ||
                r.urn === release.urn ||
                (r.parent && ciliumOwners.has(r.parent.urn))
            ) {
                continue;
            }
            if (!waits(r, new Set())) {
                report(
                    "CIL-TECH-004",
                    `${r.type} ${r.name} does not wait for the Cilium release, so it can be created before the CNI is ready; make it (or its component) depend on the release.`,
                    r.urn,
                );
            }
        }
    },
};

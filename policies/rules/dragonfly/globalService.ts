// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { StackRule } from "../../lib/rule";
import { selectorMatches } from "../../lib/labelSelectors";
import { recordAt } from "../../lib/propertyPaths";
import { buildStackView } from "../../lib/stackView";

/**
 * Checks that a ClusterMesh global Service in a Dragonfly namespace is shared and selects exactly
 * the master pod of the cache (role=master, a label the operator sets), never replicas and never
 * labels no pod carries; a consumer copy (shared "false") declares no selector.
 */
export const dragonflyGlobalService: StackRule = {
    name: "cluster-platform-dragonfly-global-service",
    kind: "stack",
    description: "A Dragonfly global Service routes cross-cluster clients to the master only.",
    risks: ["DFLY-PERF-001"],
    remediationSteps:
        'Annotate service.cilium.io/global: "true"; on the owning cluster set service.cilium.io/shared: "true" and selector app=<cr>, app.kubernetes.io/name=dragonfly, role=master; declare the same Service name and namespace on every consuming cluster.',
    check: (resources, report) => {
        const view = buildStackView(resources);
        for (const df of view.dragonflies) {
            const [master, replica] = df.pods;
            for (const svc of view.ofType("kubernetes:core/v1:Service", df.namespace)) {
                const ann = recordAt(svc.props, "metadata.annotations");
                if (ann["service.cilium.io/global"] !== "true") {
                    continue;
                }
                const selector = recordAt(svc.props, "spec").selector as Record<string, string> | undefined;
                const who = `global Service ${svc.namespace}/${svc.name}`;
                if (ann["service.cilium.io/shared"] === "false") {
                    if (selector && Object.keys(selector).length > 0) {
                        report(
                            "DFLY-PERF-001",
                            `${who} is a consumer copy (shared "false") but selects local pods ${JSON.stringify(selector)}; remove spec.selector so clients reach the owning cluster's master.`,
                            svc.urn,
                        );
                    }
                    continue;
                }
                const sel = { matchLabels: selector ?? {} };
                if (!selector || !selectorMatches(sel, master.labels)) {
                    report(
                        "DFLY-PERF-001",
                        `${who} selects ${JSON.stringify(selector ?? null)}, which matches no master pod of Dragonfly ${df.namespace}/${df.name}; select app=${df.name}, app.kubernetes.io/name=dragonfly, role=master.`,
                        svc.urn,
                    );
                } else if (selectorMatches(sel, replica.labels)) {
                    report(
                        "DFLY-PERF-001",
                        `${who} selects replicas too (${JSON.stringify(selector)}); writes through it would hit read-only replicas, so add role=master to spec.selector.`,
                        svc.urn,
                    );
                }
            }
        }
    },
};

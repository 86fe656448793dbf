// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { recordAt } from "../../lib/propertyPaths";
import { StackRule } from "../../lib/rule";

const NAMESPACE_TYPE = "kubernetes:core/v1:Namespace";

/**
 * Checks that every namespace this stack declares is itself protected when it holds a protected
 * resource: deleting a namespace (a rename replaces it) deletes everything in it, protected or not.
 */
export const dataNamespaceProtection: StackRule = {
    name: "cluster-platform-data-namespace-protection",
    kind: "stack",
    description: "A namespace that holds a protected resource is protected itself, so a rename cannot delete the data.",
    risks: ["HYG-DATA-001"],
    remediationSteps:
        "Declare the Namespace with protect: true and retainOnDelete: true (components/shared/options.ts KEEP_DATA); see docs/operations.md 'Renaming a namespace that holds data'.",
    check: (resources, report) => {
        const namespaces = new Map<string, (typeof resources)[number]>();
        for (const r of resources.filter((x) => x.type === NAMESPACE_TYPE)) {
            const name = recordAt(r.props, "metadata").name;
            if (typeof name === "string") {
                namespaces.set(name, r);
            }
        }
        const holders = new Map<string, string[]>();
        for (const r of resources) {
            if (r.type === NAMESPACE_TYPE || r.opts?.protect !== true) {
                continue;
            }
            // Kubernetes objects name it in metadata.namespace; a Helm release in its namespace input.
            const ns = recordAt(r.props, "metadata").namespace ?? r.props.namespace;
            if (typeof ns === "string" && namespaces.has(ns)) {
                holders.set(ns, [...(holders.get(ns) ?? []), r.name]);
            }
        }
        for (const [ns, held] of holders) {
            const declared = namespaces.get(ns)!;
            if (declared.opts?.protect !== true) {
                report(
                    "HYG-DATA-001",
                    `Namespace ${ns} holds the protected ${held.join(", ")} but is not protected itself; renaming or removing it would delete everything in it. Declare it with protect: true and retainOnDelete: true.`,
                    declared.urn,
                );
            }
        }
    },
};

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { ResourceRule } from "../../lib/rule";
import { isReleaseOf, walkLeaves } from "../../lib/kube";
import { recordAt } from "../../lib/propertyPaths";

/** Checks that no Cilium value is an unresolved `${...}` substitution. */
export const ciliumSubstitutions: ResourceRule = {
    name: "cluster-platform-cilium-substitutions",
    kind: "resource",
    description: "The Cilium values carry no unresolved ${...} substitution.",
    risks: ["CIL-TECH-003"],
    remediationSteps: "Write every value literally (no ${...}), from the stack's settings.",
    check: (r, report) => {
        if (!isReleaseOf(r.type, r.props, "cilium")) {
            return;
        }
        walkLeaves(recordAt(r.props, "values"), (path, v) => {
            if (typeof v === "string" && /\$\{[^}]*\}/.test(v)) {
                const shown = path
                    .map((seg, i) => (typeof seg === "number" ? `[${seg}]` : i === 0 ? seg : `.${seg}`))
                    .join("");
                report(
                    "CIL-TECH-003",
                    `Cilium value ${shown} is ${JSON.stringify(v)}, an unresolved substitution; write the real value.`,
                );
            }
        });
    },
};

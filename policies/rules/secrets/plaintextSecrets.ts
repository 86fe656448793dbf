// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import {
    allContainers,
    containerFieldPath,
    describeOwner,
    HELM_RELEASE_TYPE,
    objectNameOf,
    namespaceOf,
    specTemplatesOf,
    walkLeaves,
} from "../../lib/kube";
import { ResourceRule } from "../../lib/rule";

/** Names that hold a secret value (not a reference to one). */
export const SECRET_NAME =
    /(password|passwd|passphrase|token|secret[-_]?key|access[-_]?key|private[-_]?key|api[-_]?key|credentials?)$/i;

/**
 * Checks that no secret value is written in plaintext: an env var named like a secret must use
 * valueFrom.secretKeyRef, a ConfigMap must not carry secret-named keys, and Helm values must
 * reference secrets (existingSecret, secretKeyRef) rather than contain them. Secret objects are not
 * judged here: whether their data came from a Pulumi secret is invisible to a policy.
 */
export const plaintextSecrets: ResourceRule = {
    name: "cluster-platform-plaintext-secrets",
    kind: "resource",
    description: "No password, token or key is written in plaintext in an env var, a ConfigMap or Helm values.",
    risks: ["HYG-SECRETS-001", "CIL-SEC-003"],
    remediationSteps:
        "Keep the value in a Secret fed by a Pulumi secret or an ExternalSecret, and reference it (valueFrom.secretKeyRef, existingSecret).",
    check: (r, report) => {
        if (r.type === HELM_RELEASE_TYPE) {
            walkLeaves(r.props.values, (path, v) => {
                const key = String(path[path.length - 1] ?? "");
                if (SECRET_NAME.test(key) && typeof v === "string" && v !== "") {
                    report(
                        "CIL-SEC-003",
                        `Helm release ${String(r.props.name ?? r.name)} has a plaintext value at values.${path.join(".")}; move it to a Secret and reference it (for example an existingSecret key of the chart).`,
                    );
                }
            });
            return;
        }
        if (r.type === "kubernetes:core/v1:ConfigMap") {
            const data = r.props.data;
            if (typeof data === "object" && data !== null) {
                for (const [k, v] of Object.entries(data)) {
                    if (SECRET_NAME.test(k) && typeof v === "string" && v !== "") {
                        report(
                            "HYG-SECRETS-001",
                            `ConfigMap ${namespaceOf(r.props)}/${objectNameOf(r.props, r.name)} holds the secret-named key data.${k} in plaintext; move it to a Secret.`,
                        );
                    }
                }
            }
            return;
        }
        for (const view of specTemplatesOf(r.type, r.props, r.name)) {
            for (const { container, index, init } of allContainers(view)) {
                (container.env ?? []).forEach((e, i) => {
                    if (SECRET_NAME.test(e.name) && typeof e.value === "string" && e.value !== "") {
                        report(
                            "HYG-SECRETS-001",
                            `container "${container.name}" of ${describeOwner(view)} sets ${e.name} in plaintext at ${containerFieldPath(view, index, "env", init)}[${i}].value; use valueFrom.secretKeyRef instead.`,
                        );
                    }
                });
            }
        }
    },
};

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { objectNameOf, namespaceOf } from "../../lib/kube";
import { ResourceRule } from "../../lib/rule";

const SECRET_TYPE = "kubernetes:core/v1:Secret";

/** The keys of a Secret field that hold a value (base64 in `data` is an encoding, not a protection). */
function filledKeys(field: unknown): string[] {
    if (typeof field !== "object" || field === null || Array.isArray(field)) {
        return [];
    }
    return Object.entries(field)
        .filter(([, v]) => v !== null && v !== undefined && v !== "")
        .map(([k]) => k);
}

/**
 * Checks that a Secret read from a plain manifest (one no Pulumi provider manages: YAML kept in Git)
 * carries no value in `data` or `stringData` unless the file is SOPS-encrypted (a top-level `sops`
 * key). A Secret the program declares is not judged: its values come from Pulumi secrets, encrypted
 * in the state, and a policy cannot tell them from literals.
 */
export const secretManifests: ResourceRule = {
    name: "cluster-platform-secret-manifests",
    kind: "resource",
    description: "A Secret kept as a plain manifest in Git is SOPS-encrypted or carries no value.",
    risks: ["HYG-SECRETS-001"],
    remediationSteps:
        "Encrypt the file with SOPS (it then carries a sops key), or replace the Secret with an ExternalSecret or a Secret the Pulumi program fills from a Pulumi secret.",
    check: (r, report) => {
        if (r.type !== SECRET_TYPE || r.provider !== undefined || r.props.sops !== undefined) {
            return;
        }
        const fields = (["data", "stringData"] as const)
            .map((f) => ({ f, keys: filledKeys(r.props[f]) }))
            .filter(({ keys }) => keys.length > 0)
            .map(({ f, keys }) => `${f}.${keys.join(`, ${f}.`)}`);
        if (fields.length > 0) {
            report(
                "HYG-SECRETS-001",
                `Secret ${namespaceOf(r.props)}/${objectNameOf(r.props, r.name)} is a plain manifest with values in ${fields.join(", ")}, so the secret is in Git in plaintext (base64 is no encryption); encrypt the file with SOPS, or use an ExternalSecret.`,
            );
        }
    },
};

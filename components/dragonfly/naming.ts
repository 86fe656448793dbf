// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Names and labels the Dragonfly objects share with each other and with the operator's pods.
import { RESTRICTED_PSA } from "../shared/hardening";

/** Name of the Secret holding the password (and the ACL file). */
export const AUTH_SECRET_NAME = "dragonfly-auth";

/** Key of the password in the auth Secret. */
export const AUTH_PASSWORD_KEY = "password";

/** Key of the ACL file in the auth Secret. */
export const AUTH_ACL_KEY = "acl.conf";

/** Helm release name of the operator (also its `app.kubernetes.io/instance` label). */
export const OPERATOR_RELEASE = "dragonfly-operator";

/** ClusterMesh global Service name, identical in every cluster. */
export const GLOBAL_SERVICE_NAME = "dragonfly-global";

/** The operator's real pod labels (chart v1.6.1 templates). */
export const OPERATOR_POD_LABELS = {
    "app.kubernetes.io/name": "dragonfly-operator",
    "app.kubernetes.io/instance": OPERATOR_RELEASE,
    "control-plane": "controller-manager",
};

/** Labels the operator puts on every data pod of a CR (`role` is added at runtime). */
export function dataPodLabels(crName: string): Record<string, string> {
    return { app: crName, "app.kubernetes.io/name": "dragonfly", "app.kubernetes.io/part-of": "dragonfly" };
}

/** A Dragonfly namespace: Pod Security `restricted`, enforced. */
export function dragonflyNamespaceArgs(name: string): { metadata: { name: string; labels: Record<string, string> } } {
    return { metadata: { name, labels: { ...RESTRICTED_PSA, "app.kubernetes.io/part-of": "dragonfly" } } };
}

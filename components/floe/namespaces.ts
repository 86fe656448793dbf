// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The floe namespaces (ADR-0022) and the CloudNativePG operator's.
import { FloeConfig } from "../../config/schema";
import { RESTRICTED_PSA } from "../shared/hardening";

/** ADR-0022 namespace labels: platform (layer 3, enforce baseline, audit/warn restricted) and jobs (layer 4, restricted). */
export function namespaceLabels(floe: FloeConfig): Record<string, Record<string, string>> {
    return {
        [floe.platformNamespace]: {
            "app.kubernetes.io/part-of": "floe",
            "floe.dev/layer": "3",
            "pod-security.kubernetes.io/enforce": "baseline",
            "pod-security.kubernetes.io/audit": "restricted",
            "pod-security.kubernetes.io/warn": "restricted",
        },
        [floe.jobsNamespace]: {
            "app.kubernetes.io/part-of": "floe",
            "floe.dev/layer": "4",
            ...RESTRICTED_PSA,
        },
    };
}

/** Namespace of the CloudNativePG operator. */
export const CNPG_NAMESPACE = "cnpg-system";

/** One namespace of the platform: its component role, its object, and whether it holds data. */
export interface FloeNamespace {
    role: "platformNamespace" | "jobsNamespace" | "cnpgNamespace";
    args: { metadata: { name: string; labels: Record<string, string> } };
    /** Holds the CNPG cluster and its volumes: a rename must stop at protection, not delete them. */
    holdsData: boolean;
}

/** The namespaces the platform declares, in creation order. */
export function floeNamespaces(floe: FloeConfig): FloeNamespace[] {
    const labels = namespaceLabels(floe);
    const ns = (name: string, l: Record<string, string>) => ({ metadata: { name, labels: l } });
    return [
        {
            role: "platformNamespace",
            args: ns(floe.platformNamespace, labels[floe.platformNamespace]),
            holdsData: true,
        },
        { role: "jobsNamespace", args: ns(floe.jobsNamespace, labels[floe.jobsNamespace]), holdsData: false },
        {
            role: "cnpgNamespace",
            args: ns(CNPG_NAMESPACE, {
                "pod-security.kubernetes.io/enforce": RESTRICTED_PSA["pod-security.kubernetes.io/enforce"],
            }),
            holdsData: false,
        },
    ];
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Hardening every component applies the same way, so a fix lands once.

/** Pod Security Admission labels: enforce, audit and warn at `restricted`. */
export const RESTRICTED_PSA = {
    "pod-security.kubernetes.io/enforce": "restricted",
    "pod-security.kubernetes.io/audit": "restricted",
    "pod-security.kubernetes.io/warn": "restricted",
} as const;

/** A container that passes the `restricted` Pod Security level: no root, no new privileges, no capabilities. */
export const RESTRICTED_CONTAINER = {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ["ALL"] },
};

/** The seccomp profile the `restricted` level requires. */
export const RUNTIME_DEFAULT_SECCOMP = { type: "RuntimeDefault" } as const;

/**
 * Preferred pod anti-affinity across nodes for pods with `matchLabels`: the scheduler spreads the
 * replicas over hosts where it can, and still places them when it cannot (risk DFLY-TECH-001).
 */
export function preferHostAntiAffinity(matchLabels: Record<string, string>) {
    return {
        podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
                {
                    weight: 100,
                    podAffinityTerm: { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels } },
                },
            ],
        },
    };
}

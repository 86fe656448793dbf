// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import {
    allContainers,
    containerFieldPath,
    describeOwner,
    Labels,
    podSecurityContextPath,
    specTemplatesOf,
} from "../../lib/kube";
import { ResourceRule } from "../../lib/rule";

/**
 * Pods exempt from the hardening rule, each with the reason. The Cilium agent and its helpers run
 * privileged by design: a CNI programs the host network (NET_ADMIN, SYS_ADMIN, BPF) and mounts host paths.
 */
export const SECURITY_CONTEXT_EXEMPTIONS: { namespace: string; labels: Labels; reason: string }[] = [
    {
        namespace: "kube-system",
        labels: { "k8s-app": "cilium" },
        reason: "the Cilium agent is the CNI: it needs host networking, NET_ADMIN, SYS_ADMIN and BPF (risk register CIL-*)",
    },
    {
        namespace: "kube-system",
        labels: { "k8s-app": "cilium-envoy" },
        reason: "Cilium's node-local Envoy proxy shares the agent's host-network privileges",
    },
];

function exemption(namespace: string, labels: Labels): string | undefined {
    return SECURITY_CONTEXT_EXEMPTIONS.find(
        (e) => e.namespace === namespace && Object.entries(e.labels).every(([k, v]) => labels[k] === v),
    )?.reason;
}

/**
 * Checks that every container runs as non-root with a read-only root filesystem, without privilege
 * escalation and with all capabilities dropped (pod-level runAsNonRoot counts).
 */
export const securityContext: ResourceRule = {
    name: "cluster-platform-workload-security-context",
    kind: "resource",
    description:
        "Every container runs as non-root with a read-only root filesystem, no privilege escalation and all capabilities dropped.",
    risks: ["HYG-SECCTX-001", "DFLY-CP-B4"],
    remediationSteps:
        "Set runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false and capabilities.drop: [ALL] in the container securityContext.",
    check: (r, report) => {
        for (const view of specTemplatesOf(r.type, r.props, r.name)) {
            if (exemption(view.namespace, view.labels)) {
                continue;
            }
            const risk = view.kind === "Dragonfly" ? "DFLY-CP-B4" : "HYG-SECCTX-001";
            const podNonRoot = view.securityContext?.runAsNonRoot === true;
            for (const { container, index, init } of allContainers(view)) {
                const sc = container.securityContext ?? {};
                const path = containerFieldPath(view, index, "securityContext", init);
                const who = `container "${container.name}" of ${describeOwner(view)}`;
                if (sc.runAsNonRoot !== true && !(podNonRoot && sc.runAsNonRoot === undefined)) {
                    report(
                        risk,
                        `${who} may run as root (runAsNonRoot is ${JSON.stringify(sc.runAsNonRoot ?? view.securityContext?.runAsNonRoot ?? null)}); set ${path}.runAsNonRoot or ${podSecurityContextPath(view)}.runAsNonRoot to true.`,
                    );
                }
                if (sc.readOnlyRootFilesystem !== true) {
                    report(
                        risk,
                        `${who} has a writable root filesystem (readOnlyRootFilesystem is ${JSON.stringify(sc.readOnlyRootFilesystem ?? null)}); set ${path}.readOnlyRootFilesystem to true and mount emptyDir volumes where it writes.`,
                    );
                }
                if (sc.allowPrivilegeEscalation !== false) {
                    report(
                        risk,
                        `${who} allows privilege escalation (allowPrivilegeEscalation is ${JSON.stringify(sc.allowPrivilegeEscalation ?? null)}); set ${path}.allowPrivilegeEscalation to false.`,
                    );
                }
                const caps = sc.capabilities as { drop?: unknown } | undefined;
                const drop = Array.isArray(caps?.drop) ? (caps!.drop as unknown[]).map(String) : [];
                if (!drop.includes("ALL")) {
                    report(
                        risk,
                        `${who} keeps default capabilities (drop is ${JSON.stringify(drop)}); set ${path}.capabilities.drop to ["ALL"] and add back only what it needs.`,
                    );
                }
            }
        }
    },
};

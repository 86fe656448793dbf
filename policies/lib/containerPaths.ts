// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// How messages locate a container field or name a pod's owner, as the owning object spells them.
import type { ContainerView, PodTemplateView } from "./kube";

/** Field path of a container field, as the owning object spells it (a Dragonfly CR flattens its one container into spec). */
export function containerFieldPath(
    view: PodTemplateView,
    index: number,
    field: "image" | "securityContext" | "resources" | "livenessProbe" | "readinessProbe" | "env" | "args",
    init = false,
): string {
    if (view.kind === "Dragonfly" && !init) {
        const flat: Record<string, string> = {
            image: "spec.image",
            securityContext: "spec.containerSecurityContext",
            resources: "spec.resources",
            env: "spec.env",
        };
        return flat[field] ?? `spec.${field}`;
    }
    return `${view.specPath}.${init ? "initContainers" : "containers"}[${index}].${field}`;
}

/** Field path of the pod-level securityContext. */
export function podSecurityContextPath(view: PodTemplateView): string {
    return view.kind === "Dragonfly" ? "spec.podSecurityContext" : `${view.specPath}.securityContext`;
}

/** `Kind namespace/name`, how messages name an object. */
export function describeOwner(view: PodTemplateView): string {
    return `${view.kind} ${view.namespace}/${view.owner}`;
}

/** Every container of a pod template with its index and whether it is an init container. */
export function allContainers(view: PodTemplateView): { container: ContainerView; index: number; init: boolean }[] {
    return [
        ...view.containers.map((container, index) => ({ container, index, init: false })),
        ...view.initContainers.map((container, index) => ({ container, index, init: true })),
    ];
}

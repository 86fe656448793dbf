// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The comparisons the cluster tests make: rendered vs stored objects, an object apart from what
// controllers write, and the pod a workload's controller would create. All pure.
import * as k8s from "@kubernetes/client-node";
import { StoredObject } from "./apply";

/**
 * Paths where the rendered object is not contained in the stored one: a rendered value missing or
 * different in the server's copy. Extra stored fields (server defaults, status, metadata the server
 * adds) are allowed; lists must have the same length and match element by element. Pure.
 */
export function notContained(rendered: unknown, stored: unknown, at = ""): string[] {
    if (Array.isArray(rendered)) {
        if (!Array.isArray(stored) || stored.length !== rendered.length) {
            return [`${at || "."}: rendered ${JSON.stringify(rendered)}, stored ${JSON.stringify(stored)}`];
        }
        return rendered.flatMap((r, i) => notContained(r, stored[i], `${at}[${i}]`));
    }
    if (typeof rendered === "object" && rendered !== null) {
        if (typeof stored !== "object" || stored === null || Array.isArray(stored)) {
            return [`${at || "."}: rendered an object, stored ${JSON.stringify(stored)}`];
        }
        const s = stored as Record<string, unknown>;
        return Object.entries(rendered).flatMap(([k, v]) => notContained(v, s[k], `${at}.${k}`));
    }
    if (rendered === stored) {
        return [];
    }
    // The API server normalises quantities and int-or-string values; equal numbers compare equal.
    if (typeof rendered === "number" && typeof stored === "string" && String(rendered) === stored) {
        return [];
    }
    return [`${at}: rendered ${JSON.stringify(rendered)}, stored ${JSON.stringify(stored)}`];
}

/** Kinds whose pod template a controller turns into pods, with the path to that template. */
const POD_TEMPLATES: Record<string, string[]> = {
    Deployment: ["spec", "template"],
    StatefulSet: ["spec", "template"],
    DaemonSet: ["spec", "template"],
    ReplicaSet: ["spec", "template"],
    Job: ["spec", "template"],
    CronJob: ["spec", "jobTemplate", "spec", "template"],
};

/**
 * The Pod a controller would create from a workload's template (same namespace, labels and spec), or
 * undefined for kinds that have none. Creating it with dry-run puts it through the namespace's Pod
 * Security Admission `enforce` level exactly as the controller's pods would be. Pure.
 */
export function podOfWorkload(o: k8s.KubernetesObject & Record<string, unknown>): k8s.V1Pod | undefined {
    const route = POD_TEMPLATES[o.kind ?? ""];
    if (!route) {
        return undefined;
    }
    let t: unknown = o;
    for (const k of route) {
        t = (t as Record<string, unknown> | undefined)?.[k];
    }
    const template = (t ?? {}) as { metadata?: k8s.V1ObjectMeta; spec?: k8s.V1PodSpec };
    return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
            name: `${o.metadata!.name}-psa-probe`,
            namespace: o.metadata?.namespace ?? "default",
            labels: template.metadata?.labels,
        },
        spec: template.spec,
    };
}

/**
 * The object without what controllers write on their own (status, resourceVersion, their
 * managedFields entries): what a no-op apply by `manager` must leave exactly as it was. Pure.
 */
export function withoutControllerWrites(o: StoredObject, manager: string): StoredObject {
    const copy = JSON.parse(JSON.stringify(o)) as StoredObject & {
        metadata: k8s.V1ObjectMeta & { managedFields?: { manager?: string }[] };
    };
    delete copy.status;
    delete copy.metadata.resourceVersion;
    copy.metadata.managedFields = (copy.metadata.managedFields ?? []).filter((f) => f.manager === manager);
    return copy;
}

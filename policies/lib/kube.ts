// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Views of Kubernetes objects as the pack sees them: pod templates of every controller kind,
// including the pods a Dragonfly custom resource makes the operator create.
import { asRecord, valueAt } from "./propertyPaths";

/** A label map. */
export type Labels = Record<string, string>;

/** A container port as declared. */
export interface ContainerPort {
    name?: string;
    containerPort: number;
    protocol?: string;
}

/** The container fields the rules read. */
export interface ContainerView {
    name: string;
    image?: string;
    ports?: ContainerPort[];
    env?: { name: string; value?: string; valueFrom?: unknown }[];
    securityContext?: Record<string, unknown>;
    livenessProbe?: unknown;
    readinessProbe?: unknown;
    resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
}

/** The pods one object makes: their namespace, labels and pod spec. */
export interface PodTemplateView {
    /** The owning object's kind, e.g. Deployment, Dragonfly. */
    kind: string;
    /** The owning object's name. */
    owner: string;
    namespace: string;
    labels: Labels;
    /** Whether the pods run to completion (Job, CronJob) rather than forever. */
    runToCompletion: boolean;
    /** Set for pods made by an operator from a custom resource: the spec is synthesized, not declared. */
    operatorManaged: boolean;
    /** Field path of the pod spec in the owning object, e.g. `spec.template.spec`. */
    specPath: string;
    securityContext?: Record<string, unknown>;
    containers: ContainerView[];
    initContainers: ContainerView[];
}

/** True when a Helm release's `chart` is the named chart (bare name, repo/name or oci://…/name). */
export function isChart(props: Record<string, unknown>, chart: string): boolean {
    const c = props.chart;
    return typeof c === "string" && (c === chart || c.endsWith(`/${chart}`));
}

/** True when a resource is a Helm release of the named chart. */
export function isReleaseOf(type: string, props: Record<string, unknown>, chart: string): boolean {
    return type === HELM_RELEASE_TYPE && isChart(props, chart);
}

/** The `kubernetes:<group/version>:<Kind>` token's kind. */
export function kindOf(type: string): string {
    return type.split(":").pop() ?? type;
}

/** Type tokens of the controllers whose `spec.template` is a pod template. */
export const POD_CONTROLLER_TYPES = [
    "kubernetes:apps/v1:Deployment",
    "kubernetes:apps/v1:StatefulSet",
    "kubernetes:apps/v1:DaemonSet",
    "kubernetes:apps/v1:ReplicaSet",
    "kubernetes:batch/v1:Job",
] as const;
/** The CronJob type token. */
export const CRONJOB_TYPE = "kubernetes:batch/v1:CronJob";
/** The Pod type token. */
export const POD_TYPE = "kubernetes:core/v1:Pod";
/** The Dragonfly custom resource type token. */
export const DRAGONFLY_TYPE = "kubernetes:dragonflydb.io/v1alpha1:Dragonfly";
/** The CloudNativePG Cluster type token. */
export const CNPG_CLUSTER_TYPE = "kubernetes:postgresql.cnpg.io/v1:Cluster";
/** Ports every CloudNativePG instance pod listens on. */
export const CNPG_POD_PORTS: ContainerPort[] = [
    { name: "postgresql", containerPort: 5432, protocol: "TCP" },
    { name: "metrics", containerPort: 9187, protocol: "TCP" },
    { name: "status", containerPort: 8000, protocol: "TCP" },
];
/** The Helm v3 Release type token. */
export const HELM_RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";

/** Ports the Dragonfly operator gives every data pod (dragonfly-operator internal/resources). */
export const DRAGONFLY_POD_PORTS: ContainerPort[] = [
    { name: "redis", containerPort: 6379, protocol: "TCP" },
    { name: "admin", containerPort: 9999, protocol: "TCP" },
];

/** The labels the Dragonfly operator puts on the pods of a CR; `role` is master or replica at runtime. */
export function dragonflyPodLabels(crName: string, role: "master" | "replica"): Labels {
    return { app: crName, "app.kubernetes.io/name": "dragonfly", "app.kubernetes.io/part-of": "dragonfly", role };
}

/** Visits every leaf (non-object, non-array value) with its key path; array indices are numbers. */
export function walkLeaves(
    value: unknown,
    visit: (path: (string | number)[], leaf: unknown) => void,
    path: (string | number)[] = [],
): void {
    if (Array.isArray(value)) {
        value.forEach((v, i) => walkLeaves(v, visit, [...path, i]));
    } else if (typeof value === "object" && value !== null) {
        for (const [k, v] of Object.entries(value)) {
            walkLeaves(v, visit, [...path, k]);
        }
    } else {
        visit(path, value);
    }
}

function asLabels(v: unknown): Labels {
    const r = asRecord(v);
    if (!r) {
        return {};
    }
    const out: Labels = {};
    for (const [k, val] of Object.entries(r)) {
        out[k] = String(val);
    }
    return out;
}

function containersOf(v: unknown): ContainerView[] {
    return Array.isArray(v) ? (v.filter((c) => asRecord(c)) as ContainerView[]) : [];
}

function fromTemplate(
    kind: string,
    owner: string,
    namespace: string,
    template: unknown,
    runToCompletion: boolean,
    specPath: string,
): PodTemplateView | undefined {
    const t = asRecord(template);
    const spec = asRecord(t?.spec);
    if (!t || !spec) {
        return undefined;
    }
    return {
        kind,
        owner,
        namespace,
        labels: asLabels(asRecord(t.metadata)?.labels),
        runToCompletion,
        operatorManaged: false,
        specPath,
        securityContext: asRecord(spec.securityContext),
        containers: containersOf(spec.containers),
        initContainers: containersOf(spec.initContainers),
    };
}

/** The namespace of an object, defaulting to `default` as the API server does. */
export function namespaceOf(props: Record<string, unknown>): string {
    const ns = asRecord(props.metadata)?.namespace;
    return typeof ns === "string" && ns !== "" ? ns : "default";
}

/** The object name (`metadata.name`), or the fallback (the Pulumi resource name) when unset. */
export function objectNameOf(props: Record<string, unknown>, fallback: string): string {
    const n = asRecord(props.metadata)?.name;
    return typeof n === "string" && n !== "" ? n : fallback;
}

/**
 * The pods an object makes, as pod-template views: one for a controller or Pod, two for a
 * Dragonfly CR (master and replica variants, since the operator adds `role` at runtime), none for
 * anything else.
 */
export function podTemplatesOf(type: string, props: Record<string, unknown>, resourceName: string): PodTemplateView[] {
    const name = objectNameOf(props, resourceName);
    const namespace = namespaceOf(props);
    const spec = asRecord(props.spec);
    const kind = kindOf(type);
    if ((POD_CONTROLLER_TYPES as readonly string[]).includes(type)) {
        const view = fromTemplate(
            kind,
            name,
            namespace,
            spec?.template,
            type === "kubernetes:batch/v1:Job",
            "spec.template.spec",
        );
        return view ? [view] : [];
    }
    if (type === CRONJOB_TYPE) {
        const view = fromTemplate(
            kind,
            name,
            namespace,
            valueAt(spec, "jobTemplate.spec.template"),
            true,
            "spec.jobTemplate.spec.template.spec",
        );
        return view ? [view] : [];
    }
    if (type === POD_TYPE) {
        const view = fromTemplate(kind, name, namespace, { metadata: props.metadata, spec: props.spec }, false, "spec");
        return view ? [view] : [];
    }
    if (type === CNPG_CLUSTER_TYPE && spec) {
        return [
            {
                kind,
                owner: name,
                namespace,
                labels: { "cnpg.io/cluster": name },
                runToCompletion: false,
                operatorManaged: true,
                specPath: "spec",
                securityContext: undefined,
                containers: [
                    {
                        name: "postgres",
                        ports: CNPG_POD_PORTS,
                        livenessProbe: {},
                        readinessProbe: {},
                        resources: asRecord(spec.resources) as ContainerView["resources"],
                    },
                ],
                initContainers: [],
            },
        ];
    }
    if (type === DRAGONFLY_TYPE) {
        // A CR without a spec still gets its pods: the operator fills in every default.
        const dfSpec = spec ?? {};
        const podLabels = asLabels(asRecord(dfSpec.podMetadata)?.labels);
        const container: ContainerView = {
            name: "dragonfly",
            image: typeof dfSpec.image === "string" ? dfSpec.image : undefined,
            ports: DRAGONFLY_POD_PORTS,
            securityContext: asRecord(dfSpec.containerSecurityContext),
            // The operator always sets exec probes on healthcheck.sh (port 9999).
            livenessProbe: { exec: { command: ["/usr/local/bin/healthcheck.sh"] } },
            readinessProbe: { exec: { command: ["/usr/local/bin/healthcheck.sh"] } },
            resources: asRecord(dfSpec.resources) as ContainerView["resources"],
        };
        return (["master", "replica"] as const).map((role) => ({
            kind,
            owner: name,
            namespace,
            labels: { ...podLabels, ...dragonflyPodLabels(name, role) },
            runToCompletion: false,
            operatorManaged: true,
            specPath: "spec",
            securityContext: asRecord(dfSpec.podSecurityContext),
            containers: [container],
            initContainers: containersOf(dfSpec.initContainers),
        }));
    }
    return [];
}

/**
 * Pod templates whose containers the declaration controls, for the hygiene rules: a Dragonfly CR
 * yields two role variants with one spec, so rules read the first; CloudNativePG pods are built and
 * hardened by the operator (restricted security context, its own image catalogue), so they are left out.
 */
export function specTemplatesOf(type: string, props: Record<string, unknown>, resourceName: string): PodTemplateView[] {
    if (type === CNPG_CLUSTER_TYPE) {
        return [];
    }
    const views = podTemplatesOf(type, props, resourceName);
    return type === DRAGONFLY_TYPE ? views.slice(0, 1) : views;
}

export { allContainers, containerFieldPath, describeOwner, podSecurityContextPath } from "./containerPaths";

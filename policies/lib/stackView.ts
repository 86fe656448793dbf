// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// One pass over a stack's resources: indexes by kind and namespace for the cross-resource rules.
import { PolicyResource } from "@pulumi/policy";
import {
    DRAGONFLY_TYPE,
    HELM_RELEASE_TYPE,
    isReleaseOf,
    Labels,
    namespaceOf,
    objectNameOf,
    PodTemplateView,
    podTemplatesOf,
} from "./kube";
import { recordAt } from "./propertyPaths";
import { perAnalysis } from "../runtime/perAnalysis";
import { LabelSelector } from "./labelSelectors";
import { ciliumPolicyOf, networkPolicyOf } from "./policyShapes";
import { TrafficIndex } from "./podInventory";

/** A resource with the fields rules quote: its URN, object name and namespace. */
export interface Located {
    urn: string;
    name: string;
    namespace: string;
    props: Record<string, unknown>;
}

/** A Dragonfly CR with the pods the operator will make for it. */
export interface DragonflyView extends Located {
    spec: Record<string, unknown>;
    pods: PodTemplateView[];
}

/** Everything the cross-resource rules look up, built in one pass. */
export interface StackView {
    traffic: TrafficIndex;
    dragonflies: DragonflyView[];
    helmReleases: Located[];
    /** Resources of a type token, by namespace. */
    ofType(type: string, namespace?: string): Located[];
}

function labelsOf(props: Record<string, unknown>): Labels {
    const out: Labels = {};
    for (const [k, v] of Object.entries(recordAt(props, "metadata.labels"))) {
        out[k] = String(v);
    }
    return out;
}

/** The view of a stack's resources, built once per analysis (see {@link perAnalysis}). */
export function buildStackView(resources: readonly PolicyResource[]): StackView {
    return perAnalysis(resources, "stackView", () => computeStackView(resources));
}

function computeStackView(resources: readonly PolicyResource[]): StackView {
    const traffic = new TrafficIndex();
    const byType = new Map<string, Located[]>();
    const byNamespace = new Map<string, Map<string, Located[]>>();
    const dragonflies: DragonflyView[] = [];
    for (const r of resources) {
        if (!r.type.startsWith("kubernetes:")) {
            continue;
        }
        const props = r.props as Record<string, unknown>;
        const located: Located =
            r.type === HELM_RELEASE_TYPE
                ? {
                      urn: r.urn,
                      name: String(props.name ?? r.name),
                      namespace: String(props.namespace ?? "default"),
                      props,
                  }
                : { urn: r.urn, name: objectNameOf(props, r.name), namespace: namespaceOf(props), props };
        const list = byType.get(r.type) ?? [];
        list.push(located);
        byType.set(r.type, list);
        const spec = recordAt(props, "spec");
        switch (r.type) {
            case "kubernetes:core/v1:Namespace":
                traffic.namespaces.add(located.name, labelsOf(props));
                break;
            case "kubernetes:networking.k8s.io/v1:NetworkPolicy": {
                const view = networkPolicyOf(located.name, located.namespace, props.spec);
                if (view) {
                    traffic.addNetworkPolicy(view);
                }
                break;
            }
            case "kubernetes:cilium.io/v2:CiliumNetworkPolicy":
            case "kubernetes:cilium.io/v2:CiliumClusterwideNetworkPolicy": {
                const clusterwide = r.type.endsWith(":CiliumClusterwideNetworkPolicy");
                const view = ciliumPolicyOf(located.name, clusterwide ? undefined : located.namespace, props.spec);
                if (view) {
                    traffic.addCiliumPolicy(view);
                }
                break;
            }
            default:
                break;
        }
        const pods = podTemplatesOf(r.type, props, r.name);
        pods.forEach((p) => traffic.addPod(p));
        if (r.type === DRAGONFLY_TYPE) {
            dragonflies.push({ ...located, spec, pods });
        }
        if (isReleaseOf(r.type, props, "dagster")) {
            dagsterPods(located).forEach((p) => traffic.addPod(p));
        }
    }
    return {
        traffic,
        dragonflies,
        helmReleases: byType.get(HELM_RELEASE_TYPE) ?? [],
        ofType: (type, namespace) => {
            const all = byType.get(type) ?? [];
            if (namespace === undefined) {
                return [...all];
            }
            // Rules ask per namespace for each of hundreds of CRs: index a type's list by namespace on first ask.
            let index = byNamespace.get(type);
            if (!index) {
                index = new Map();
                for (const x of all) {
                    const list = index.get(x.namespace) ?? [];
                    list.push(x);
                    index.set(x.namespace, list);
                }
                byNamespace.set(type, index);
            }
            return [...(index.get(namespace) ?? [])];
        },
    };
}

/**
 * The pods the Dagster chart and its run launcher create, from the release's values: webserver
 * (listening on port 80, as the chart's service port), daemon, and run Jobs in the launcher's namespace.
 */
export function dagsterPods(release: Located): PodTemplateView[] {
    const values = recordAt(release.props, "values");
    const launcher = recordAt(values, "runLauncher.config.k8sRunLauncher");
    const pod = (component: string, ports: { name: string; containerPort: number }[]): PodTemplateView => ({
        kind: "Deployment",
        owner: `${release.name}-${component}`,
        namespace: release.namespace,
        labels: { "app.kubernetes.io/name": "dagster", "app.kubernetes.io/instance": release.name, component },
        runToCompletion: false,
        operatorManaged: true,
        specPath: "spec",
        containers: [{ name: component, ports }],
        initContainers: [],
    });
    const jobNamespace =
        typeof launcher.jobNamespace === "string" && launcher.jobNamespace !== ""
            ? launcher.jobNamespace
            : release.namespace;
    const jobLabels: Labels = {};
    for (const [k, v] of Object.entries(recordAt(launcher, "labels"))) {
        jobLabels[k] = String(v);
    }
    return [
        pod("dagster-webserver", [{ name: "http", containerPort: 80 }]),
        pod("dagster-daemon", []),
        {
            kind: "Job",
            owner: `${release.name}-run`,
            namespace: jobNamespace,
            labels: jobLabels,
            runToCompletion: true,
            operatorManaged: true,
            specPath: "spec",
            containers: [{ name: "run", ports: [] }],
            initContainers: [],
        },
    ];
}

/** The selector of a resource's `spec.selector` (PDB, PodMonitor) as a LabelSelector. */
export function specSelector(x: Located): LabelSelector | undefined {
    const sel = recordAt(x.props, "spec").selector;
    return sel === undefined || sel === null ? undefined : (sel as LabelSelector);
}

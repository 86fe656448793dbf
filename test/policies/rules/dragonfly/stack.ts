// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The compliant Dragonfly stack fixture: the objects the component declares for the real infra stack, as plain props.
import { ciliumReleaseArgs } from "../../../../components/cilium";
import {
    authExternalSecret,
    dashboardJson,
    dragonflySpec,
    globalServiceSpec,
    networkPolicySpec,
    OPERATOR_POD_LABELS,
    operatorPdbSpec,
    operatorReleaseArgs,
    podMonitorSpec,
    prometheusRuleSpec,
} from "../../../../components/dragonfly";
import { deriveDragonfly } from "../../../../config/derived";
import { realStackConfig } from "../../../support/stacks";

/** One resource of a fixture stack. */
export interface FixtureResource {
    type: string;
    name: string;
    props: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** The compliant infra-stack objects (deep copies, free to mutate). */
export function dragonflyStack(): FixtureResource[] {
    const config = realStackConfig("infra");
    const derived = deriveDragonfly(config)!;
    const ns = "dragonfly-system";
    const list: FixtureResource[] = [
        {
            type: "kubernetes:helm.sh/v3:Release",
            name: "infra-cilium-release",
            props: ciliumReleaseArgs(config) as unknown as Record<string, unknown>,
        },
        {
            type: "kubernetes:helm.sh/v3:Release",
            name: "infra-dragonflyOperator-release",
            props: operatorReleaseArgs(config, derived) as unknown as Record<string, unknown>,
        },
        {
            type: "kubernetes:policy/v1:PodDisruptionBudget",
            name: "infra-dragonflyOperator-pdb",
            props: {
                metadata: {
                    name: "dragonfly-operator",
                    namespace: "dragonfly-operator-system",
                    labels: OPERATOR_POD_LABELS,
                },
                spec: operatorPdbSpec(),
            },
        },
        { type: "kubernetes:core/v1:Namespace", name: "infra-dragonfly-namespace", props: { metadata: { name: ns } } },
        {
            type: "kubernetes:external-secrets.io/v1beta1:ExternalSecret",
            name: "infra-dragonfly-authExternalSecret",
            props: authExternalSecret(config)!,
        },
        {
            type: "kubernetes:dragonflydb.io/v1alpha1:Dragonfly",
            name: "infra-dragonfly-dragonfly",
            props: { metadata: { name: "dragonfly", namespace: ns }, spec: dragonflySpec(config, derived) },
        },
        {
            type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
            name: "infra-dragonfly-networkPolicy",
            props: { metadata: { name: "dragonfly-clients", namespace: ns }, spec: networkPolicySpec(config, derived) },
        },
        {
            type: "kubernetes:monitoring.coreos.com/v1:PodMonitor",
            name: "infra-dragonfly-podMonitor",
            props: { metadata: { name: "dragonfly", namespace: ns }, spec: podMonitorSpec(config) },
        },
        {
            type: "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
            name: "infra-dragonfly-alerts",
            props: { metadata: { name: "dragonfly-alerts", namespace: ns }, spec: prometheusRuleSpec(config) },
        },
        {
            type: "kubernetes:core/v1:ConfigMap",
            name: "infra-dragonfly-dashboard",
            props: {
                metadata: { name: "dragonfly-dashboard", namespace: ns, labels: { grafana_dashboard: "1" } },
                data: { "dragonfly.json": dashboardJson(config) },
            },
        },
        {
            type: "kubernetes:core/v1:Service",
            name: "infra-dragonfly-globalService",
            props: globalServiceSpec(config)! as unknown as Record<string, unknown>,
        },
    ];
    return JSON.parse(JSON.stringify(list)) as FixtureResource[];
}

/** The fixture with one change applied to the named resource (or the whole list). */
export function changed(
    change: (byName: (n: string) => FixtureResource, list: FixtureResource[]) => void,
): FixtureResource[] {
    const list = dragonflyStack();
    change((n) => list.find((r) => r.name === n)!, list);
    return list;
}

/** Drops resources by name. */
export function without(...names: string[]): FixtureResource[] {
    return dragonflyStack().filter((r) => !names.includes(r.name));
}

/** Short names used in expected messages. */
export const CR = "infra-dragonfly-dragonfly";

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The compliant floe fixture: the objects the component declares for the real apps stack, as plain props.
import {
    floeEnabled,
    floeNetworkPolicies,
    dagsterValues,
    namespaceLabels,
    polarisDeploymentSpec,
    polarisConfigArgs,
    postgresClusterSpec,
    scheduledBackupSpec,
} from "../../../../components/floe";
import { realStackConfig } from "../../../support/stacks";
import { StackCase } from "../../helpers";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The compliant apps-stack floe objects (deep copies). */
export function floeStack(): (StackCase & { props: Obj; opts?: { protect: boolean } })[] {
    const config = realStackConfig("apps");
    const floe = floeEnabled(config)!;
    const labels = namespaceLabels(floe);
    const nets = floeNetworkPolicies(config, floe);
    const list = [
        ...Object.entries(labels).map(([name, l]) => ({
            type: "kubernetes:core/v1:Namespace",
            name: `ns-${name}`,
            props: { metadata: { name, labels: l } },
        })),
        {
            type: "kubernetes:postgresql.cnpg.io/v1:Cluster",
            name: "apps-floe-postgres",
            props: { metadata: { name: "floe-postgres", namespace: "floe-platform" }, spec: postgresClusterSpec(floe) },
        },
        {
            type: "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup",
            name: "apps-floe-postgresBackup",
            props: {
                metadata: { name: "floe-postgres-daily", namespace: "floe-platform" },
                spec: scheduledBackupSpec(),
            },
        },
        {
            type: "kubernetes:helm.sh/v3:Release",
            name: "apps-floe-dagster",
            props: {
                name: "dagster",
                namespace: "floe-platform",
                chart: "dagster",
                version: "1.12.17",
                values: dagsterValues(floe),
            },
        },
        {
            type: "kubernetes:core/v1:ConfigMap",
            name: "apps-floe-polarisConfig",
            props: JSON.parse(JSON.stringify(polarisConfigArgs(floe))),
        },
        {
            type: "kubernetes:apps/v1:Deployment",
            name: "apps-floe-polaris",
            props: {
                metadata: { name: "floe-polaris", namespace: "floe-platform" },
                spec: polarisDeploymentSpec(floe),
            },
        },
        ...nets.networkPolicies.map((p) => ({
            type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
            name: `np-${p.namespace}-${p.name}`,
            props: { metadata: { name: p.name, namespace: p.namespace }, spec: p.spec },
        })),
        ...nets.ciliumPolicies.map((p) => ({
            type: "kubernetes:cilium.io/v2:CiliumNetworkPolicy",
            name: `cnp-${p.name}`,
            props: { metadata: { name: p.name, namespace: p.namespace }, spec: p.spec },
        })),
    ];
    return JSON.parse(JSON.stringify(list));
}

/** The fixture with one change. */
export function changedFloe(change: (byName: (n: string) => Obj) => void): ReturnType<typeof floeStack> {
    const list = floeStack();
    change((n) => {
        const r = list.find((x) => x.name === n);
        if (!r) {
            throw new Error(`no fixture resource ${n}`);
        }
        return r;
    });
    return list;
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { ciliumNetworkObjects, ciliumReleaseArgs } from "../../../../components/cilium";
import { realStackConfig } from "../../../support/stacks";
import { fluxHelmReleaseView } from "../../../../policies/lib/exposure/normalize";
import { StackCase } from "../../helpers";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The real infra Cilium release inputs (a deep copy). */
export function release(): Obj {
    return JSON.parse(JSON.stringify(ciliumReleaseArgs(realStackConfig("infra"))));
}

/** The real infra Cilium stack: provider-pinned release, BGP objects and LB pool, plus one workload waiting for it. */
export function ciliumStack(): (StackCase & { props: Obj })[] {
    const provider = { name: "infra-k8s", props: { context: "infra", clusterIdentifier: "infra" } };
    const objects = ciliumNetworkObjects(realStackConfig("infra")).map(({ role, ...body }) => ({
        type: `kubernetes:${body.apiVersion}:${body.kind}`,
        name: `infra-cilium-${role}`,
        props: JSON.parse(JSON.stringify(body)),
        provider,
        parent: "infra-cilium",
        dependsOn: ["infra-cilium-release"],
    }));
    return [
        { type: "cluster-platform:cilium:Core", name: "infra-cilium", props: {} },
        {
            type: "kubernetes:helm.sh/v3:Release",
            name: "infra-cilium-release",
            props: release(),
            provider,
            parent: "infra-cilium",
        },
        ...objects,
        {
            type: "cluster-platform:dragonfly:Cluster",
            name: "infra-dragonfly",
            props: {},
            dependsOn: ["infra-cilium-release"],
        },
        {
            type: "kubernetes:core/v1:Namespace",
            name: "infra-dragonfly-namespace",
            props: { metadata: { name: "dragonfly-system" } },
            provider,
            parent: "infra-dragonfly",
            dependsOn: ["infra-cilium-release"],
        },
        {
            type: "kubernetes:core/v1:ConfigMap",
            name: "infra-dragonfly-dashboard",
            props: { metadata: { name: "d", namespace: "dragonfly-system" } },
            provider,
            parent: "infra-dragonfly",
            dependsOn: ["infra-dragonfly-namespace"],
        },
    ];
}

/**
 * The Release-shaped view (as `npm run check -- --manifests` judges it) of a Flux HelmRelease of
 * Cilium that satisfies every release rule: kube-system/cilium, history in kube-system, drift
 * detection enabled, upgrade remediation by rollback, 15m timeout; `change` edits the HelmRelease.
 * `repoUrl` is its HelmRepository's spec.url; null leaves the HelmRepository out of the input.
 */
export function fluxRelease(
    change: (hr: Obj) => void = () => undefined,
    repoUrl: string | null = "https://helm.cilium.io/",
): Obj {
    const hr: Obj = {
        apiVersion: "helm.toolkit.fluxcd.io/v2",
        kind: "HelmRelease",
        metadata: { name: "cilium", namespace: "kube-system" },
        spec: {
            interval: "30m",
            timeout: "15m",
            chart: {
                spec: { chart: "cilium", version: "1.18.3", sourceRef: { kind: "HelmRepository", name: "cilium" } },
            },
            driftDetection: { mode: "enabled" },
            upgrade: { remediation: { retries: 3, strategy: "rollback" } },
            values: release().values,
        },
    };
    change(hr);
    const repo = {
        apiVersion: "source.toolkit.fluxcd.io/v1",
        kind: "HelmRepository",
        metadata: { name: "cilium", namespace: hr.metadata.namespace },
        spec: { url: repoUrl },
    };
    return fluxHelmReleaseView(hr, repoUrl === null ? [hr] : [hr, repo]).props;
}

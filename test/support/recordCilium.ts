// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// A recorded infra stack reduced to its Cilium core, with one change: the engine tests' subject.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ciliumNetworkObjects, ciliumReleaseArgs, ciliumReleaseOptions, createClusterProvider } from "../../components";
import { recordProgram, RecordedResource } from "../../engine/recording/program";
import { realStackConfig } from "./stacks";

const infra = realStackConfig("infra");

/** Records the infra provider, the Cilium release (with changed args/options) and its LB/BGP objects, and extra resources that wait for it. */
export function recordWith(
    change: {
        args?: Partial<k8s.helm.v3.ReleaseArgs>;
        opts?: pulumi.CustomResourceOptions;
        extra?: (p: k8s.Provider, release: k8s.helm.v3.Release) => void;
    } = {},
): Promise<RecordedResource[]> {
    return recordProgram("infra", () => {
        const provider = createClusterProvider(infra);
        const release = new k8s.helm.v3.Release(
            "infra-cilium-release",
            { ...ciliumReleaseArgs(infra), ...change.args },
            { provider, ...ciliumReleaseOptions(infra), ...change.opts },
        );
        for (const { role, ...body } of ciliumNetworkObjects(infra)) {
            new k8s.apiextensions.CustomResource(`infra-cilium-${role}`, body, { provider, dependsOn: [release] });
        }
        change.extra?.(provider, release);
    });
}

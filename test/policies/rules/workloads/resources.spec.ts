// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { resources } from "../../../../policies/rules/workloads/resources";
import { deployment, dragonfly } from "../../fixtures";
import { describeCommon, mutate, violationsOf } from "../../helpers";

const policy = resourcePolicy(resources) as ResourceValidationPolicy;
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("policy cluster-platform-workload-resources", () => {
    describeCommon(policy, {
        name: "cluster-platform-workload-resources",
        enforcementLevel: "advisory",
        severity: "medium",
        risks: ["HYG-RESOURCES-001"],
    });

    it("#1 passes compliant workloads", async () => {
        assert.deepStrictEqual(
            await violationsOf(policy, { type: "kubernetes:apps/v1:Deployment", props: deployment() }),
            [],
        );
        assert.deepStrictEqual(
            await violationsOf(policy, { type: "kubernetes:dragonflydb.io/v1alpha1:Dragonfly", props: dragonfly() }),
            [],
        );
    });

    it("#2 reports a missing memory limit", async () => {
        const props = mutate(deployment() as Obj, (d) => delete d.spec.template.spec.containers[0].resources.limits);
        assert.deepStrictEqual(await violationsOf(policy, { type: "kubernetes:apps/v1:Deployment", props }), [
            '[HYG-RESOURCES-001 · score 4] container "app" of Deployment shop/web has no limits.memory; set spec.template.spec.containers[0].resources.limits.memory.',
        ]);
    });

    it("#3 reports a Dragonfly CR without resources", async () => {
        const props = mutate(dragonfly() as Obj, (d) => delete d.spec.resources);
        assert.deepStrictEqual(
            await violationsOf(policy, { type: "kubernetes:dragonflydb.io/v1alpha1:Dragonfly", props }),
            [
                '[HYG-RESOURCES-001 · score 4] container "dragonfly" of Dragonfly dragonfly-system/dragonfly has no requests.cpu, requests.memory, limits.memory; set spec.resources.requests.cpu, spec.resources.requests.memory, spec.resources.limits.memory.',
            ],
        );
    });
});

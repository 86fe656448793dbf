// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { probes } from "../../../../policies/rules/workloads/probes";
import { cronJob, deployment, dragonfly } from "../../fixtures";
import { describeCommon, mutate, violationsOf } from "../../helpers";

const policy = resourcePolicy(probes) as ResourceValidationPolicy;
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("policy cluster-platform-workload-probes", () => {
    describeCommon(policy, {
        name: "cluster-platform-workload-probes",
        enforcementLevel: "advisory",
        severity: "low",
        risks: ["HYG-PROBES-001"],
    });

    it("#1 passes a Deployment with both probes, a CronJob and an operator-managed Dragonfly", async () => {
        assert.deepStrictEqual(
            await violationsOf(policy, { type: "kubernetes:apps/v1:Deployment", props: deployment() }),
            [],
        );
        assert.deepStrictEqual(
            await violationsOf(policy, { type: "kubernetes:batch/v1:CronJob", props: cronJob() }),
            [],
        );
        assert.deepStrictEqual(
            await violationsOf(policy, { type: "kubernetes:dragonflydb.io/v1alpha1:Dragonfly", props: dragonfly() }),
            [],
        );
    });

    it("#2 reports a missing liveness probe", async () => {
        const props = mutate(deployment() as Obj, (d) => delete d.spec.template.spec.containers[0].livenessProbe);
        assert.deepStrictEqual(await violationsOf(policy, { type: "kubernetes:apps/v1:Deployment", props }), [
            '[HYG-PROBES-001 · score 2] container "app" of Deployment shop/web has no livenessProbe; set spec.template.spec.containers[0].livenessProbe.',
        ]);
    });

    it("#3 reports a missing readiness probe on a StatefulSet", async () => {
        const props = mutate(deployment() as Obj, (d) => delete d.spec.template.spec.containers[0].readinessProbe);
        assert.deepStrictEqual(await violationsOf(policy, { type: "kubernetes:apps/v1:StatefulSet", props }), [
            '[HYG-PROBES-001 · score 2] container "app" of StatefulSet shop/web has no readinessProbe; set spec.template.spec.containers[0].readinessProbe.',
        ]);
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { floeImagePullPolicy } from "../../../../policies/rules/floe/imagePullPolicy";
import { describeCommon, violationsOf } from "../../helpers";
import { floeStack } from "./stack";

const find = (n: string) => floeStack().find((r) => r.name === n)!;

describe("policy cluster-platform-floe-image-pull-policy", () => {
    const policy = resourcePolicy(floeImagePullPolicy) as ResourceValidationPolicy;
    describeCommon(policy, {
        name: "cluster-platform-floe-image-pull-policy",
        enforcementLevel: "advisory",
        severity: "low",
        risks: ["FLOE-R-3"],
    });
    it("#1 passes Polaris and the Dagster values", () => {
        assert.deepStrictEqual(violationsOf(policy, find("apps-floe-polaris")), []);
        assert.deepStrictEqual(violationsOf(policy, find("apps-floe-dagster")), []);
    });
    it("#2 reports Always on Polaris and the run launcher", () => {
        const polaris = find("apps-floe-polaris");
        polaris.props.spec.template.spec.containers[0].imagePullPolicy = "Always";
        assert.deepStrictEqual(violationsOf(policy, polaris), [
            '[FLOE-R-3 · score 2] container "polaris" of Deployment floe-platform/floe-polaris pulls with "Always"; set spec.template.spec.containers[0].imagePullPolicy to IfNotPresent.',
        ]);
        const dagster = find("apps-floe-dagster");
        delete dagster.props.values.runLauncher.config.k8sRunLauncher.imagePullPolicy;
        assert.deepStrictEqual(violationsOf(policy, dagster), [
            '[FLOE-R-3 · score 2] Dagster release dagster sets runLauncher.config.k8sRunLauncher.imagePullPolicy "Always"; set it to IfNotPresent.',
        ]);
    });
});

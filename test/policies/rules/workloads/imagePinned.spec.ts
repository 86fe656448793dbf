// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { imagePinned, parseImage } from "../../../../policies/rules/workloads/imagePinned";
import { cronJob, deployment, dragonfly } from "../../fixtures";
import { describeCommon, mutate, violationsOf } from "../../helpers";

const policy = resourcePolicy(imagePinned) as ResourceValidationPolicy;
const DEPLOY = "kubernetes:apps/v1:Deployment";
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("policy cluster-platform-workload-image-pinned", () => {
    describeCommon(policy, {
        name: "cluster-platform-workload-image-pinned",
        enforcementLevel: "advisory",
        severity: "medium",
        risks: ["HYG-IMAGE-001", "DFLY-TECH-002"],
    });

    it("#1 passes compliant Deployment, CronJob and Dragonfly", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { type: DEPLOY, props: deployment() }), []);
        assert.deepStrictEqual(
            await violationsOf(policy, { type: "kubernetes:batch/v1:CronJob", props: cronJob() }),
            [],
        );
        assert.deepStrictEqual(
            await violationsOf(policy, { type: "kubernetes:dragonflydb.io/v1alpha1:Dragonfly", props: dragonfly() }),
            [],
        );
    });

    it("#2 accepts a digest without a tag", async () => {
        const props = mutate(
            deployment() as Obj,
            (d) => (d.spec.template.spec.containers[0].image = "registry.example.io/app@sha256:abc"),
        );
        assert.deepStrictEqual(await violationsOf(policy, { type: DEPLOY, props }), []);
    });

    it("#3 reports the latest tag", async () => {
        const props = mutate(
            deployment() as Obj,
            (d) => (d.spec.template.spec.containers[0].image = "registry.example.io/app:latest"),
        );
        assert.deepStrictEqual(await violationsOf(policy, { type: DEPLOY, props }), [
            '[HYG-IMAGE-001 · score 4] container "app" of Deployment shop/web uses image "registry.example.io/app:latest"; replace the latest tag in spec.template.spec.containers[0].image with an exact version or a digest.',
        ]);
    });

    it("#4 reports a missing tag (a registry port is not a tag)", async () => {
        const props = mutate(
            deployment() as Obj,
            (d) => (d.spec.template.spec.containers[0].image = "registry.example.io:5000/app"),
        );
        assert.deepStrictEqual(await violationsOf(policy, { type: DEPLOY, props }), [
            '[HYG-IMAGE-001 · score 4] container "app" of Deployment shop/web uses image "registry.example.io:5000/app" without a tag, which means latest; set spec.template.spec.containers[0].image to registry.example.io:5000/app:<exact version> or pin a digest.',
        ]);
    });

    it("#5 reports an empty image in a CronJob with its field path", async () => {
        const props = mutate(cronJob() as Obj, (d) => (d.spec.jobTemplate.spec.template.spec.containers[0].image = ""));
        assert.deepStrictEqual(await violationsOf(policy, { type: "kubernetes:batch/v1:CronJob", props }), [
            '[HYG-IMAGE-001 · score 4] container "app" of CronJob shop/report has no image; set spec.jobTemplate.spec.template.spec.containers[0].image to an image with an exact tag or digest.',
        ]);
    });

    it("#6 files an unpinned Dragonfly image under DFLY-TECH-002", async () => {
        const props = mutate(dragonfly() as Obj, (d) => (d.spec.image = "docker.dragonflydb.io/dragonflydb/dragonfly"));
        assert.deepStrictEqual(
            await violationsOf(policy, { type: "kubernetes:dragonflydb.io/v1alpha1:Dragonfly", props }),
            [
                '[DFLY-TECH-002 · score 4] container "dragonfly" of Dragonfly dragonfly-system/dragonfly uses image "docker.dragonflydb.io/dragonflydb/dragonfly" without a tag, which means latest; set spec.image to docker.dragonflydb.io/dragonflydb/dragonfly:<exact version> or pin a digest.',
            ],
        );
    });

    it("parses image references", async () => {
        assert.deepStrictEqual(parseImage("a/b:1@sha256:x"), { repository: "a/b", tag: "1", digest: "sha256:x" });
        assert.deepStrictEqual(parseImage("host:5000/b"), { repository: "host:5000/b" });
    });
});

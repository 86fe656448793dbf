// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { securityContext } from "../../../../policies/rules/workloads/securityContext";
import { deployment, dragonfly } from "../../fixtures";
import { describeCommon, mutate, violationsOf } from "../../helpers";

const policy = resourcePolicy(securityContext) as ResourceValidationPolicy;
const DEPLOY = "kubernetes:apps/v1:Deployment";
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const sc = (d: Obj) => d.spec.template.spec.containers[0].securityContext;

describe("policy cluster-platform-workload-security-context", () => {
    describeCommon(policy, {
        name: "cluster-platform-workload-security-context",
        enforcementLevel: "advisory",
        severity: "medium",
        risks: ["HYG-SECCTX-001", "DFLY-CP-B4"],
    });

    it("#1 passes a compliant Deployment and Dragonfly", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { type: DEPLOY, props: deployment() }), []);
        assert.deepStrictEqual(
            await violationsOf(policy, { type: "kubernetes:dragonflydb.io/v1alpha1:Dragonfly", props: dragonfly() }),
            [],
        );
    });

    it("#2 accepts runAsNonRoot at pod level only", async () => {
        assert.deepStrictEqual(
            await violationsOf(policy, {
                type: DEPLOY,
                props: mutate(deployment() as Obj, (d) => delete sc(d).runAsNonRoot),
            }),
            [],
        );
    });

    it("#3 reports a container that may run as root", async () => {
        const props = mutate(deployment() as Obj, (d) => {
            delete sc(d).runAsNonRoot;
            delete d.spec.template.spec.securityContext;
        });
        assert.deepStrictEqual(await violationsOf(policy, { type: DEPLOY, props }), [
            '[HYG-SECCTX-001 · score 4] container "app" of Deployment shop/web may run as root (runAsNonRoot is null); set spec.template.spec.containers[0].securityContext.runAsNonRoot or spec.template.spec.securityContext.runAsNonRoot to true.',
        ]);
    });

    it("#4 reports a writable root filesystem", async () => {
        const props = mutate(deployment() as Obj, (d) => (sc(d).readOnlyRootFilesystem = false));
        assert.deepStrictEqual(await violationsOf(policy, { type: DEPLOY, props }), [
            '[HYG-SECCTX-001 · score 4] container "app" of Deployment shop/web has a writable root filesystem (readOnlyRootFilesystem is false); set spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem to true and mount emptyDir volumes where it writes.',
        ]);
    });

    it("#5 reports privilege escalation", async () => {
        const props = mutate(deployment() as Obj, (d) => delete sc(d).allowPrivilegeEscalation);
        assert.deepStrictEqual(await violationsOf(policy, { type: DEPLOY, props }), [
            '[HYG-SECCTX-001 · score 4] container "app" of Deployment shop/web allows privilege escalation (allowPrivilegeEscalation is null); set spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation to false.',
        ]);
    });

    it("#6 reports capabilities not dropped", async () => {
        const props = mutate(deployment() as Obj, (d) => (sc(d).capabilities = { drop: ["NET_RAW"] }));
        assert.deepStrictEqual(await violationsOf(policy, { type: DEPLOY, props }), [
            '[HYG-SECCTX-001 · score 4] container "app" of Deployment shop/web keeps default capabilities (drop is ["NET_RAW"]); set spec.template.spec.containers[0].securityContext.capabilities.drop to ["ALL"] and add back only what it needs.',
        ]);
    });

    it("#7 files Dragonfly findings under the change proposal's B.4 with the CR's field path", async () => {
        const props = mutate(
            dragonfly() as Obj,
            (d) => (d.spec.containerSecurityContext.readOnlyRootFilesystem = false),
        );
        assert.deepStrictEqual(
            await violationsOf(policy, { type: "kubernetes:dragonflydb.io/v1alpha1:Dragonfly", props }),
            [
                '[DFLY-CP-B4 · score 4] container "dragonfly" of Dragonfly dragonfly-system/dragonfly has a writable root filesystem (readOnlyRootFilesystem is false); set spec.containerSecurityContext.readOnlyRootFilesystem to true and mount emptyDir volumes where it writes.',
            ],
        );
    });

    it("#8 exempts the Cilium agent in kube-system, not a look-alike elsewhere", async () => {
        const agent = {
            metadata: { name: "cilium", namespace: "kube-system" },
            spec: {
                template: {
                    metadata: { labels: { "k8s-app": "cilium" } },
                    spec: {
                        containers: [
                            {
                                name: "cilium-agent",
                                image: "quay.io/cilium/cilium:v1.18.3",
                                securityContext: { privileged: true },
                            },
                        ],
                    },
                },
            },
        };
        assert.deepStrictEqual(await violationsOf(policy, { type: "kubernetes:apps/v1:DaemonSet", props: agent }), []);
        const elsewhere = mutate(agent as Obj, (d) => (d.metadata.namespace = "default"));
        assert.deepStrictEqual(await violationsOf(policy, { type: "kubernetes:apps/v1:DaemonSet", props: elsewhere }), [
            '[HYG-SECCTX-001 · score 4] container "cilium-agent" of DaemonSet default/cilium may run as root (runAsNonRoot is null); set spec.template.spec.containers[0].securityContext.runAsNonRoot or spec.template.spec.securityContext.runAsNonRoot to true.',
            '[HYG-SECCTX-001 · score 4] container "cilium-agent" of DaemonSet default/cilium has a writable root filesystem (readOnlyRootFilesystem is null); set spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem to true and mount emptyDir volumes where it writes.',
            '[HYG-SECCTX-001 · score 4] container "cilium-agent" of DaemonSet default/cilium allows privilege escalation (allowPrivilegeEscalation is null); set spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation to false.',
            '[HYG-SECCTX-001 · score 4] container "cilium-agent" of DaemonSet default/cilium keeps default capabilities (drop is []); set spec.template.spec.containers[0].securityContext.capabilities.drop to ["ALL"] and add back only what it needs.',
        ]);
    });
});

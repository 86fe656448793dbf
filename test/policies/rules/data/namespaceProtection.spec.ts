// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { stackPolicy } from "../../../../policies/lib/rule";
import { dataNamespaceProtection } from "../../../../policies/rules/data/namespaceProtection";
import { describeCommon, stackViolationsOf } from "../../helpers";

const ns = (name: string, protect?: boolean) => ({
    type: "kubernetes:core/v1:Namespace",
    name: `ns-${name}`,
    props: { metadata: { name } },
    ...(protect === undefined ? {} : { opts: { protect } }),
});
const pg = {
    type: "kubernetes:postgresql.cnpg.io/v1:Cluster",
    name: "apps-floe-postgres",
    props: { metadata: { name: "floe-postgres", namespace: "floe-platform" } },
    opts: { protect: true },
};
const release = {
    type: "kubernetes:helm.sh/v3:Release",
    name: "infra-cilium-release",
    props: { name: "cilium", namespace: "kube-system" },
    opts: { protect: true },
};

describe("policy cluster-platform-data-namespace-protection", () => {
    const policy = stackPolicy(dataNamespaceProtection) as StackValidationPolicy;
    describeCommon(policy, {
        name: "cluster-platform-data-namespace-protection",
        enforcementLevel: "mandatory",
        severity: "high",
        risks: ["HYG-DATA-001"],
    });
    it("#1 passes a protected namespace holding a protected cluster", async () =>
        assert.deepStrictEqual(await stackViolationsOf(policy, [ns("floe-platform", true), pg]), []));
    it("#2 passes a protected release in a namespace the stack does not declare (kube-system)", async () =>
        assert.deepStrictEqual(await stackViolationsOf(policy, [ns("floe-platform"), release]), []));
    it("#3 passes an unprotected namespace that holds nothing protected", async () =>
        assert.deepStrictEqual(
            await stackViolationsOf(policy, [ns("floe-jobs"), { ...pg, opts: { protect: false } }]),
            [],
        ));
    it("#4 reports the unprotected namespace of a protected cluster (a rename would delete it)", async () =>
        assert.deepStrictEqual(await stackViolationsOf(policy, [ns("floe-platform"), pg]), [
            "[ns-floe-platform] [HYG-DATA-001 · score 6] Namespace floe-platform holds the protected apps-floe-postgres but is not protected itself; renaming or removing it would delete everything in it. Declare it with protect: true and retainOnDelete: true.",
        ]));
    it("#5 reports a Helm release's namespace too, naming every protected resource in it", async () =>
        assert.deepStrictEqual(
            await stackViolationsOf(policy, [
                ns("data", false),
                { ...pg, props: { metadata: { name: "pg", namespace: "data" } } },
                { ...release, props: { namespace: "data" } },
            ]),
            [
                "[ns-data] [HYG-DATA-001 · score 6] Namespace data holds the protected apps-floe-postgres, infra-cilium-release but is not protected itself; renaming or removing it would delete everything in it. Declare it with protect: true and retainOnDelete: true.",
            ],
        ));
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { stackPolicy } from "../../../../policies/lib/rule";
import { floeNetworkFlows } from "../../../../policies/rules/floe/networkFlows";
import { describeCommon, stackViolationsOf } from "../../helpers";
import { changedFloe, floeStack } from "./stack";

describe("policy cluster-platform-floe-network-flows", () => {
    const policy = stackPolicy(floeNetworkFlows) as StackValidationPolicy;
    describeCommon(policy, {
        name: "cluster-platform-floe-network-flows",
        enforcementLevel: "advisory",
        severity: "medium",
        risks: ["FLOE-R-5"],
    });
    it("#1 passes the policies generated from the flow matrix", async () =>
        assert.deepStrictEqual(await stackViolationsOf(policy, floeStack()), []));
    it("#2 reports a missing flow (jobs → Polaris)", async () => {
        const list = changedFloe((n) => n("np-floe-platform-polaris-ingress").props.spec.ingress.shift());
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            "[FLOE-R-5 · score 4] the flow jobs → polaris on TCP 8181 (jobs read and commit Iceberg tables through the catalog) is blocked by ingress at floe-platform; allow it in the policies of the flow matrix.",
        ]);
    });
    it("#3 reports a port that differs from the container port (the chart's Dagster 3000 vs 80)", async () => {
        const list = changedFloe(
            (n) =>
                (n("np-floe-platform-dagster-webserver-ingress").props.spec.ingress[0].ports = [
                    { port: 3000, protocol: "TCP" },
                ]),
        );
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            "[FLOE-R-5 · score 4] the flow ingress → dagster-webserver on TCP 80 (the Dagster UI) is blocked by ingress at floe-platform; allow it in the policies of the flow matrix.",
            "[FLOE-R-5 · score 4] NetworkPolicy floe-platform/dagster-webserver-ingress allows ingress on TCP 3000, but the pods it selects listen on 80; allow the container port instead.",
        ]);
    });
    it("#4 reports a cross-namespace peer without namespaceSelector (the chart's Polaris rule)", async () => {
        const list = changedFloe(
            (n) =>
                (n("np-floe-platform-polaris-ingress").props.spec.ingress[0].from = [
                    { podSelector: { matchLabels: { "floe.dev/job-type": "data-pipeline" } } },
                ]),
        );
        const v = await stackViolationsOf(policy, list);
        assert.ok(
            v.includes(
                '[FLOE-R-5 · score 4] NetworkPolicy floe-platform/polaris-ingress has a peer {"matchLabels":{"floe.dev/job-type":"data-pipeline"}} without namespaceSelector, so it only matches pods in floe-platform, but those pods run in floe-jobs; add namespaceSelector kubernetes.io/metadata.name: floe-jobs.',
            ),
            v.join("\n"),
        );
    });
    it("#5 reports floe-jobs without default-deny egress", async () => {
        const list = changedFloe((n) => (n("np-floe-jobs-default-deny").props.spec.policyTypes = ["Ingress"]));
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            "[FLOE-R-5 · score 4] namespace floe-jobs has no default-deny Egress policy (podSelector {} with policyTypes [Egress]); ADR-0022 requires jobs to be denied by default both ways.",
        ]);
    });
    it("#6 takes a default-deny without policyTypes as the API does: ingress only, so egress is reported", async () => {
        const list = changedFloe((n) => delete n("np-floe-jobs-default-deny").props.spec.policyTypes);
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            "[FLOE-R-5 · score 4] namespace floe-jobs has no default-deny Egress policy (podSelector {} with policyTypes [Egress]); ADR-0022 requires jobs to be denied by default both ways.",
        ]);
    });
});

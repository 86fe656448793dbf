// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { stackPolicy } from "../../../../policies/lib/rule";
import { dragonflyDnsEgress } from "../../../../policies/rules/dragonfly/dnsEgress";
import { describeCommon, stackViolationsOf } from "../../helpers";
import { changed, dragonflyStack, without } from "./stack";

const policy = stackPolicy(dragonflyDnsEgress) as StackValidationPolicy;
const NP = "infra-dragonfly-networkPolicy";

describe("policy cluster-platform-dragonfly-dns-egress", () => {
    describeCommon(policy, {
        name: "cluster-platform-dragonfly-dns-egress",
        enforcementLevel: "advisory",
        severity: "medium",
        risks: ["DFLY-VR-09.3"],
    });

    it("#1 passes the component's objects", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, dragonflyStack()), []);
    });

    it("#2 passes pods whose egress nothing isolates", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, without(NP)), []);
    });

    it("#3 reports isolated egress without TCP DNS", async () => {
        const list = changed((n) => (n(NP).props.spec.egress[0].ports = [{ port: 53, protocol: "UDP" }]));
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            "[infra-dragonfly-dragonfly] [DFLY-VR-09.3 · score 4] egress of Dragonfly dragonfly-system/dragonfly is isolated but does not allow TCP 53 to kube-dns in kube-system; add an egress rule to k8s-app=kube-dns on UDP and TCP 53.",
        ]);
    });
});

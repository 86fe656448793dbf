// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { stackPolicy } from "../../../../policies/lib/rule";
import { dragonflyGlobalService } from "../../../../policies/rules/dragonfly/globalService";
import { describeCommon, stackViolationsOf } from "../../helpers";
import { changed, dragonflyStack } from "./stack";

const policy = stackPolicy(dragonflyGlobalService) as StackValidationPolicy;
const SVC = "infra-dragonfly-globalService";

describe("policy cluster-platform-dragonfly-global-service", () => {
    describeCommon(policy, {
        name: "cluster-platform-dragonfly-global-service",
        enforcementLevel: "advisory",
        severity: "medium",
        risks: ["DFLY-PERF-001"],
    });

    it("#1 passes the owner's Service and a consumer copy without selector", () => {
        assert.deepStrictEqual(stackViolationsOf(policy, dragonflyStack()), []);
        const consumer = changed((n) => {
            n(SVC).props.metadata.annotations["service.cilium.io/shared"] = "false";
            delete n(SVC).props.spec.selector;
        });
        assert.deepStrictEqual(stackViolationsOf(policy, consumer), []);
    });

    it("#2 reports monosense's dragonflydb.io/role selector", () => {
        assert.deepStrictEqual(
            stackViolationsOf(
                policy,
                changed((n) => (n(SVC).props.spec.selector = { "dragonflydb.io/role": "primary" })),
            ),
            [
                '[infra-dragonfly-globalService] [DFLY-PERF-001 · score 4] global Service dragonfly-system/dragonfly-global selects {"dragonflydb.io/role":"primary"}, which matches no master pod of Dragonfly dragonfly-system/dragonfly; select app=dragonfly, app.kubernetes.io/name=dragonfly, role=master.',
            ],
        );
    });

    it("#3 reports a selector that includes replicas", () => {
        assert.deepStrictEqual(
            stackViolationsOf(
                policy,
                changed((n) => delete n(SVC).props.spec.selector.role),
            ),
            [
                '[infra-dragonfly-globalService] [DFLY-PERF-001 · score 4] global Service dragonfly-system/dragonfly-global selects replicas too ({"app":"dragonfly","app.kubernetes.io/name":"dragonfly","app.kubernetes.io/part-of":"dragonfly"}); writes through it would hit read-only replicas, so add role=master to spec.selector.',
            ],
        );
    });

    it("#4 reports a consumer copy that selects local pods", () => {
        assert.deepStrictEqual(
            stackViolationsOf(
                policy,
                changed((n) => (n(SVC).props.metadata.annotations["service.cilium.io/shared"] = "false")),
            ),
            [
                '[infra-dragonfly-globalService] [DFLY-PERF-001 · score 4] global Service dragonfly-system/dragonfly-global is a consumer copy (shared "false") but selects local pods {"app":"dragonfly","app.kubernetes.io/name":"dragonfly","app.kubernetes.io/part-of":"dragonfly","role":"master"}; remove spec.selector so clients reach the owning cluster\'s master.',
            ],
        );
    });
});

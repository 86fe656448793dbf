// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { stackPolicy } from "../../../../policies/lib/rule";
import { dragonflyVersionAlignment } from "../../../../policies/rules/dragonfly/versionAlignment";
import { describeCommon, stackViolationsOf } from "../../helpers";
import { changed, CR, dragonflyStack } from "./stack";

const policy = stackPolicy(dragonflyVersionAlignment) as StackValidationPolicy;
const OP = "infra-dragonflyOperator-release";

describe("policy cluster-platform-dragonfly-version-alignment", () => {
    describeCommon(policy, {
        name: "cluster-platform-dragonfly-version-alignment",
        enforcementLevel: "advisory",
        severity: "medium",
        risks: ["DFLY-TECH-002", "DFLY-VR-03.4", "DFLY-VR-03.6"],
    });

    it("#1 passes the component's operator release and CR", () => {
        assert.deepStrictEqual(stackViolationsOf(policy, dragonflyStack()), []);
    });

    it("#2 reports an image that is not the operator's tested pair", () => {
        assert.deepStrictEqual(
            stackViolationsOf(
                policy,
                changed((n) => (n(CR).props.spec.image = "docker.dragonflydb.io/dragonflydb/dragonfly:v1.34.2")),
            ),
            [
                '[infra-dragonfly-dragonfly] [DFLY-TECH-002 · score 4] Dragonfly dragonfly-system/dragonfly runs image tag "v1.34.2" but operator v1.6.1 is tested with v1.39.0; set spec.image to docker.dragonflydb.io/dragonflydb/dragonfly:v1.39.0.',
            ],
        );
    });

    it("#3 reports values the chart does not have (monosense's top-level podDisruptionBudget)", () => {
        assert.deepStrictEqual(
            stackViolationsOf(
                policy,
                changed((n) => (n(OP).props.values.podDisruptionBudget = { enabled: true })),
            ),
            [
                "[infra-dragonflyOperator-release] [DFLY-TECH-002 · score 4] dragonfly-operator release dragonfly-operator-system/dragonfly-operator sets values the chart does not have (podDisruptionBudget), which silently do nothing; move them under the chart's real keys (manager.*, podSecurityContext, ...) or remove them.",
            ],
        );
    });

    it("#4 reports a single operator replica", () => {
        assert.deepStrictEqual(
            stackViolationsOf(
                policy,
                changed((n) => (n(OP).props.values.replicaCount = 1)),
            ),
            [
                "[infra-dragonflyOperator-release] [DFLY-TECH-002 · score 4] dragonfly-operator release dragonfly-operator-system/dragonfly-operator runs replicaCount 1; set replicaCount: 2 (the manager is leader-elected) so an upgrade or a node loss leaves one running.",
            ],
        );
    });

    it("#5 reports CRDs not kept", () => {
        assert.deepStrictEqual(
            stackViolationsOf(
                policy,
                changed((n) => (n(OP).props.values.crds.keep = false)),
            ),
            [
                "[infra-dragonflyOperator-release] [DFLY-VR-03.4 · score 4] dragonfly-operator release dragonfly-operator-system/dragonfly-operator sets crds.install true and crds.keep false; both must stay true so the CRDs exist and survive an uninstall.",
            ],
        );
    });

    it("#6 reports an unhardened manager", () => {
        assert.deepStrictEqual(
            stackViolationsOf(
                policy,
                changed((n) => delete n(OP).props.values.manager.securityContext),
            ),
            [
                "[infra-dragonflyOperator-release] [DFLY-VR-03.6 · score 4] dragonfly-operator release dragonfly-operator-system/dragonfly-operator does not harden manager.securityContext (allowPrivilegeEscalation null, drop []); set allowPrivilegeEscalation: false and capabilities.drop: [ALL].",
            ],
        );
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { dragonflySpread } from "../../../../policies/rules/dragonfly/spread";
import { describeCommon, violationsOf } from "../../helpers";
import { CR, dragonflyStack } from "./stack";

const policy = resourcePolicy(dragonflySpread) as ResourceValidationPolicy;
const TYPE = "kubernetes:dragonflydb.io/v1alpha1:Dragonfly";
const cr = () => dragonflyStack().find((r) => r.name === CR)!.props;

describe("policy cluster-platform-dragonfly-spread", () => {
    describeCommon(policy, {
        name: "cluster-platform-dragonfly-spread",
        enforcementLevel: "advisory",
        severity: "medium",
        risks: ["DFLY-TECH-001", "DFLY-VR-04.11"],
    });

    it("#1 passes the component's CR, topology spread alone, and a single replica without spread", () => {
        assert.deepStrictEqual(violationsOf(policy, { type: TYPE, props: cr() }), []);
        const spreadOnly = cr();
        delete spreadOnly.spec.affinity;
        assert.deepStrictEqual(violationsOf(policy, { type: TYPE, props: spreadOnly }), []);
        const single = cr();
        single.spec.replicas = 1;
        delete single.spec.affinity;
        delete single.spec.topologySpreadConstraints;
        assert.deepStrictEqual(violationsOf(policy, { type: TYPE, props: single }), []);
    });

    it("#2 reports no spread at all", () => {
        const props = cr();
        delete props.spec.affinity;
        delete props.spec.topologySpreadConstraints;
        assert.deepStrictEqual(violationsOf(policy, { type: TYPE, props }), [
            "[DFLY-TECH-001 · score 4] Dragonfly dragonfly-system/dragonfly runs 3 replicas with no topology spread or pod anti-affinity on kubernetes.io/hostname, so they may share a node; add spec.topologySpreadConstraints with topologyKey kubernetes.io/hostname and labelSelector app=dragonfly.",
        ]);
    });

    it("#3 reports a spread selector on labels the operator does not set", () => {
        const props = cr();
        delete props.spec.affinity;
        props.spec.topologySpreadConstraints[0].labelSelector = {
            matchLabels: { "dragonflydb.io/instance": "dragonfly" },
        };
        assert.deepStrictEqual(violationsOf(policy, { type: TYPE, props }), [
            '[DFLY-TECH-001 · score 4] Dragonfly dragonfly-system/dragonfly spreads with topologySpreadConstraints whose labelSelector {"matchLabels":{"dragonflydb.io/instance":"dragonfly"}} matches no pod the operator creates (its pods carry app=dragonfly, app.kubernetes.io/name=dragonfly, app.kubernetes.io/part-of=dragonfly, role); select app=dragonfly instead.',
        ]);
    });
});

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
        risks: ["DFLY-TECH-001", "DFLY-VR-04.11", "DFLY-CP-B3"],
    });

    it("#1 passes the component's CR, topology spread alone, and a single replica without spread", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { type: TYPE, props: cr() }), []);
        const spreadOnly = cr();
        delete spreadOnly.spec.affinity;
        assert.deepStrictEqual(await violationsOf(policy, { type: TYPE, props: spreadOnly }), []);
        const single = cr();
        single.spec.replicas = 1;
        delete single.spec.affinity;
        delete single.spec.topologySpreadConstraints;
        assert.deepStrictEqual(await violationsOf(policy, { type: TYPE, props: single }), []);
    });

    it("#2 reports no spread at all", async () => {
        const props = cr();
        delete props.spec.affinity;
        delete props.spec.topologySpreadConstraints;
        assert.deepStrictEqual(await violationsOf(policy, { type: TYPE, props }), [
            "[DFLY-TECH-001 · score 4] Dragonfly dragonfly-system/dragonfly runs 3 replicas with no topology spread or pod anti-affinity on kubernetes.io/hostname, so they may share a node; add spec.topologySpreadConstraints with topologyKey kubernetes.io/hostname and labelSelector app=dragonfly.",
        ]);
    });

    it("#2c reports anti-affinity alone on labels the operator does not set under DFLY-VR-04.11", async () => {
        const props = cr();
        delete props.spec.topologySpreadConstraints;
        props.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector =
            { matchLabels: { "dragonflydb.io/instance": "dragonfly" } };
        assert.deepStrictEqual(await violationsOf(policy, { type: TYPE, props }), [
            '[DFLY-VR-04.11 · score 4] Dragonfly dragonfly-system/dragonfly spreads with podAntiAffinity whose labelSelector {"matchLabels":{"dragonflydb.io/instance":"dragonfly"}} matches no pod the operator creates (its pods carry app=dragonfly, app.kubernetes.io/name=dragonfly, app.kubernetes.io/part-of=dragonfly, role); select app=dragonfly instead.',
        ]);
    });

    it("#2b reports a hostname spread with maxSkew above B.3's 1 and no anti-affinity under DFLY-CP-B3", async () => {
        const props = cr();
        delete props.spec.affinity;
        props.spec.topologySpreadConstraints[0].maxSkew = 2;
        assert.deepStrictEqual(await violationsOf(policy, { type: TYPE, props }), [
            "[DFLY-CP-B3 · score 4] Dragonfly dragonfly-system/dragonfly spreads its 3 replicas over kubernetes.io/hostname with maxSkew 2, which lets more pods than one share a node; set maxSkew: 1 (or add preferred podAntiAffinity on app=dragonfly).",
        ]);
        // Preferred anti-affinity beside it meets B.3 ("or podAntiAffinity").
        const withAnti = cr();
        withAnti.spec.topologySpreadConstraints[0].maxSkew = 2;
        assert.deepStrictEqual(await violationsOf(policy, { type: TYPE, props: withAnti }), []);
    });

    it("#3 reports a spread selector on labels the operator does not set", async () => {
        const props = cr();
        delete props.spec.affinity;
        props.spec.topologySpreadConstraints[0].labelSelector = {
            matchLabels: { "dragonflydb.io/instance": "dragonfly" },
        };
        assert.deepStrictEqual(await violationsOf(policy, { type: TYPE, props }), [
            '[DFLY-TECH-001 · score 4] Dragonfly dragonfly-system/dragonfly spreads with topologySpreadConstraints whose labelSelector {"matchLabels":{"dragonflydb.io/instance":"dragonfly"}} matches no pod the operator creates (its pods carry app=dragonfly, app.kubernetes.io/name=dragonfly, app.kubernetes.io/part-of=dragonfly, role); select app=dragonfly instead.',
        ]);
    });
});

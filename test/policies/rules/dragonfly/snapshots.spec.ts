// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { dragonflySnapshots } from "../../../../policies/rules/dragonfly/snapshots";
import { describeCommon, violationsOf } from "../../helpers";
import { CR, dragonflyStack } from "./stack";

const policy = resourcePolicy(dragonflySnapshots) as ResourceValidationPolicy;
const TYPE = "kubernetes:dragonflydb.io/v1alpha1:Dragonfly";
const cr = () => dragonflyStack().find((r) => r.name === CR)!.props;

describe("policy cluster-platform-dragonfly-snapshots", () => {
    describeCommon(policy, {
        name: "cluster-platform-dragonfly-snapshots",
        enforcementLevel: "advisory",
        severity: "low",
        risks: ["DFLY-VR-04.9"],
    });

    it("#1 passes the component's PVC snapshots and a CR without snapshots", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { type: TYPE, props: cr() }), []);
        const none = cr();
        delete none.spec.snapshot;
        assert.deepStrictEqual(await violationsOf(policy, { type: TYPE, props: none }), []);
    });

    it("#2 reports a cron with nowhere to write", async () => {
        const props = cr();
        props.spec.snapshot = { cron: "0 */6 * * *" };
        assert.deepStrictEqual(await violationsOf(policy, { type: TYPE, props }), [
            '[DFLY-VR-04.9 · score 2] Dragonfly dragonfly-system/dragonfly schedules snapshots (cron "0 */6 * * *") with nowhere to write them, which the operator rejects; add spec.snapshot.persistentVolumeClaimSpec or a dir.',
        ]);
    });

    it("#3 reports storage without a cron", async () => {
        const props = cr();
        delete props.spec.snapshot.cron;
        assert.deepStrictEqual(await violationsOf(policy, { type: TYPE, props }), [
            '[DFLY-VR-04.9 · score 2] Dragonfly dragonfly-system/dragonfly has snapshot storage but no spec.snapshot.cron, so no snapshot is ever taken; set a cron such as "0 */6 * * *".',
        ]);
    });

    it("#4 reports S3 snapshots without credentials", async () => {
        const props = cr();
        props.spec.snapshot = { cron: "0 */6 * * *", dir: "s3://dragonfly-backups" };
        assert.deepStrictEqual(await violationsOf(policy, { type: TYPE, props }), [
            "[DFLY-VR-04.9 · score 2] Dragonfly dragonfly-system/dragonfly snapshots to s3://dragonfly-backups without AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in spec.env; add them from a Secret (valueFrom.secretKeyRef).",
        ]);
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { ciliumObservability } from "../../../../policies/rules/cilium/observability";
import { describeCommon, mutate, violationsOf } from "../../helpers";
import { release } from "./release";

const REL = "kubernetes:helm.sh/v3:Release";
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const run = async (p: ResourceValidationPolicy, change: (r: Obj) => void) =>
    await violationsOf(p, { type: REL, props: mutate(release(), change) });

describe("policy cluster-platform-cilium-observability", () => {
    const policy = resourcePolicy(ciliumObservability) as ResourceValidationPolicy;
    describeCommon(policy, {
        name: "cluster-platform-cilium-observability",
        enforcementLevel: "mandatory",
        severity: "medium",
        risks: ["CIL-OPS-002"],
    });
    it("#1 passes the baseline", async () => assert.deepStrictEqual(await run(policy, () => undefined), []));
    it("#2 reports Hubble relay and the ServiceMonitor off", async () => {
        assert.deepStrictEqual(
            await run(policy, (r) => {
                r.values.hubble.relay.enabled = false;
                delete r.values.prometheus.serviceMonitor;
            }),
            [
                "[CIL-OPS-002 · score 4] Cilium values leave hubble.relay.enabled, prometheus.serviceMonitor.enabled off, so drops and flow changes during a handover go unseen; set them to true.",
            ],
        );
    });
});

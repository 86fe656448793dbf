// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { ciliumSubstitutions } from "../../../../policies/rules/cilium/substitutions";
import { describeCommon, mutate, violationsOf } from "../../helpers";
import { release } from "./release";

const REL = "kubernetes:helm.sh/v3:Release";
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const run = async (p: ResourceValidationPolicy, change: (r: Obj) => void) =>
    await violationsOf(p, { type: REL, props: mutate(release(), change) });

describe("policy cluster-platform-cilium-substitutions", () => {
    const policy = resourcePolicy(ciliumSubstitutions) as ResourceValidationPolicy;
    describeCommon(policy, {
        name: "cluster-platform-cilium-substitutions",
        enforcementLevel: "advisory",
        severity: "low",
        risks: ["CIL-TECH-003"],
    });
    it("#1 passes the real values", async () => assert.deepStrictEqual(await run(policy, () => undefined), []));
    it("#2 reports an unresolved substitution", async () => {
        assert.deepStrictEqual(await run(policy, (r) => (r.values.ipv4NativeRoutingCIDR = "${POD_CIDR_STRING}")), [
            '[CIL-TECH-003 · score 3] Cilium value ipv4NativeRoutingCIDR is "${POD_CIDR_STRING}", an unresolved substitution; write the real value.',
        ]);
    });
    it("#3 reports each unresolved value, nested ones with their path", async () => {
        assert.deepStrictEqual(
            await run(policy, (r) => {
                r.values.cluster.name = "${CLUSTER}";
                r.values.extraArgs = ["--x=${X}"];
            }),
            [
                '[CIL-TECH-003 · score 3] Cilium value cluster.name is "${CLUSTER}", an unresolved substitution; write the real value.',
                '[CIL-TECH-003 · score 3] Cilium value extraArgs[0] is "--x=${X}", an unresolved substitution; write the real value.',
            ],
        );
    });
});

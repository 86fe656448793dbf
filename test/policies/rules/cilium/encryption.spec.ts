// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { ciliumEncryption } from "../../../../policies/rules/cilium/encryption";
import { describeCommon, mutate, violationsOf } from "../../helpers";
import { release } from "./release";

const REL = "kubernetes:helm.sh/v3:Release";
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const run = async (p: ResourceValidationPolicy, change: (r: Obj) => void) =>
    await violationsOf(p, { type: REL, props: mutate(release(), change) });

describe("policy cluster-platform-cilium-encryption", () => {
    const policy = resourcePolicy(ciliumEncryption) as ResourceValidationPolicy;
    describeCommon(policy, {
        name: "cluster-platform-cilium-encryption",
        enforcementLevel: "advisory",
        severity: "low",
        risks: ["CIL-SEC-001"],
    });
    it("#1 passes WireGuard", async () => assert.deepStrictEqual(await run(policy, () => undefined), []));
    it("#2 reports encryption off", async () => {
        assert.deepStrictEqual(await run(policy, (r) => (r.values.encryption.enabled = false)), [
            '[CIL-SEC-001 · score 3] Cilium encryption is {"enabled":false,"type":"wireguard"}; set values encryption.enabled: true and encryption.type: wireguard.',
        ]);
    });
    it("#3 reports IPsec instead of WireGuard", async () => {
        assert.deepStrictEqual(await run(policy, (r) => (r.values.encryption.type = "ipsec")), [
            '[CIL-SEC-001 · score 3] Cilium encryption is {"enabled":true,"type":"ipsec"}; set values encryption.enabled: true and encryption.type: wireguard.',
        ]);
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { stackPolicy } from "../../../../policies/lib/rule";
import { dragonflyTransportSecurity } from "../../../../policies/rules/dragonfly/transportSecurity";
import { describeCommon, stackViolationsOf } from "../../helpers";
import { changed, CR, dragonflyStack, without } from "./stack";

const policy = stackPolicy(dragonflyTransportSecurity) as StackValidationPolicy;

describe("policy cluster-platform-dragonfly-transport-security", () => {
    describeCommon(policy, {
        name: "cluster-platform-dragonfly-transport-security",
        enforcementLevel: "advisory",
        severity: "low",
        risks: ["DFLY-SEC-002"],
    });

    it("#1 passes without TLS behind the NetworkPolicy and WireGuard, and with TLS alone", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, dragonflyStack()), []);
        const tls = changed((n, list) => {
            n(CR).props.spec.tlsSecretRef = { name: "dragonfly-tls" };
            list.splice(list.indexOf(n("infra-cilium-release")), 1);
        });
        assert.deepStrictEqual(await stackViolationsOf(policy, tls), []);
    });

    it("#2 reports WireGuard off", async () => {
        assert.deepStrictEqual(
            await stackViolationsOf(
                policy,
                changed((n) => (n("infra-cilium-release").props.values.encryption.enabled = false)),
            ),
            [
                '[infra-dragonfly-dragonfly] [DFLY-SEC-002 · score 2] Dragonfly dragonfly-system/dragonfly has no TLS (spec.tlsSecretRef unset) and Cilium encryption is {"enabled":false,"type":"wireguard"}; set spec.tlsSecretRef, or enable Cilium WireGuard (encryption.enabled: true, type: wireguard).',
            ],
        );
    });

    it("#3 the operator's own NetworkPolicy isolates the pods when the stack declares none", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, without("infra-dragonfly-networkPolicy")), []);
    });

    it("#4 reports no isolating policy once the operator's is switched off", async () => {
        const list = without("infra-dragonfly-networkPolicy");
        list.find((r) => r.name === CR)!.props.spec.networkPolicyEnabled = false;
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            "[infra-dragonfly-dragonfly] [DFLY-SEC-002 · score 2] Dragonfly dragonfly-system/dragonfly has no TLS (spec.tlsSecretRef unset) and no network policy isolates its master and replica pods; set spec.tlsSecretRef, or isolate the pods (remove networkPolicyEnabled: false or add a NetworkPolicy).",
        ]);
    });

    it("#5 one cause, one finding: both missing controls are named in a single finding", async () => {
        const list = without("infra-dragonfly-networkPolicy", "infra-cilium-release");
        list.find((r) => r.name === CR)!.props.spec.networkPolicyEnabled = false;
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            "[infra-dragonfly-dragonfly] [DFLY-SEC-002 · score 2] Dragonfly dragonfly-system/dragonfly has no TLS (spec.tlsSecretRef unset) and no network policy isolates its master and replica pods, and no Cilium release is declared on this stack; set spec.tlsSecretRef, or isolate the pods (remove networkPolicyEnabled: false or add a NetworkPolicy) and enable Cilium WireGuard (encryption.enabled: true, type: wireguard).",
        ]);
    });
});

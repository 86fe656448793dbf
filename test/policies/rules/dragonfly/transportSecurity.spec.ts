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

    it("#1 passes without TLS behind the NetworkPolicy and WireGuard, and with TLS alone", () => {
        assert.deepStrictEqual(stackViolationsOf(policy, dragonflyStack()), []);
        const tls = changed((n, list) => {
            n(CR).props.spec.tlsSecretRef = { name: "dragonfly-tls" };
            list.splice(list.indexOf(n("infra-cilium-release")), 1);
        });
        assert.deepStrictEqual(stackViolationsOf(policy, tls), []);
    });

    it("#2 reports WireGuard off", () => {
        assert.deepStrictEqual(
            stackViolationsOf(
                policy,
                changed((n) => (n("infra-cilium-release").props.values.encryption.enabled = false)),
            ),
            [
                '[infra-dragonfly-dragonfly] [DFLY-SEC-002 · score 2] Dragonfly dragonfly-system/dragonfly has no TLS (spec.tlsSecretRef unset) and encryption is {"enabled":false,"type":"wireguard"}; enable Cilium WireGuard (encryption.enabled: true, type: wireguard) or set spec.tlsSecretRef.',
            ],
        );
    });

    it("#3 reports no isolating policy", () => {
        assert.deepStrictEqual(stackViolationsOf(policy, without("infra-dragonfly-networkPolicy")), [
            "[infra-dragonfly-dragonfly] [DFLY-SEC-002 · score 2] Dragonfly dragonfly-system/dragonfly has no TLS (spec.tlsSecretRef unset) and no network policy isolates its pods; add the NetworkPolicy or set spec.tlsSecretRef.",
        ]);
    });
});

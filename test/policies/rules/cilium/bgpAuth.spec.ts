// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { ciliumBgpAuth } from "../../../../policies/rules/cilium/bgpAuth";
import { describeCommon, violationsOf } from "../../helpers";
import { ciliumStack } from "./release";

const policy = resourcePolicy(ciliumBgpAuth) as ResourceValidationPolicy;
const peer = () => ciliumStack().find((r) => r.name === "infra-cilium-bgpPeerConfig")!;

describe("policy cluster-platform-cilium-bgp-auth", () => {
    describeCommon(policy, {
        name: "cluster-platform-cilium-bgp-auth",
        enforcementLevel: "advisory",
        severity: "medium",
        risks: ["CIL-SEC-004"],
    });
    it("#1 passes the component's peer config", () => assert.deepStrictEqual(violationsOf(policy, peer()), []));
    it("#2 reports a peer without authSecretRef", () => {
        const p = peer();
        delete p.props.spec.authSecretRef;
        assert.deepStrictEqual(violationsOf(policy, p), [
            "[CIL-SEC-004 · score 4] CiliumBGPPeerConfig cilium-bgp-peer has no spec.authSecretRef, so any router at the peer address can inject routes; reference the peer password Secret.",
        ]);
    });
});

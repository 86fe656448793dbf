// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Mutation tests: weaken one Cilium mitigation of the real infra stack at a time and judge it with
// the real pack server; cross-stack mutations go through the config layer, which owns them.
import * as assert from "assert";
import { ciliumDrift, ciliumValues } from "../../components/cilium";
import { evaluateResources } from "../../engine/evaluate";
import { RecordedResource } from "../../engine/record";
import { PolicyServer } from "../../engine/server";
import { recordStack } from "../../engine/stack";
import { sharedPolicyServer } from "../support/hooks";
import { assertCaught, mutateResource, MutationRow } from "../support/mutate";
import { realStackConfig, STACKS } from "../support/stacks";

const REL = "infra-cilium-release";

describe("Cilium mutations through the offline engine (infra stack)", () => {
    let server: PolicyServer;
    let real: RecordedResource[];
    before(async () => {
        server = await sharedPolicyServer();
        real = await recordStack(realStackConfig("infra"));
    });

    const cases: MutationRow[] = [
        [
            "provider pinned to the wrong context",
            () =>
                mutateResource(real, "infra-k8s", (p) => {
                    p.context = "apps";
                    p.clusterIdentifier = "apps";
                }),
            "CIL-TECH-002",
            "mandatory",
        ],
        [
            "encryption off",
            () => mutateResource(real, REL, (p) => (p.values.encryption.enabled = false)),
            "CIL-SEC-001",
            "advisory",
            { "DFLY-SEC-002": "advisory" },
        ],
        [
            "protect missing",
            () => {
                const copy = JSON.parse(JSON.stringify(real)) as RecordedResource[];
                copy.find((r) => r.name === REL)!.options.protect = false;
                return copy;
            },
            "CIL-OPS-001",
            "mandatory",
        ],
        [
            "BGP auth missing",
            () => mutateResource(real, "infra-cilium-bgpPeerConfig", (p) => delete p.spec.authSecretRef),
            "CIL-SEC-004",
            "advisory",
        ],
        [
            "ClusterMesh IP outside the pool",
            () =>
                mutateResource(
                    real,
                    REL,
                    (p) =>
                        (p.values.clustermesh.apiserver.service.annotations["io.cilium/lb-ipam-ips"] = "10.25.11.130"),
                ),
            "CIL-TECH-011",
            "advisory",
        ],
        [
            "release renamed (reinstall instead of adoption)",
            () => mutateResource(real, REL, (p) => (p.name = "cilium-core")),
            "CIL-TECH-001",
            "mandatory",
        ],
        [
            "unresolved substitution",
            () => mutateResource(real, REL, (p) => (p.values.cluster.name = "${CLUSTER}")),
            "CIL-TECH-003",
            "advisory",
        ],
    ];

    for (const [name, mutate, risk, enforcement, also] of cases) {
        it(`catches ${name} as ${risk}${enforcement === "mandatory" ? " (blocking)" : ""}`, async () => {
            const r = await evaluateResources("infra", mutate(), { server });
            if (risk !== "CIL-TECH-003") {
                assertCaught(r, risk, enforcement, also);
            } else {
                assert.ok(r.findings.some((f) => f.risk === risk && f.enforcement === enforcement));
                // A placeholder cluster name also breaks the provider pinning check (score 6): both fire.
                assert.ok(r.findings.some((f) => f.risk === "CIL-TECH-002" && f.enforcement === "mandatory"));
            }
        });
    }

    it("catches a non-cluster-specific value changed on one stack only (CIL-TECH-007, cross-stack)", () => {
        const stacks = [realStackConfig("infra"), realStackConfig("apps")];
        assert.deepStrictEqual(ciliumDrift(stacks), []);
        const drifted = ciliumDrift(stacks, (c) =>
            c.cluster.name === "apps" ? { ...ciliumValues(c), kubeProxyReplacement: false } : ciliumValues(c),
        );
        assert.deepStrictEqual(drifted, [{ path: "kubeProxyReplacement", values: { infra: true, apps: false } }]);
    });

    it("lets only the cluster-specific keys differ between the real stacks", () => {
        const [infra, apps] = [ciliumValues(realStackConfig("infra")), ciliumValues(realStackConfig("apps"))];
        assert.notDeepStrictEqual(infra, apps);
        assert.deepStrictEqual(ciliumDrift(STACKS.map(realStackConfig)), []);
    });
});

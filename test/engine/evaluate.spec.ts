// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ciliumReleaseArgs, createClusterProvider } from "../../components";
import { evaluateResources, evaluateStack, findingOf } from "../../engine/evaluate";
import { reconcilePackConfig } from "../../engine/packConfig";
import { recordProgram } from "../../engine/recording/program";
import { PackClient } from "../../engine/protocol/client";
import { sharedPackClient } from "../support/hooks";
import { realStackConfig, STACKS } from "../support/stacks";
import { recordWith } from "../support/recordCilium";
import { rollbackWaiver } from "../real-engine/mutations";

const infra = realStackConfig("infra");

const appDeployment = (provider: k8s.Provider, image: pulumi.Input<string>, release: k8s.helm.v3.Release) =>
    new k8s.apps.v1.Deployment(
        "web",
        {
            metadata: { name: "web", namespace: "shop" },
            spec: {
                selector: { matchLabels: { app: "web" } },
                template: {
                    metadata: { labels: { app: "web" } },
                    spec: {
                        containers: [
                            {
                                name: "app",
                                image,
                                securityContext: {
                                    runAsNonRoot: true,
                                    readOnlyRootFilesystem: true,
                                    allowPrivilegeEscalation: false,
                                    capabilities: { drop: ["ALL"] },
                                },
                                livenessProbe: { tcpSocket: { port: 8080 } },
                                readinessProbe: { tcpSocket: { port: 8080 } },
                                resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "32Mi" } },
                            },
                        ],
                    },
                },
            },
        },
        { provider, dependsOn: [release] },
    );

describe("offline engine: evaluateStack through the real pack server", () => {
    let server: PackClient;
    before(async () => {
        server = await sharedPackClient();
    });

    it("passes every real stack with no mandatory finding", async () => {
        for (const stack of STACKS) {
            const r = await evaluateStack(realStackConfig(stack), { server });
            assert.deepStrictEqual(
                [r.blocked, r.gate.suggested_gate, r.findings.filter((f) => f.enforcement === "mandatory")],
                [false, "PASS", []],
                stack,
            );
        }
    });

    it("blocks on a missing score-6 mitigation with its risk ID and gate CONCERNS", async () => {
        const r = await evaluateResources(
            "infra",
            await recordWith({ args: { atomic: false, cleanupOnFail: false } }),
            { server },
        );
        assert.deepStrictEqual(
            r.findings.map((f) => [f.risk, f.score, f.enforcement, f.resource, f.message]),
            [
                [
                    "CIL-OPS-001",
                    6,
                    "mandatory",
                    "urn:pulumi:infra::cluster-platform::kubernetes:helm.sh/v3:Release::infra-cilium-release",
                    "Cilium release cilium neither rolls back nor cleans up on a failed upgrade (atomic false, cleanupOnFail false); set atomic: true.",
                ],
            ],
        );
        assert.deepStrictEqual(
            [r.blocked, r.gate.suggested_gate, r.gate.highest?.id],
            [true, "CONCERNS", "CIL-OPS-001"],
        );
    });

    it("sees resource options over the wire: an unprotected release blocks", async () => {
        const r = await evaluateResources("infra", await recordWith({ opts: { protect: false } }), { server });
        assert.deepStrictEqual(
            r.findings.map((f) => [f.risk, f.enforcement]),
            [["CIL-OPS-001", "mandatory"]],
        );
    });

    it("reports advisory findings without blocking", async () => {
        const r = await evaluateResources(
            "infra",
            await recordWith({ extra: (p, rel) => appDeployment(p, "registry.example.io/app:latest", rel) }),
            { server },
        );
        assert.deepStrictEqual(
            r.findings.map((f) => [f.risk, f.enforcement]),
            [["HYG-IMAGE-001", "advisory"]],
        );
        assert.deepStrictEqual(
            [r.blocked, r.gate.suggested_gate, r.gate.recommendations.should_fix.length],
            [false, "PASS", 1],
        );
    });

    it("turns a waived finding into a reported, non-blocking one; an expired waiver blocks again", async () => {
        const resources = await recordWith({ args: { atomic: false, cleanupOnFail: false } });
        const waived = await evaluateResources("infra", resources, {
            server,
            packConfig: rollbackWaiver("2999-12-31"),
        });
        // Waived, the finding keeps its risk's level and the gate its verdict (a waiver is not a mitigation).
        assert.deepStrictEqual(
            waived.findings.map((f) => [f.risk, f.enforcement, f.policy, f.waiver?.owner, f.waiver?.approvedBy]),
            // Listed by the waived-findings policy under the name of the policy that found it.
            [
                [
                    "CIL-OPS-001",
                    "mandatory",
                    "cluster-platform-cilium-release-rollback-safety",
                    "platform-team",
                    ["dana", "lee", "sam"],
                ],
            ],
        );
        assert.deepStrictEqual(
            [waived.blocked, waived.gate.suggested_gate, waived.gate.waived.length],
            [false, "CONCERNS", 1],
        );
        const expired = await evaluateResources("infra", resources, {
            server,
            packConfig: rollbackWaiver("2020-01-31"),
        });
        assert.deepStrictEqual([expired.blocked, expired.gate.suggested_gate], [true, "CONCERNS"]);
        assert.match(
            expired.findings[0].message,
            /the waiver by platform-team expired on 2020-01-31, so this counts again/,
        );
    });

    it("fails closed end to end when a value a score-6 rule needs is unknown at preview", async () => {
        const resources = await recordProgram("infra", () => {
            const provider = createClusterProvider(infra);
            const chartSource = new k8s.core.v1.ConfigMap(
                "chart-source",
                { metadata: { namespace: "kube-system" }, data: { chart: "cilium" } },
                { provider },
            );
            // The ConfigMap's ID is only known after creation, so anything derived from it is unknown in preview.
            new k8s.helm.v3.Release(
                "infra-cilium-release",
                { ...ciliumReleaseArgs(infra), chart: chartSource.id.apply(() => "cilium") },
                { provider, protect: true },
            );
        });
        const r = await evaluateResources("infra", resources, { server });
        const release = r.findings.filter(
            (f) => f.resource.endsWith("::infra-cilium-release") && f.risk === "CIL-OPS-001",
        );
        assert.deepStrictEqual(release.map((f) => [f.policy, f.enforcement, f.unprovable]).sort(), [
            ["cluster-platform-cilium-release-protected", "mandatory", true],
            ["cluster-platform-cilium-release-rollback-safety", "mandatory", true],
        ]);
        assert.match(
            release[0].message,
            /^cannot prove this during preview: string value at \.chart can't be known during preview/,
        );
        assert.strictEqual(r.blocked, true);
    });

    it("treats the SDK's advisory 'can't run policy' answer for a score-6 policy as blocking", async () => {
        const info = await server.info();
        const f = findingOf(
            {
                policyName: "cluster-platform-cilium-release-rollback-safety",
                description: "d",
                message:
                    "can't run policy 'cluster-platform-cilium-release-rollback-safety' from policy pack 'cluster-platform-risk-rules@v0.1.0' during preview: string value at .chart can't be known during preview",
                enforcementLevel: "advisory",
                urn: "urn:x",
            },
            info,
        );
        assert.deepStrictEqual([f.risk, f.score, f.enforcement, f.unprovable], ["CIL-OPS-001", 6, "mandatory", true]);
    });

    it("never lets a secret input appear in plaintext in findings", async () => {
        const r = await evaluateResources(
            "infra",
            await recordWith({
                extra: (p, rel) => appDeployment(p, pulumi.secret("registry.example.io/s3cr3t-app:latest"), rel),
            }),
            { server },
        );
        assert.strictEqual(r.findings.length, 1);
        assert.ok(!JSON.stringify(r.findings).includes("s3cr3t"), JSON.stringify(r.findings));
        assert.ok(!JSON.stringify(r.diagnostics).includes("s3cr3t"));
        assert.match(r.findings[0].message, /uses image "\[secret\]"/);
    });

    it("rejects an invalid pack config before analysing, naming policy and field", async () => {
        const info = await server.info();
        assert.throws(
            () =>
                reconcilePackConfig(info, {
                    "no-such-policy": "mandatory",
                    "cluster-platform-cilium-release-rollback-safety": {
                        waivers: [{ risk: "CIL-OPS-001", resource: "x", owner: "o", expires: "2026-01-01" }],
                    },
                    all: "sometimes",
                }),
            (err: Error) => {
                assert.strictEqual(
                    err.message,
                    [
                        "invalid policy pack config:",
                        "  no-such-policy: no such policy in pack cluster-platform-risk-rules",
                        '  all: enforcementLevel "sometimes" is not one of advisory, mandatory, disabled, remediate',
                        "  cluster-platform-cilium-release-rollback-safety.waivers.0: must have required property 'reason'",
                    ].join("\n"),
                );
                return true;
            },
        );
    });

    it("sends every policy's effective level: `all` and per-policy overrides", async () => {
        const info = await server.info();
        const c = reconcilePackConfig(info, {
            all: "advisory",
            "cluster-platform-workload-probes": { enforcementLevel: "mandatory" },
        });
        assert.strictEqual(c["cluster-platform-cilium-release-rollback-safety"].enforcementLevel, "advisory");
        assert.strictEqual(c["cluster-platform-workload-probes"].enforcementLevel, "mandatory");
        assert.strictEqual(Object.keys(c).length, info.policies.length);
    });

    it("refuses to judge an empty run", async () => {
        await assert.rejects(
            recordProgram("infra", () => undefined),
            /the program registered no resource for stack infra; refusing to judge an empty graph/,
        );
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import {
    ciliumChartSource,
    ciliumClusterSettings,
    ciliumEncryption,
    ciliumObservability,
    ciliumReleaseIdentity,
    ciliumReleaseTimeout,
} from "../../../../policies/rules";
import { describeCommon, mutate, violationsOf } from "../../helpers";
import { release } from "./release";

const REL = "kubernetes:helm.sh/v3:Release";
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const run = (p: ResourceValidationPolicy, change: (r: Obj) => void) =>
    violationsOf(p, { type: REL, props: mutate(release(), change) });

describe("policy cluster-platform-cilium-release-identity", () => {
    const policy = resourcePolicy(ciliumReleaseIdentity) as ResourceValidationPolicy;
    describeCommon(policy, {
        name: "cluster-platform-cilium-release-identity",
        enforcementLevel: "mandatory",
        severity: "high",
        risks: ["CIL-TECH-001"],
    });
    it("#1 passes kube-system/cilium", () =>
        assert.deepStrictEqual(
            run(policy, () => undefined),
            [],
        ));
    it("#2 reports a second release under another name", () => {
        assert.deepStrictEqual(
            run(policy, (r) => (r.name = "cilium-gitops")),
            [
                "[CIL-TECH-001 · score 6] the Cilium release is kube-system/cilium-gitops, not the bootstrap release kube-system/cilium, so it would install a second CNI and restart every pod's networking; set name: cilium and namespace: kube-system and adopt it with import.",
            ],
        );
    });
});

describe("policy cluster-platform-cilium-chart-source", () => {
    const policy = resourcePolicy(ciliumChartSource) as ResourceValidationPolicy;
    describeCommon(policy, {
        name: "cluster-platform-cilium-chart-source",
        enforcementLevel: "advisory",
        severity: "low",
        risks: ["CIL-TECH-006"],
    });
    it("#1 passes the official repository and OCI registry", () => {
        assert.deepStrictEqual(
            run(policy, () => undefined),
            [],
        );
        assert.deepStrictEqual(
            run(policy, (r) => {
                r.chart = "oci://quay.io/cilium/charts/cilium";
                delete r.repositoryOpts;
            }),
            [],
        );
    });
    it("#2 reports a mirror", () => {
        assert.deepStrictEqual(
            run(policy, (r) => (r.chart = "oci://ghcr.io/home-operations/charts-mirror/cilium")),
            [
                '[CIL-TECH-006 · score 3] the Cilium chart comes from "oci://ghcr.io/home-operations/charts-mirror/cilium", not an official source; set repositoryOpts.repo to https://helm.cilium.io.',
            ],
        );
    });
});

describe("policy cluster-platform-cilium-release-timeout", () => {
    const policy = resourcePolicy(ciliumReleaseTimeout) as ResourceValidationPolicy;
    describeCommon(policy, {
        name: "cluster-platform-cilium-release-timeout",
        enforcementLevel: "advisory",
        severity: "low",
        risks: ["CIL-PERF-002"],
    });
    it("#1 passes 900 s", () =>
        assert.deepStrictEqual(
            run(policy, () => undefined),
            [],
        ));
    it("#2 reports the Helm default", () => {
        assert.deepStrictEqual(
            run(policy, (r) => delete r.timeout),
            [
                "[CIL-PERF-002 · score 2] the Cilium release waits 300 seconds for the DaemonSet and operator to roll out; set timeout to at least 600.",
            ],
        );
    });
});

describe("policy cluster-platform-cilium-encryption", () => {
    const policy = resourcePolicy(ciliumEncryption) as ResourceValidationPolicy;
    describeCommon(policy, {
        name: "cluster-platform-cilium-encryption",
        enforcementLevel: "advisory",
        severity: "low",
        risks: ["CIL-SEC-001"],
    });
    it("#1 passes WireGuard", () =>
        assert.deepStrictEqual(
            run(policy, () => undefined),
            [],
        ));
    it("#2 reports encryption off", () => {
        assert.deepStrictEqual(
            run(policy, (r) => (r.values.encryption.enabled = false)),
            [
                '[CIL-SEC-001 · score 3] Cilium encryption is {"enabled":false,"type":"wireguard"}; set values encryption.enabled: true and encryption.type: wireguard.',
            ],
        );
    });
    it("#3 reports IPsec instead of WireGuard", () => {
        assert.deepStrictEqual(
            run(policy, (r) => (r.values.encryption.type = "ipsec")),
            [
                '[CIL-SEC-001 · score 3] Cilium encryption is {"enabled":true,"type":"ipsec"}; set values encryption.enabled: true and encryption.type: wireguard.',
            ],
        );
    });
});

describe("policy cluster-platform-cilium-observability", () => {
    const policy = resourcePolicy(ciliumObservability) as ResourceValidationPolicy;
    describeCommon(policy, {
        name: "cluster-platform-cilium-observability",
        enforcementLevel: "advisory",
        severity: "medium",
        risks: ["CIL-OPS-002"],
    });
    it("#1 passes the baseline", () =>
        assert.deepStrictEqual(
            run(policy, () => undefined),
            [],
        ));
    it("#2 reports Hubble relay and the ServiceMonitor off", () => {
        assert.deepStrictEqual(
            run(policy, (r) => {
                r.values.hubble.relay.enabled = false;
                delete r.values.prometheus.serviceMonitor;
            }),
            [
                "[CIL-OPS-002 · score 4] Cilium values leave hubble.relay.enabled, prometheus.serviceMonitor.enabled off, so drops and flow changes during a handover go unseen; set them to true.",
            ],
        );
    });
});

describe("policy cluster-platform-cilium-cluster-settings", () => {
    const policy = resourcePolicy(ciliumClusterSettings) as ResourceValidationPolicy;
    describeCommon(policy, {
        name: "cluster-platform-cilium-cluster-settings",
        enforcementLevel: "advisory",
        severity: "low",
        risks: ["CIL-TECH-003", "CIL-TECH-010"],
    });
    it("#1 passes the real values", () =>
        assert.deepStrictEqual(
            run(policy, () => undefined),
            [],
        ));
    it("#2 reports an unresolved substitution", () => {
        assert.deepStrictEqual(
            run(policy, (r) => (r.values.ipv4NativeRoutingCIDR = "${POD_CIDR_STRING}")),
            [
                '[CIL-TECH-003 · score 3] Cilium value ipv4NativeRoutingCIDR is "${POD_CIDR_STRING}", an unresolved substitution; write the real value.',
            ],
        );
    });
    it("#3 reports a missing API server port and a bad cluster id (the apps defect)", () => {
        assert.deepStrictEqual(
            run(policy, (r) => {
                delete r.values.k8sServicePort;
                r.values.cluster.id = 0;
            }),
            [
                "[CIL-TECH-010 · score 3] Cilium values lack cluster.id (1–255), k8sServicePort; kube-proxy replacement and ClusterMesh need them, so set them from the stack's settings.",
            ],
        );
    });
});

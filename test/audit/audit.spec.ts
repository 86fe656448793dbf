// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The audit end to end against a fake API server holding a stack as deployed: it passes with no
// drift, then each out-of-band change is found with its risk, enforcement and object. The same
// changes on a real API server: test/cluster/audit.cluster.ts.
import * as assert from "assert";
import { loadStackConfig } from "../../config/load";
import { AuditResult, auditCluster, declaredResources } from "../../engine/audit/audit";
import { ReadOnlyClient } from "../../engine/audit/client";
import { loadConnection } from "../../engine/audit/kubeconfig";
import { RecordedResource } from "../../engine/recording/program";
import { PROJECT_DIR } from "../cluster/support";
import { FakeApi } from "./fakeApi";
import { deployedCluster, releaseSecret } from "./liveCluster";

type Rec = Record<string, unknown>;

const NP = "/apis/networking.k8s.io/v1/networkpolicies";
const PDB = "/apis/policy/v1/poddisruptionbudgets";
const CNP = "/apis/cilium.io/v2/ciliumnetworkpolicies";
const KS_SECRETS = "/api/v1/namespaces/kube-system/secrets";

async function audit(lists: Map<string, Rec[]>, stack = "infra"): Promise<AuditResult> {
    const api = new FakeApi(lists);
    await api.start();
    const client = new ReadOnlyClient(loadConnection([api.kubeconfig()], "fake"));
    try {
        return await auditCluster(loadStackConfig(stack, PROJECT_DIR).config, client, { engine: "inprocess" });
    } finally {
        client.close();
        await api.stop();
    }
}

const summary = (r: AuditResult): string[] =>
    r.evaluation.findings.map((f) => `${f.risk} ${f.enforcement} ${f.resource.split("::").pop()}: ${f.message}`);

describe("audit: a deployed stack on a fake API server", function () {
    this.timeout(120_000);
    let declared: RecordedResource[];
    let fresh: () => Map<string, Rec[]>;

    before(async () => {
        declared = await declaredResources(loadStackConfig("infra", PROJECT_DIR).config);
        fresh = () => deployedCluster(declared);
    });

    it("passes with nothing drifted when the cluster holds what the stack declares and the operator's objects", async () => {
        const r = await audit(fresh());
        assert.deepStrictEqual(summary(r), []);
        assert.deepStrictEqual(r.drift, []);
        assert.strictEqual(r.evaluation.blocked, false);
        assert.strictEqual(r.stats.judged, 19);
        assert.deepStrictEqual(r.releases, [
            "dragonfly-operator-system/dragonfly-operator revision 1 (dragonfly-operator v1.6.1)",
            "kube-system/cilium revision 1 (cilium 1.18.3)",
        ]);
    });

    it("finds the cache NetworkPolicy patched to admit every namespace", async () => {
        const lists = fresh();
        const np = lists.get(NP)!.find((o) => (o.metadata as Rec).name === "dragonfly-clients")!;
        const spec = np.spec as { ingress: { from: Rec[] }[] };
        spec.ingress[0].from = [{ namespaceSelector: {} }];
        const r = await audit(lists);
        assert.deepStrictEqual(summary(r), [
            "DFLY-VR-09.1 mandatory infra-dragonfly-dragonfly: Dragonfly dragonfly-system/dragonfly: roles master, replica, port 6379/TCP (redis) admits pods of any namespace (namespaceSelector {}; a podSelector does not narrow it, since any tenant can label its own pods) via NetworkPolicy dragonfly-system/dragonfly-clients ingress[0].from[0]; admit only the client namespaces by kubernetes.io/metadata.name (the admin port only the monitoring namespace and the operator), ipBlocks only inside the pod CIDR, and no Cilium entity cluster, world, all, host or remote-node.",
        ]);
        assert.deepStrictEqual(
            r.drift.map((d) => [d.change, d.object, d.urn.split("::").pop(), d.details.length]),
            [["changed", "NetworkPolicy dragonfly-system/dragonfly-clients", "infra-dragonfly-networkPolicy", 1]],
        );
        assert.match(
            r.drift[0].details[0],
            /^spec\.ingress\[0\]\.from: declared \[.*"gitlab-system".*\], live \[\{"namespaceSelector":\{\}\}\]$/,
        );
    });

    it("finds an extra CiliumNetworkPolicy admitting the world on 6379", async () => {
        const lists = fresh();
        lists.get(CNP)!.push({
            apiVersion: "cilium.io/v2",
            kind: "CiliumNetworkPolicy",
            metadata: { name: "debug-world", namespace: "dragonfly-system" },
            spec: {
                endpointSelector: { matchLabels: { app: "dragonfly" } },
                ingress: [{ fromEntities: ["world"], toPorts: [{ ports: [{ port: "6379", protocol: "TCP" }] }] }],
            },
        });
        const r = await audit(lists);
        assert.deepStrictEqual(summary(r), [
            "DFLY-VR-09.1 mandatory infra-dragonfly-dragonfly: Dragonfly dragonfly-system/dragonfly: roles master, replica, port 6379/TCP (redis) admits Cilium entity world via CiliumNetworkPolicy dragonfly-system/debug-world ingress[0].fromEntities[0]; admit only the client namespaces by kubernetes.io/metadata.name (the admin port only the monitoring namespace and the operator), ipBlocks only inside the pod CIDR, and no Cilium entity cluster, world, all, host or remote-node.",
        ]);
        assert.deepStrictEqual(r.drift, [
            {
                change: "added",
                object: "CiliumNetworkPolicy dragonfly-system/debug-world",
                urn: "",
                details: ["not declared by the stack; made out of band (no owner, not Helm's)"],
            },
        ]);
        assert.strictEqual(r.evaluation.blocked, true);
    });

    it("finds the operator's PDB set to maxUnavailable: 0", async () => {
        const lists = fresh();
        const pdb = lists.get(PDB)!.find((o) => (o.metadata as Rec).ownerReferences)!;
        pdb.spec = { selector: (pdb.spec as Rec).selector, maxUnavailable: 0 };
        const r = await audit(lists);
        assert.deepStrictEqual(summary(r), [
            "DFLY-OPS-001 mandatory dragonfly-system/dragonfly: the operator's PodDisruptionBudget dragonfly-system/dragonfly of Dragonfly dragonfly-system/dragonfly has maxUnavailable: 0 over 3 replica(s): the disruption controller keeps 3 healthy and allows 0 eviction(s), so node drains hang; set spec.pdb of the CR minAvailable to 2.",
        ]);
        // The operator owns it: not drift of the stack, a finding of the pack.
        assert.deepStrictEqual(r.drift, []);
    });

    it("reports the operator's NetworkPolicy missing while networkPolicyEnabled stays true", async () => {
        const lists = fresh();
        lists.set(
            NP,
            lists.get(NP)!.filter((o) => !(o.metadata as Rec).ownerReferences),
        );
        const r = await audit(lists);
        assert.deepStrictEqual(summary(r), [
            "DFLY-SEC-001 mandatory infra-dragonfly-dragonfly: the NetworkPolicy dragonfly-system/dragonfly that dragonfly-operator v1.6.1 makes for Dragonfly dragonfly-system/dragonfly (spec.networkPolicyEnabled is not false) is missing on the cluster, and cluster-platform-dragonfly-network-isolation passed the preview counting it; check that dragonfly-operator runs and reconciles the CR (it recreates the object), or declare the NetworkPolicy in the stack and switch the operator's off in the CR.",
        ]);
        assert.deepStrictEqual(r.drift, []);
    });

    it("finds the Cilium release upgraded with encryption off, without printing its values", async () => {
        const lists = fresh();
        const v1 = lists.get(KS_SECRETS)!.find((s) => (s.metadata as Rec).name === "sh.helm.release.v1.cilium.v1")!;
        (v1.metadata as { labels: Rec }).labels.status = "superseded";
        const declaredValues = declared.find((r) => r.name === "infra-cilium-release")!.inputs.values as Rec;
        lists
            .get(KS_SECRETS)!
            .push(
                releaseSecret(
                    "cilium",
                    "kube-system",
                    2,
                    "deployed",
                    { name: "cilium", version: "1.18.3" },
                    { ...declaredValues, encryption: { enabled: false } },
                ),
            );
        const r = await audit(lists);
        assert.deepStrictEqual(summary(r), [
            'CIL-SEC-001 advisory infra-cilium-release: Cilium encryption is {"enabled":false,"type":null}; set values encryption.enabled: true and encryption.type: wireguard.',
            'DFLY-SEC-002 advisory infra-dragonfly-dragonfly: Dragonfly dragonfly-system/dragonfly has no TLS (spec.tlsSecretRef unset) and Cilium encryption is {"enabled":false,"type":null}; set spec.tlsSecretRef, or enable Cilium WireGuard (encryption.enabled: true, type: wireguard).',
        ]);
        assert.deepStrictEqual(r.drift, [
            {
                change: "changed",
                object: "Helm release kube-system/cilium (revision 2)",
                urn: "urn:pulumi:infra::cluster-platform::cluster-platform:cilium:Core$kubernetes:helm.sh/v3:Release::infra-cilium-release",
                details: [
                    "values.encryption.enabled: differs",
                    "values.encryption.nodeEncryption: missing",
                    "values.encryption.type: missing",
                ],
            },
        ]);
        assert.strictEqual(r.evaluation.blocked, false);
    });
});

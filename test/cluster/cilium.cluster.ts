// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The Cilium release on a real API server with the real Helm CLI: the bootstrap install of the stub
// chart with the values the program declares (the release the stacks adopt), then a deliberately
// failed upgrade and the runbook's rollback script (risk CIL-OPS-001), timed, ending with the
// previous revision's chart and values and every object's UID unchanged.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { ciliumValues } from "../../components/cilium/values";
import { loadStackConfig } from "../../config/load";
import { Applier } from "../../scripts/cluster/apply";
import { ControlPlane } from "../../scripts/cluster/controlplane";
import { HelmCli, ObjectIdentity, PROJECT_DIR, writeSummary } from "./support";

const STACK = "infra";
const CHART = path.join(PROJECT_DIR, "test", "charts", "cilium");
const ROLLBACK = path.join(PROJECT_DIR, "scripts", "cluster", "cilium-rollback.sh");

describe("cluster: Cilium release bootstrap, failed upgrade and the runbook rollback (helm)", function () {
    this.timeout(600_000);
    let cp: ControlPlane;
    let applier: Applier;
    /** The data of the cilium-config ConfigMap as stored now. */
    const ciliumConfigData = async (): Promise<Record<string, string>> =>
        (
            await applier.read({
                apiVersion: "v1",
                kind: "ConfigMap",
                metadata: { name: "cilium-config", namespace: "kube-system" },
            })
        ).data as Record<string, string>;
    let helm: HelmCli;
    let baseline: Map<string, ObjectIdentity>;
    const summary: Record<string, unknown> = { stack: STACK };

    before(async () => {
        cp = await ControlPlane.start({ projectDir: PROJECT_DIR, context: STACK });
        applier = new Applier(cp.files.kubeconfig);
        helm = new HelmCli(cp.files.kubeconfig, STACK);
    });

    after(() => {
        cp?.stop();
        helm?.dispose();
    });

    it("installs the bootstrap release from the stub chart with the values the stack declares", async () => {
        helm.installCilium(ciliumValues(loadStackConfig(STACK, PROJECT_DIR).config));
        baseline = await helm.releaseObjects(applier);
        assert.deepStrictEqual([...baseline.keys()].sort(), [
            "ConfigMap kube-system/cilium-config",
            "ConfigMap kube-system/cilium-stub",
            "DaemonSet kube-system/cilium",
            "Deployment kube-system/cilium-operator",
            "ServiceAccount kube-system/cilium",
            "ServiceAccount kube-system/cilium-operator",
        ]);
        const cm = await ciliumConfigData();
        assert.strictEqual(cm["cluster-name"], "infra");
        summary.bootstrapObjects = Object.fromEntries(baseline);
    });

    it("a deliberately failed upgrade leaves the release failed and its objects half-changed", async () => {
        // A changed cluster id plus an operator replica count the API server refuses: helm updates the
        // ConfigMap and the DaemonSet (which would restart every agent), then fails on the Deployment.
        const r = helm.run(
            "upgrade",
            "cilium",
            CHART,
            "--reuse-values",
            "--set",
            "cluster.id=99",
            "--set",
            "operator.replicas=-1",
        );
        assert.notStrictEqual(r.status, 0);
        assert.match(r.stderr, /spec\.replicas: Invalid value: -1: must be greater than or equal to 0/);
        const status = JSON.parse(helm.run("status", "cilium", "-o", "json").stdout) as {
            version: number;
            info: { status: string };
        };
        assert.deepStrictEqual([status.version, status.info.status], [2, "failed"]);
        const cm = await ciliumConfigData();
        assert.strictEqual(cm["cluster-id"], "99");
    });

    it("the runbook's rollback script restores revision 1's chart and values in place, under 10 minutes", async () => {
        const t = Date.now();
        const r = spawnSync("bash", [ROLLBACK, "--context", STACK, "--wait-timeout", "0"], {
            encoding: "utf8",
            env: { ...helm.env(), HELM: helm.bin },
        });
        const ms = Date.now() - t;
        assert.strictEqual(r.status, 0, `${r.stdout}\n${r.stderr}`);
        const lines = r.stdout.split("\n").filter((l) => l.startsWith("cilium-rollback: "));
        assert.deepStrictEqual(
            lines.map((l) => l.replace(/\(\d+ s\)$/, "(s)").replace(/done in \d+ s/, "done in N s")),
            [
                "cilium-rollback: R2 current revision 2 (failed); returning to revision 1 (s)",
                "cilium-rollback: R3 helm rollback cilium 1 (s)",
                "cilium-rollback: R4 verified: kube-system/cilium deployed at revision 3, chart cilium-1.18.3, values of revision 1 (s)",
                "cilium-rollback: done in N s (target 600 s)",
            ],
        );
        const cm = await ciliumConfigData();
        assert.strictEqual(cm["cluster-id"], "1");
        const after = await helm.releaseObjects(applier);
        const replaced = [...baseline].filter(([k, v]) => after.get(k)?.uid !== v.uid).map(([k]) => k);
        assert.deepStrictEqual(replaced, [], "rollback must update objects in place, never recreate them");
        summary.rollback = { ms, scriptOutput: lines };
        writeSummary("cilium-rollback", summary);
    });

    it("the rollback script refuses to run without a named cluster context", () => {
        const r = spawnSync("bash", [ROLLBACK], { encoding: "utf8", env: helm.env() });
        assert.strictEqual(r.status, 2);
        assert.strictEqual(
            r.stderr.trim(),
            "cilium-rollback: --context is required (risk CIL-TECH-002: name the cluster)",
        );
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Adoption when the bootstrap Helm run used other values than the stack declares (risk CIL-TECH-001):
// the preview shows the import and the one value the upgrade would change, and changes nothing.
import * as assert from "assert";
import { ciliumValues } from "../../components/cilium/values";
import { loadStackConfig } from "../../config/load";
import { Applier } from "../../scripts/cluster/apply";
import { ControlPlane } from "../../scripts/cluster/controlplane";
import { ClusterProject } from "./pulumi";
import { HelmCli, PROJECT_DIR, installCrds, writeSummary } from "./support";

describe("cluster: adopting a bootstrap release whose values differ from the declared ones (preview only)", function () {
    this.timeout(900_000);
    const stack = "infra";
    let cp: ControlPlane;
    let applier: Applier;
    let helm: HelmCli;
    let project: ClusterProject;

    before(async () => {
        cp = await ControlPlane.start({ projectDir: PROJECT_DIR, context: stack });
        applier = new Applier(cp.files.kubeconfig);
        await installCrds(applier);
        helm = new HelmCli(cp.files.kubeconfig, stack);
        const declared = ciliumValues(loadStackConfig(stack, PROJECT_DIR).config) as { operator: object };
        // The bootstrap run used one operator replica; the stack declares two.
        helm.installCilium({ ...declared, operator: { ...declared.operator, replicas: 1 } });
        project = await ClusterProject.create(stack, cp.files.kubeconfig);
    });

    after(() => {
        cp?.stop();
        helm?.dispose();
        project?.dispose();
    });

    it("the preview shows the import and the value the upgrade would change, and nothing is changed", async () => {
        const before = await helm.releaseObjects(applier);
        const r = await project.exec(["preview", "--diff", "--non-interactive"]);
        assert.strictEqual(r.code, 0, r.output);
        assert.match(r.output, /= kubernetes:helm\.sh\/v3:Release: \(import\)/);
        const update = r.output.slice(r.output.search(/~ kubernetes:helm\.sh\/v3:Release: \(update\)/));
        assert.ok(update.length < r.output.length, `no update of the release after its import:\n${r.output}`);
        assert.match(update.split(/\n {4}\S/)[0], /~ replicas\s*: 1 => 2/);
        const history = JSON.parse(helm.run("history", "cilium", "-o", "json").stdout) as unknown[];
        assert.strictEqual(history.length, 1);
        assert.deepStrictEqual(await helm.releaseObjects(applier), before);
        writeSummary("pulumi-adoption-diff", { stack, previewShowsValueDiff: "operator.replicas: 1 => 2" });
    });
});

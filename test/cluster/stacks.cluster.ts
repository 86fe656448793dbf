// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Each stack's rendered objects on a real kube-apiserver (one fresh control plane per stack, as
// each stack is its own cluster): accepted by server-side apply with strict field validation, CRD
// structural validation and every default admission plugin, Pod Security Admission enforced at
// the level each namespace declares, a re-apply is a no-op, and the stored objects contain
// everything that was rendered.
import * as assert from "assert";
import * as fs from "fs";
import { isDeepStrictEqual } from "util";
import { Applier, ApplyResult, RenderedObject, applyOrder, objectKey } from "../../scripts/cluster/apply";
import { notContained, podOfWorkload, withoutControllerWrites } from "../../scripts/cluster/compare";
import { ControlPlane } from "../../scripts/cluster/controlplane";
import { processGroupAlive } from "../../scripts/cluster/processes";
import {
    PROJECT_DIR,
    installCrds,
    privilegedPodsAdmitted,
    renderStackObjects,
    restrictedNamespaces,
    writeSummary,
} from "./support";

for (const stack of ["infra", "apps"]) {
    describe(`cluster: stack ${stack} rendered objects on kube-apiserver (server-side apply)`, function () {
        this.timeout(600_000);
        let cp: ControlPlane;
        let applier: Applier;
        let objects: RenderedObject[];
        let skipped: { file: string; reason: string }[];
        let renderDir: string;
        let first: ApplyResult[];
        const timings: Record<string, number> = {};

        before(async () => {
            let t = Date.now();
            cp = await ControlPlane.start({ projectDir: PROJECT_DIR, context: stack });
            timings.controlPlaneStartMs = Date.now() - t;
            applier = new Applier(cp.files.kubeconfig);
            t = Date.now();
            await installCrds(applier);
            timings.crdInstallMs = Date.now() - t;
            ({ dir: renderDir, objects, skipped } = renderStackObjects(stack));
        });

        after(() => {
            cp?.stop();
            if (renderDir) {
                fs.rmSync(renderDir, { recursive: true, force: true });
            }
        });

        it("renders API objects; only Pulumi-only documents (provider, components, Helm releases) are left out", () => {
            assert.ok(objects.length > 0, "render wrote no API object");
            const reasons = new Set(skipped.map((s) => s.reason.split(":")[0]));
            assert.deepStrictEqual(
                [...reasons].filter((r) => r !== "no apiVersion/kind" && r !== "helm.sh/v3 Release"),
                [],
            );
        });

        it("accepts every object (schema, strict field validation, CRD structural validation, admission)", async () => {
            const t = Date.now();
            first = [];
            for (const o of applyOrder(objects)) {
                first.push(await applier.apply(o));
            }
            timings.applyMs = Date.now() - t;
            assert.deepStrictEqual(
                first.filter((r) => r.error).map((r) => `${r.file}: ${r.key}: ${r.error}`),
                [],
            );
            assert.strictEqual(first.length, objects.length);
        });

        it("raises no Pod Security warning on any object", () => {
            assert.deepStrictEqual(
                first.flatMap((r) =>
                    r.warnings.filter((w) => /PodSecurity|violate/i.test(w)).map((w) => `${r.key}: ${w}`),
                ),
                [],
            );
        });

        it("re-applying changes nothing: every object is as it was apart from what controllers wrote", async () => {
            // The controller manager writes status (and a Deployment's revision annotation) on its own,
            // so the resourceVersion may move; everything this field manager owns must not.
            const changed: string[] = [];
            for (const o of applyOrder(objects)) {
                const before = withoutControllerWrites(await applier.read(o.body), Applier.FIELD_MANAGER);
                const r = await applier.apply(o);
                if (r.error) {
                    changed.push(`${r.key}: ${r.error}`);
                    continue;
                }
                const after = withoutControllerWrites(r.stored!, Applier.FIELD_MANAGER);
                if (!isDeepStrictEqual(before, after)) {
                    changed.push(
                        `${r.key}: ${[...notContained(after, before), ...notContained(before, after)].join("; ")}`,
                    );
                }
            }
            assert.deepStrictEqual(changed, []);
        });

        it("stores every rendered field unchanged (extra fields are server defaults)", async () => {
            const diffs: string[] = [];
            for (const o of objects) {
                const stored = await applier.read(o.body);
                diffs.push(...notContained(o.body, stored).map((d) => `${objectKey(o.body)} ${d}`));
            }
            assert.deepStrictEqual(diffs, []);
        });

        it("admits the pods of every workload at its namespace's Pod Security enforce level", async () => {
            const results: string[] = [];
            for (const o of objects) {
                const pod = podOfWorkload(o.body);
                if (pod) {
                    const r = await applier.dryRunCreate(pod);
                    results.push(`${objectKey(o.body)}: ${r.error ?? "admitted"}`);
                }
            }
            assert.deepStrictEqual(
                results.filter((r) => !r.endsWith(": admitted")),
                [],
            );
            writeSummary(`ssa-${stack}`, {
                stack,
                objectsApplied: first.length,
                byKind: countBy(objects.map((o) => o.body.kind!)),
                skippedDocuments: skipped.length,
                workloadPodsAdmitted: results.length,
                warnings: first.flatMap((r) => r.warnings.map((w) => `${r.key}: ${w}`)),
                timings,
            });
        });

        it("enforces Pod Security for real: a privileged pod is refused in every namespace that declares restricted", async () => {
            const restricted = restrictedNamespaces(objects.map((o) => o.body));
            assert.ok(restricted.length > 0, `stack ${stack} declares no restricted namespace`);
            assert.deepStrictEqual(await privilegedPodsAdmitted(applier, restricted), []);
        });

        it("stop() ends every process group of the control plane and removes its files", () => {
            const pids = cp.pids;
            assert.strictEqual(pids.length, 3);
            cp.stop();
            const alive = pids.filter((pid) => processGroupAlive(pid));
            assert.deepStrictEqual(alive, []);
            assert.strictEqual(fs.existsSync(cp.files.dir), false);
        });
    });
}

function countBy(items: string[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const i of items.sort()) {
        out[i] = (out[i] ?? 0) + 1;
    }
    return out;
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// `pulumi up` of each stack with the real CLI, Kubernetes provider and policy pack against its own
// kube-apiserver, the way a cluster is handed over: Cilium is first installed by the bootstrap Helm
// run (the Helm CLI, the stub chart, the values the stack declares), then the stack adopts it
// (risk CIL-TECH-001). Then: a second preview changes nothing, destroy and a namespace rename stop
// at the protected resources, the stored objects are what `npm run render` writes, and Pod Security
// Admission enforces the namespaces' levels.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ciliumValues } from "../../components/cilium/values";
import { loadStackConfig } from "../../config/load";
import { Applier, StoredObject, objectKey } from "../../scripts/cluster/apply";
import { notContained, podOfWorkload } from "../../scripts/cluster/compare";
import { ControlPlane } from "../../scripts/cluster/controlplane";
import { ClusterProject, protectedRefusals, shortUrn } from "./pulumi";
import {
    HelmCli,
    ObjectIdentity,
    PROJECT_DIR,
    installCrds,
    privilegedPodsAdmitted,
    renderStackObjects,
    restrictedNamespaces,
    writeSummary,
} from "./support";

const RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";
const ROLLBACK = path.join(PROJECT_DIR, "scripts", "cluster", "cilium-rollback.sh");

/** A Kubernetes object the stack manages directly (not a provider, component or Helm release). */
interface ManagedObject {
    urn: string;
    protect: boolean;
    body: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };
}

for (const stack of ["infra", "apps"]) {
    describe(`cluster: pulumi up of stack ${stack} on kube-apiserver (real CLI, provider, policy pack)`, function () {
        this.timeout(900_000);
        let cp: ControlPlane;
        let applier: Applier;
        let helm: HelmCli;
        let project: ClusterProject;
        let bootstrap: Map<string, ObjectIdentity>;
        let managed: ManagedObject[];
        let stored: Map<string, StoredObject>;
        let protectedUrns: string[];
        const summary: Record<string, unknown> = { stack };
        const timings: Record<string, number> = {};
        const timed = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
            const t = Date.now();
            try {
                return await f();
            } finally {
                timings[name] = Date.now() - t;
            }
        };

        before(async () => {
            cp = await timed("controlPlaneStartMs", () =>
                ControlPlane.start({ projectDir: PROJECT_DIR, context: stack }),
            );
            applier = new Applier(cp.files.kubeconfig);
            await timed("crdInstallMs", () => installCrds(applier));
            helm = new HelmCli(cp.files.kubeconfig, stack);
            helm.installCilium(ciliumValues(loadStackConfig(stack, PROJECT_DIR).config));
            bootstrap = await helm.releaseObjects(applier);
            project = await ClusterProject.create(stack, cp.files.kubeconfig);
        });

        after(() => {
            writeSummary(`pulumi-${stack}`, { ...summary, timings });
            cp?.stop();
            helm?.dispose();
            project?.dispose();
        });

        it("pulumi up succeeds and every object it manages is stored by the API server", async () => {
            const out = await timed("upMs", () =>
                project.exec(["up", "--yes", "--skip-preview", "--non-interactive", "--policy-pack", "./policies"]),
            );
            assert.strictEqual(out.code, 0, out.output);
            managed = (await project.resources())
                .filter((r) => r.type.startsWith("kubernetes:") && !r.type.startsWith("pulumi:providers:"))
                .filter((r) => r.type !== RELEASE_TYPE)
                .map((r) => ({ urn: r.urn, protect: r.protect === true, body: r.outputs as ManagedObject["body"] }));
            stored = new Map();
            const missing: string[] = [];
            for (const m of managed) {
                try {
                    stored.set(m.urn, await applier.read(m.body));
                } catch (err) {
                    missing.push(`${objectKey(m.body)}: ${(err as Error).message}`);
                }
            }
            assert.deepStrictEqual(missing, []);
            assert.ok(managed.length > 0);
            summary.objectsApplied = managed.length;
            protectedUrns = (await project.resources())
                .filter((r) => r.protect)
                .map((r) => r.urn)
                .sort();
        });

        it("adopts the bootstrap Cilium release: imported, upgraded in place, every object's UID and resourceVersion unchanged", async () => {
            const release = (await project.resources()).find(
                (r) => r.type === RELEASE_TYPE && r.urn.endsWith("-cilium-release"),
            );
            assert.ok(release, "the Cilium release is in the state");
            assert.strictEqual(release.protect, true);
            // The import is followed by one `helm upgrade` for the release settings Helm does not store
            // as values (atomic, cleanupOnFail, timeout, maxHistory, chart source): a new revision with
            // the same manifest, so no object is written.
            const history = JSON.parse(helm.run("history", "cilium", "-o", "json").stdout) as {
                revision: number;
                status: string;
            }[];
            assert.deepStrictEqual(
                history.map((h) => `${h.revision} ${h.status}`),
                ["1 superseded", "2 deployed"],
            );
            const after = await helm.releaseObjects(applier);
            assert.deepStrictEqual([...after.keys()].sort(), [...bootstrap.keys()].sort());
            const changed = [...bootstrap]
                .filter(([k, v]) => after.get(k)?.uid !== v.uid || after.get(k)?.resourceVersion !== v.resourceVersion)
                .map(
                    ([k, v]) =>
                        `${k}: ${v.uid}@${v.resourceVersion} -> ${after.get(k)?.uid}@${after.get(k)?.resourceVersion}`,
                );
            assert.deepStrictEqual(changed, []);
            summary.adoption = {
                objects: bootstrap.size,
                uidAndResourceVersionUnchanged: bootstrap.size - changed.length,
                helmRevisions: history.map((h) => `${h.revision} ${h.status}`),
            };
        });

        it("a second pulumi preview shows no change at all", async () => {
            const p = await timed("secondPreviewMs", () => project.preview());
            assert.strictEqual(p.code, 0, p.output);
            assert.deepStrictEqual(p.changes, {}, p.output);
            summary.secondPreviewChanges = Object.values(p.changes).reduce((a, b) => a + b, 0);
        });

        it("stores exactly the objects npm run render writes, every rendered field unchanged (extra fields are server defaults)", async () => {
            const rendered = renderStackObjects(stack);
            try {
                assert.deepStrictEqual(
                    rendered.objects.map((o) => objectKey(o.body)).sort(),
                    managed.map((m) => objectKey(m.body)).sort(),
                );
                const diffs: string[] = [];
                for (const o of rendered.objects) {
                    const s = await applier.read(o.body);
                    diffs.push(...notContained(o.body, s).map((d) => `${objectKey(o.body)} ${d}`));
                }
                assert.deepStrictEqual(diffs, []);
                summary.renderedObjectsMatched = rendered.objects.length;
            } finally {
                fs.rmSync(rendered.dir, { recursive: true, force: true });
            }
        });

        it("Pod Security Admission: every workload's pod is admitted, a privileged pod is refused where restricted is declared", async () => {
            const refused: string[] = [];
            for (const m of managed) {
                const pod = podOfWorkload(stored.get(m.urn)!);
                const r = pod ? await applier.dryRunCreate(pod) : undefined;
                if (r?.error) {
                    refused.push(`${objectKey(m.body)}: ${r.error}`);
                }
            }
            assert.deepStrictEqual(refused, []);
            const restricted = restrictedNamespaces(managed.map((m) => stored.get(m.urn)!));
            assert.ok(restricted.length > 0, `stack ${stack} declares no restricted namespace`);
            assert.deepStrictEqual(await privilegedPodsAdmitted(applier, restricted), []);
            summary.restrictedNamespaces = restricted;
        });

        it("a namespace rename in config stops the update at the protected namespace; nothing in the cluster changes", async () => {
            const before = await identities();
            project.writeStackFile((config) => {
                const components = config.get("cluster-platform:components") as {
                    dragonfly: { namespace: string };
                };
                components.dragonfly.namespace = `${components.dragonfly.namespace}-renamed`;
            });
            const r = await timed("renameUpMs", () => project.exec(["up", "--yes", "--non-interactive"]));
            project.writeStackFile();
            assert.notStrictEqual(r.code, 0, r.output);
            const refused = protectedRefusals(r.output);
            assert.ok(
                refused.some((u) => u.endsWith("-dragonfly-namespace")),
                `no refusal of the dragonfly namespace:\n${r.output}`,
            );
            assert.deepStrictEqual(await identities(), before);
            summary.renameRefusals = refused;
        });

        it("pulumi destroy is refused as a whole at a protected resource; nothing in the cluster changes", async () => {
            const before = await identities();
            const r = await timed("destroyMs", () => project.exec(["destroy", "--yes", "--non-interactive"]));
            assert.notStrictEqual(r.code, 0, r.output);
            const refused = protectedRefusals(r.output);
            assert.ok(refused.length > 0, r.output);
            assert.deepStrictEqual(
                refused.filter((u) => !protectedUrns.includes(u)),
                [],
            );
            assert.deepStrictEqual(await identities(), before);
            summary.destroyRefusedAt = refused.map(shortUrn);
        });

        it("a destroy that continues past errors deletes what nothing protected needs; every protected resource stays in the state and its object survives", async () => {
            const keep = managed.filter((m) => m.protect);
            const before = await identities(keep);
            const r = await timed("destroyContinueMs", () =>
                project.exec(["destroy", "--yes", "--non-interactive", "--skip-preview", "--continue-on-error"]),
            );
            assert.notStrictEqual(r.code, 0, r.output);
            // The engine refuses each protected resource it reaches; one whose protected dependent was
            // refused is never reached (its dependents still exist), so it is skipped, not deleted.
            const refused = protectedRefusals(r.output);
            assert.ok(refused.length > 0, r.output);
            assert.deepStrictEqual(
                refused.filter((u) => !protectedUrns.includes(u)),
                [],
            );
            // Left: every protected resource, and the unprotected ones a refused resource depends on.
            const left = (await project.resources()).filter((x) => x.type.startsWith("kubernetes:")).map((x) => x.urn);
            assert.deepStrictEqual(
                protectedUrns.filter((u) => !left.includes(u)),
                [],
                "a protected resource left the state",
            );
            assert.deepStrictEqual(await identities(keep), before);
            assert.strictEqual(helm.run("status", "cilium").status, 0, "the Cilium release is still installed");
            summary.destroy = {
                protected: protectedUrns.map(shortUrn),
                refusedByName: refused.map(shortUrn),
                leftInState: left.length,
            };
        });

        it("the runbook's rollback script (R2-R5) returns the release to revision 1 in place and refreshes the state", async () => {
            const release = protectedUrns.find((u) => u.endsWith("-cilium-release"))!;
            const t = Date.now();
            const r = spawnSync(
                "bash",
                [
                    ROLLBACK,
                    "--context",
                    stack,
                    "--to",
                    "1",
                    "--wait-timeout",
                    "120",
                    "--stack",
                    stack,
                    "--urn",
                    release,
                ],
                {
                    cwd: project.dir,
                    encoding: "utf8",
                    env: { ...project.env, ...helm.env(), HELM: helm.bin, PULUMI: project.cli },
                },
            );
            const ms = Date.now() - t;
            assert.strictEqual(r.status, 0, `${r.stdout}\n${r.stderr}`);
            const steps = r.stdout
                .split("\n")
                .filter((l) => l.startsWith("cilium-rollback: "))
                .map((l) => l.replace(/ \(\d+ s\)$/, "").replace(/done in \d+ s/, "done in N s"));
            assert.deepStrictEqual(steps, [
                "cilium-rollback: R2 current revision 2 (deployed); returning to revision 1",
                "cilium-rollback: R3 helm rollback cilium 1",
                "cilium-rollback: R4 verified: kube-system/cilium deployed at revision 3, chart cilium-1.18.3, values of revision 1",
                `cilium-rollback: R5 Pulumi state of stack ${stack} refreshed from the cluster (release at revision 3)`,
                "cilium-rollback: done in N s (target 600 s)",
            ]);
            const inState = (await project.resources()).find((x) => x.urn === release);
            assert.strictEqual(inState?.protect, true, "the release stays in the state, protected");
            assert.strictEqual((inState?.outputs?.status as { revision?: number } | undefined)?.revision, 3);
            const after = await helm.releaseObjects(applier);
            const replaced = [...bootstrap].filter(([k, v]) => after.get(k)?.uid !== v.uid).map(([k]) => k);
            assert.deepStrictEqual(replaced, []);
            summary.rollbackWithStateRefresh = { ms, steps };
        });

        /** UID and resourceVersion of every object the stack manages, by key. */
        async function identities(of: ManagedObject[] = managed): Promise<Record<string, string>> {
            const out: Record<string, string> = {};
            for (const m of of) {
                const s = await applier.read(m.body);
                out[objectKey(m.body)] = `${s.metadata?.uid}@${s.metadata?.resourceVersion}`;
            }
            return out;
        }
    });
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// `pulumi policy analyze` and `npm run audit` on a real kube-apiserver after `pulumi up` of each
// stack: both pass; then, one at a time, out-of-band changes made through the Kubernetes API as an
// operator or a person would make them, each found with its risk ID, enforcement and object by the
// audit (and by `pulumi policy analyze` after `pulumi refresh` where Pulumi owns the object); the
// audit as a user without the shipped role fails with exit 3 naming what it lacks. No operator pod
// runs here (no kubelet): the objects dragonfly-operator v1.6.1 creates for the CR are created by
// the test as the operator writes them (owned by the CR), from the pack's model of its source.
import * as assert from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { ciliumValues } from "../../components/cilium/values";
import { loadStackConfig } from "../../config/load";
import { Applier, RenderedObject } from "../../scripts/cluster/apply";
import { ControlPlane } from "../../scripts/cluster/controlplane";
import { policyEventsOf } from "../real-engine/harness";
import { operatorCreated } from "../audit/liveCluster";
import { scratchDir } from "../support/scratch";
import { ClusterProject } from "./pulumi";
import { HelmCli, PROJECT_DIR, installCrds, writeSummary } from "./support";

type Rec = Record<string, unknown>;

/** What `npm run -s audit -- --format json` printed, with its exit code and stderr. */
interface AuditRun {
    code: number | null;
    seconds: number;
    stderr: string;
    report?: {
        blocked: boolean;
        findings: { risk: string; enforcement: string; resource: string; message: string; waiver?: unknown }[];
        drift: { change: string; object: string; details: string[] }[];
        stats: Rec;
    };
}

/** Runs the audit command as a user would (the launcher, a kubeconfig, a context). */
function audit(kubeconfig: string, context: string, stack: string): Promise<AuditRun> {
    const out = scratchDir(`cluster-audit-${stack}-`);
    const start = Date.now();
    return new Promise((resolve, reject) => {
        const child = spawn(
            process.execPath,
            [
                path.join(PROJECT_DIR, "scripts", "launch.js"),
                "audit",
                "--kubeconfig",
                kubeconfig,
                "--context",
                context,
                "--stack",
                stack,
                "--format",
                "json",
                "--out",
                out,
            ],
            { cwd: PROJECT_DIR, stdio: ["ignore", "pipe", "pipe"] },
        );
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("error", reject);
        child.on("close", (code) => {
            fs.rmSync(out, { recursive: true, force: true });
            let report: AuditRun["report"];
            try {
                report = stdout.trim() ? (JSON.parse(stdout) as AuditRun["report"]) : undefined;
            } catch {
                report = undefined;
            }
            resolve({ code, seconds: (Date.now() - start) / 1000, stderr, report });
        });
    });
}

/** `risk enforcement object-name` of each unwaived finding, sorted. */
const allVerdicts = (r: AuditRun): string[] =>
    (r.report?.findings ?? [])
        .filter((f) => !f.waiver)
        .map((f) => `${f.risk} ${f.enforcement} ${f.resource.split("::").pop()}`)
        .sort();

/** The audit's verdicts on the deployed stack, before any out-of-band change (set by the baseline test). */
let baseline: string[] = [];

/** The verdicts a change added to the baseline's (a multiset difference), sorted. */
const verdicts = (r: AuditRun): string[] => {
    const left = [...baseline];
    return allVerdicts(r).filter((v) => {
        const i = left.indexOf(v);
        if (i >= 0) {
            left.splice(i, 1);
            return false;
        }
        return true;
    });
};

/** The new findings' messages (those not in the baseline). */
const newMessages = (r: AuditRun, risk: string): string[] =>
    (r.report?.findings ?? []).filter((f) => f.risk === risk && !f.waiver).map((f) => f.message);

/** The shipped RBAC documents for a stack (cluster part and the stack's release Roles), as objects to apply. */
function shippedRbac(stack: string): RenderedObject[] {
    return ["audit-reader.yaml", `audit-helm-releases-${stack}.yaml`].flatMap((file) =>
        parseAllDocuments(fs.readFileSync(path.join(PROJECT_DIR, "deploy", "rbac", file), "utf8")).map((d) => ({
            file,
            body: d.toJS() as RenderedObject["body"],
        })),
    );
}

const STACKS = ["infra", "apps"];

for (const stack of STACKS) {
    describe(`cluster: pulumi policy analyze and npm run audit on stack ${stack} (real kube-apiserver)`, function () {
        this.timeout(900_000);
        let cp: ControlPlane;
        let applier: Applier;
        let helm: HelmCli;
        let project: ClusterProject;
        let auditor: string;
        let cr: Rec;
        const table: Rec[] = [];
        const timings: Record<string, unknown> = {};
        const ns = loadStackConfig(stack, PROJECT_DIR).config.components.dragonfly.namespace;

        const apply = async (o: Rec): Promise<void> => {
            const r = await applier.apply({ file: "test", body: o as RenderedObject["body"] });
            assert.strictEqual(r.error, undefined, r.error);
        };
        const analyze = async (): Promise<{
            code: number | null;
            events: { policyName: string; enforcementLevel: string; resourceUrn?: string; message: string }[];
        }> => {
            const r = await project.exec(["policy", "analyze", "--policy-pack", "./policies", "--json"]);
            return { code: r.code, events: policyEventsOf(r.stdout) };
        };
        const riskOf = (message: string): string =>
            /^\[([A-Z0-9.-]+) · score/.exec(message.replace(/^[^[]*/, ""))?.[1] ?? "?";

        before(async () => {
            const t = Date.now();
            cp = await ControlPlane.start({
                projectDir: PROJECT_DIR,
                context: stack,
                users: [
                    { name: "auditor", groups: ["cluster-platform:auditors"] },
                    { name: "nobody", groups: [] },
                ],
            });
            applier = new Applier(cp.files.kubeconfig);
            await installCrds(applier);
            helm = new HelmCli(cp.files.kubeconfig, stack);
            helm.installCilium(ciliumValues(loadStackConfig(stack, PROJECT_DIR).config));
            project = await ClusterProject.create(stack, cp.files.kubeconfig);
            // `preview --json` then streams every engine event, policy events included, as JSON lines.
            project.env.PULUMI_ENABLE_STREAMING_JSON_PREVIEW = "true";
            const up = await project.exec([
                "up",
                "--yes",
                "--skip-preview",
                "--non-interactive",
                "--policy-pack",
                "./policies",
            ]);
            assert.strictEqual(up.code, 0, up.output);
            for (const o of shippedRbac(stack)) {
                await apply(o.body);
            }
            auditor = cp.userKubeconfig("auditor");
            // What dragonfly-operator creates for the CR (no operator pod runs without a kubelet).
            cr = await applier.read({
                apiVersion: "dragonflydb.io/v1alpha1",
                kind: "Dragonfly",
                metadata: { name: "dragonfly", namespace: ns },
            });
            for (const o of operatorCreated(cr)) {
                await apply(o);
            }
            timings.setupMs = Date.now() - t;
        });

        after(() => {
            writeSummary(`audit-${stack}`, { stack, timings, outOfBand: table });
            cp?.stop();
            helm?.dispose();
            project?.dispose();
        });

        it("pulumi policy analyze passes on the deployed state with the same findings as the preview", async () => {
            const a = await analyze();
            assert.strictEqual(a.code, 0, JSON.stringify(a.events, null, 1));
            const preview = await project.exec([
                "preview",
                "--policy-pack",
                "./policies",
                "--non-interactive",
                "--json",
            ]);
            const fromPreview = policyEventsOf(preview.stdout);
            const key = (e: { policyName: string; enforcementLevel: string; message: string }) =>
                `${e.policyName} ${e.enforcementLevel} ${e.message}`;
            assert.deepStrictEqual(a.events.map(key).sort(), fromPreview.map(key).sort());
            timings.analyzeFindings = a.events.length;
        });

        it("the audit, with the shipped least-privilege role, passes with no drift", async () => {
            const r = await audit(auditor, stack, stack);
            assert.strictEqual(r.code, 0, r.stderr);
            assert.strictEqual(r.report?.blocked, false);
            assert.deepStrictEqual(r.report?.drift, []);
            assert.ok(Number(r.report?.stats.objects) > 20);
            // What a preview cannot see and the audit does: the objects the (stub) charts rendered and the
            // CRDs installed beside them. Advisory only, so the audit passes.
            baseline = allVerdicts(r);
            assert.deepStrictEqual(
                baseline.filter((v) => v.split(" ")[1] !== "advisory"),
                [],
            );
            timings.baselineAdvisoryFindings = baseline.length;
            timings.baseline = baseline;
            timings.auditSeconds = r.seconds;
            timings.auditStats = r.report?.stats;
        });

        it("the audit as a user without the role fails with exit 3, naming every kind, namespace and verb it lacks", async () => {
            const r = await audit(cp.userKubeconfig("nobody"), stack, stack);
            assert.strictEqual(r.code, 3);
            const lines = r.stderr.split("\n");
            assert.strictEqual(
                lines[0],
                "audit: the audit's credentials (user nobody) may not read everything it judges; nothing was judged. Missing:",
            );
            assert.ok(lines.includes("  - list networkpolicies.networking.k8s.io in all namespaces (cluster-wide)"));
            assert.ok(lines.includes("  - list secrets in namespace kube-system"));
            assert.strictEqual(r.report, undefined);
        });

        if (stack !== "infra") {
            return;
        }

        it("out of band: an extra CiliumNetworkPolicy admitting the world on 6379", async () => {
            const cnp = {
                apiVersion: "cilium.io/v2",
                kind: "CiliumNetworkPolicy",
                metadata: { name: "debug-world", namespace: ns },
                spec: {
                    endpointSelector: { matchLabels: { app: "dragonfly" } },
                    ingress: [{ fromEntities: ["world"], toPorts: [{ ports: [{ port: "6379", protocol: "TCP" }] }] }],
                },
            };
            await apply(cnp);
            const r = await audit(auditor, stack, stack);
            await applier.api.delete(cnp);
            assert.strictEqual(r.code, 1, r.stderr);
            assert.deepStrictEqual(verdicts(r), ["DFLY-VR-09.1 mandatory infra-dragonfly-dragonfly"]);
            assert.match(
                newMessages(r, verdicts(r)[0].split(" ")[0]).join("\n"),
                /port 6379\/TCP \(redis\) admits Cilium entity world via CiliumNetworkPolicy dragonfly-system\/debug-world/,
            );
            assert.deepStrictEqual(
                r.report!.drift.map((d) => `${d.change} ${d.object}`),
                [`added CiliumNetworkPolicy ${ns}/debug-world`],
            );
            table.push({
                change: "extra CiliumNetworkPolicy fromEntities [world] on 6379",
                audit: verdicts(r),
                drift: r.report!.drift.map((d) => `${d.change} ${d.object}`),
                auditSeconds: r.seconds,
                analyze: "not Pulumi's object",
            });
        });

        it("out of band: the operator's PDB set to maxUnavailable: 0", async () => {
            const [, pdb] = operatorCreated(cr);
            const spec = pdb.spec as Rec;
            await apply({ ...pdb, spec: { selector: spec.selector, maxUnavailable: 0 } });
            const r = await audit(auditor, stack, stack);
            await apply(pdb);
            assert.strictEqual(r.code, 1, r.stderr);
            assert.deepStrictEqual(verdicts(r), [`DFLY-OPS-001 mandatory ${ns}/dragonfly`]);
            assert.match(
                newMessages(r, verdicts(r)[0].split(" ")[0]).join("\n"),
                /^the operator's PodDisruptionBudget dragonfly-system\/dragonfly of Dragonfly dragonfly-system\/dragonfly has maxUnavailable: 0 over 3 replica\(s\)/,
            );
            table.push({
                change: "operator's PDB maxUnavailable: 0",
                audit: verdicts(r),
                drift: r.report!.drift.map((d) => `${d.change} ${d.object}`),
                auditSeconds: r.seconds,
                analyze: "not Pulumi's object",
            });
        });

        it("out of band: the operator's NetworkPolicy deleted while networkPolicyEnabled stays true", async () => {
            const [np] = operatorCreated(cr);
            await applier.api.delete(np as never);
            const r = await audit(auditor, stack, stack);
            await apply(np);
            assert.strictEqual(r.code, 1, r.stderr);
            assert.deepStrictEqual(verdicts(r), ["DFLY-SEC-001 mandatory infra-dragonfly-dragonfly"]);
            assert.match(
                newMessages(r, verdicts(r)[0].split(" ")[0]).join("\n"),
                /^the NetworkPolicy dragonfly-system\/dragonfly that dragonfly-operator v1\.6\.1 makes for Dragonfly dragonfly-system\/dragonfly \(spec\.networkPolicyEnabled is not false\) is missing on the cluster/,
            );
            table.push({
                change: "operator's NetworkPolicy deleted",
                audit: verdicts(r),
                drift: r.report!.drift.map((d) => `${d.change} ${d.object}`),
                auditSeconds: r.seconds,
                analyze: "not Pulumi's object",
            });
        });

        it("out of band: the cache NetworkPolicy patched to admit every namespace (audit; policy analyze after refresh)", async () => {
            const np = await applier.read({
                apiVersion: "networking.k8s.io/v1",
                kind: "NetworkPolicy",
                metadata: { name: "dragonfly-clients", namespace: ns },
            });
            const ingress = (np.spec as { ingress: Rec[] }).ingress;
            await apply({
                apiVersion: "networking.k8s.io/v1",
                kind: "NetworkPolicy",
                metadata: { name: "dragonfly-clients", namespace: ns },
                spec: {
                    ...(np.spec as Rec),
                    ingress: [{ ...ingress[0], from: [{ namespaceSelector: {} }] }, ...ingress.slice(1)],
                },
            });
            try {
                const r = await audit(auditor, stack, stack);
                assert.strictEqual(r.code, 1, r.stderr);
                assert.deepStrictEqual(verdicts(r), ["DFLY-VR-09.1 mandatory infra-dragonfly-dragonfly"]);
                assert.match(
                    newMessages(r, verdicts(r)[0].split(" ")[0]).join("\n"),
                    /admits pods of any namespace \(namespaceSelector \{\}.* via NetworkPolicy dragonfly-system\/dragonfly-clients ingress\[0\]\.from\[0\]/,
                );
                assert.deepStrictEqual(
                    r.report!.drift.map((d) => `${d.change} ${d.object}`),
                    [`changed NetworkPolicy ${ns}/dragonfly-clients`],
                );
                const before = await analyze();
                const refresh = await project.exec(["refresh", "--yes", "--non-interactive", "--skip-preview"]);
                assert.strictEqual(refresh.code, 0, refresh.output);
                const after = await analyze();
                const found = after.events.map((e) => `${riskOf(e.message)} ${e.enforcementLevel} ${e.policyName}`);
                table.push({
                    change: "cache NetworkPolicy admits every namespace",
                    audit: verdicts(r),
                    drift: r.report!.drift.map((d) => `${d.change} ${d.object}`),
                    auditSeconds: r.seconds,
                    analyzeBeforeRefresh: before.code,
                    analyzeAfterRefresh: { code: after.code, found },
                });
                assert.strictEqual(before.code, 0);
                assert.notStrictEqual(after.code, 0);
                assert.ok(
                    found.includes("DFLY-VR-09.1 mandatory cluster-platform-dragonfly-network-isolation"),
                    found.join("\n"),
                );
            } finally {
                // Put it back as a person would (the test's field manager now owns spec.ingress).
                await apply({
                    apiVersion: "networking.k8s.io/v1",
                    kind: "NetworkPolicy",
                    metadata: { name: "dragonfly-clients", namespace: ns },
                    spec: np.spec,
                });
            }
            const back = await audit(auditor, stack, stack);
            assert.strictEqual(back.code, 0, back.stderr);
            assert.deepStrictEqual(back.report?.drift, []);
        });

        it("out of band: the Cilium release upgraded with encryption off (audit; policy analyze after refresh)", async () => {
            const upgrade = helm.run(
                "upgrade",
                "cilium",
                path.join(PROJECT_DIR, "test", "charts", "cilium"),
                "--reuse-values",
                "--set",
                "encryption.enabled=false",
            );
            assert.strictEqual(upgrade.status, 0, upgrade.stderr);
            const r = await audit(auditor, stack, stack);
            assert.strictEqual(r.code, 0, r.stderr);
            assert.deepStrictEqual(verdicts(r), [
                "CIL-SEC-001 advisory infra-cilium-release",
                "DFLY-SEC-002 advisory infra-dragonfly-dragonfly",
            ]);
            const drift = r.report!.drift.map((d) => `${d.change} ${d.object}: ${d.details.join("; ")}`);
            assert.deepStrictEqual(drift, [
                "changed Helm release kube-system/cilium (revision 3): values.encryption.enabled: differs",
            ]);
            const refresh = await project.exec(["refresh", "--yes", "--non-interactive", "--skip-preview"]);
            assert.strictEqual(refresh.code, 0, refresh.output);
            const after = await analyze();
            const found = after.events.map((e) => `${riskOf(e.message)} ${e.enforcementLevel} ${e.policyName}`);
            table.push({
                change: "Cilium release upgraded with encryption.enabled=false",
                audit: verdicts(r),
                drift,
                auditSeconds: r.seconds,
                analyzeAfterRefresh: { code: after.code, found },
            });
            // The state's outputs carry the live values after refresh: the stack policies see them. Resource
            // policies get the inputs, which refresh keeps as declared, so the encryption rule itself does not.
            assert.ok(
                found.includes("DFLY-SEC-002 advisory cluster-platform-dragonfly-transport-security"),
                found.join("\n"),
            );
            assert.ok(!found.includes("CIL-SEC-001 advisory cluster-platform-cilium-encryption"), found.join("\n"));
        });
    });
}

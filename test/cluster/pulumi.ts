// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The real Pulumi CLI and Kubernetes provider on a temporary copy of this project, pointed at a test
// control plane: local file backend, passphrase secrets, the committed stack file with only the chart
// mirror changed (stub charts under test/charts), and test/cluster/entry.ts as the program entry.
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { isolatedProject, runGroup, pulumiCli, TEST_CHART_MIRROR, TEST_SECRET, uncolor } from "../real-engine/harness";
import { killProcessesUnder } from "../real-engine/sweep";
import { PROJECT_DIR } from "./support";

/**
 * The committed stack file with its secrets-provider fields removed and the stub chart mirror set;
 * `edit` may change the config further (a rename, other Cilium values). Pure apart from the read.
 */
export function clusterStackFile(stack: string, edit?: (config: Map<string, unknown>) => void): string {
    const doc = parseDocument(fs.readFileSync(path.join(PROJECT_DIR, `Pulumi.${stack}.yaml`), "utf8"));
    for (const key of ["secretsprovider", "encryptedkey", "encryptionsalt"]) {
        doc.delete(key);
    }
    doc.setIn(["config", "cluster-platform:chartMirror"], doc.createNode(TEST_CHART_MIRROR));
    if (edit) {
        const config = new Map(Object.entries((doc.toJS() as { config: Record<string, unknown> }).config));
        edit(config);
        doc.set("config", doc.createNode(Object.fromEntries(config)));
    }
    return doc.toString();
}

/** Counts of a preview's or update's steps by operation (`same`, `create`, `update`, `replace`, ...). */
export type ChangeSummary = Record<string, number>;

/** The operations of a `pulumi preview --json` document that change something (anything but `same`). Pure. */
export function changesOf(summary: ChangeSummary): ChangeSummary {
    return Object.fromEntries(Object.entries(summary).filter(([op, n]) => op !== "same" && n > 0));
}

/** A temporary copy of the project with one stack on a local backend, its provider aimed at `kubeconfig`. */
export class ClusterProject {
    /** Copies not yet disposed: on exit (SIGINT and SIGTERM end in exit, see ControlPlane) their processes are killed. */
    private static readonly live = new Set<ClusterProject>();
    private static exitHandler = false;

    private constructor(
        readonly dir: string,
        readonly stack: string,
        readonly cli: string,
        readonly env: NodeJS.ProcessEnv,
    ) {}

    /** Copies the project, writes the stack file, inits the stack and sets the test secret. */
    static async create(stack: string, kubeconfig: string): Promise<ClusterProject> {
        const cli = pulumiCli();
        const { dir, env } = isolatedProject({
            prefix: `cp-cluster-${stack}-`,
            entry: "test/cluster/entry.ts",
            cli,
            passphrase: "cluster-test-passphrase",
            kubeconfig: () => kubeconfig,
        });
        const project = new ClusterProject(dir, stack, cli, env);
        ClusterProject.live.add(project);
        if (!ClusterProject.exitHandler) {
            ClusterProject.exitHandler = true;
            process.on("exit", () => [...ClusterProject.live].forEach((p) => p.dispose()));
        }
        project.writeStackFile();
        await project.run(["stack", "init", "--secrets-provider", "passphrase", "--non-interactive"]);
        await project.run(["config", "set", "--secret", "cluster-platform:dragonflyPassword", TEST_SECRET]);
        return project;
    }

    /** Rewrites the stack file (keeping the encryption salt `stack init` added and the test secret). */
    writeStackFile(edit?: (config: Map<string, unknown>) => void): void {
        const file = path.join(this.dir, `Pulumi.${this.stack}.yaml`);
        const current = fs.existsSync(file) ? parseDocument(fs.readFileSync(file, "utf8")) : undefined;
        const next = parseDocument(clusterStackFile(this.stack, edit));
        for (const key of ["encryptionsalt"]) {
            if (current?.has(key)) {
                next.set(key, current.get(key));
            }
        }
        const secret = current?.getIn(["config", "cluster-platform:dragonflyPassword"], true);
        if (secret) {
            next.setIn(["config", "cluster-platform:dragonflyPassword"], secret);
        }
        fs.writeFileSync(file, next.toString());
    }

    /** Runs the CLI on the stack; resolves exit code and output (stdout and stderr). */
    async exec(args: string[], timeoutSeconds = 900): Promise<{ code: number | null; output: string; stdout: string }> {
        const r = await runGroup(this.cli, [...args, "--stack", this.stack], this.dir, this.env, timeoutSeconds);
        return { ...r, output: uncolor(r.output) };
    }

    /** Runs the CLI and rejects with its output when it fails. */
    async run(args: string[], timeoutSeconds = 900): Promise<string> {
        const r = await this.exec(args, timeoutSeconds);
        if (r.code !== 0) {
            throw new Error(`pulumi ${args.join(" ")} exited ${r.code}:\n${r.output}`);
        }
        return r.output;
    }

    /** `pulumi preview --json` (with the policy pack): the change summary and the steps' operations by URN. */
    async preview(): Promise<{
        code: number | null;
        changes: ChangeSummary;
        steps: { op: string; urn: string }[];
        output: string;
    }> {
        const r = await this.exec(["preview", "--policy-pack", "./policies", "--non-interactive", "--json", "--diff"]);
        let doc: { changeSummary?: ChangeSummary; steps?: { op: string; urn: string }[] } = {};
        try {
            doc = JSON.parse(r.stdout) as typeof doc;
        } catch {
            // A failed preview prints diagnostics instead of one JSON document; the caller reports `output`.
        }
        return { code: r.code, changes: changesOf(doc.changeSummary ?? {}), steps: doc.steps ?? [], output: r.output };
    }

    /** The stack's resources from `pulumi stack export`. */
    async resources(): Promise<
        { urn: string; type: string; id?: string; protect?: boolean; outputs?: Record<string, unknown> }[]
    > {
        const out = await this.run(["stack", "export"]);
        return (JSON.parse(out.slice(out.indexOf("{"))) as { deployment: { resources: never[] } }).deployment.resources;
    }

    /** Kills every process still running in the copy (CLI, plugins, policy pack), then removes it (state included). */
    dispose(): void {
        killProcessesUnder(this.dir);
        ClusterProject.live.delete(this);
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}

/** The URNs the engine refused to delete or replace because they are protected, sorted, once each. Pure. */
export function protectedRefusals(output: string): string[] {
    const refusal =
        /resource "(urn:pulumi:[^"]+)"\s+(?:as it is currently marked for protection|cannot be deleted\s+because it is protected)/g;
    return [...new Set([...output.matchAll(refusal)].map((m) => m[1]))].sort();
}

/** `type::name` of a URN. Pure. */
export function shortUrn(urn: string): string {
    return urn.slice(urn.lastIndexOf("$") + 1);
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// `npm run bench`: timing and memory of the offline preview. Numbers are printed, never asserted.
import * as k8s from "@pulumi/kubernetes";
import { execFileSync } from "child_process";
import * as path from "path";
import * as os from "os";
import { loadStackConfig } from "../config/load";
import { findStackFiles, stackNameOf } from "../config/stackFile";
import { evaluateResources, evaluateStack } from "../engine/evaluate";
import { recordProgram } from "../engine/record";
import { PolicyServer } from "../engine/server";
import { createClusterProvider } from "../components";

const ROOT = path.resolve(__dirname, "..");
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

function ms(t0: bigint): number {
    return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Node start + loading @pulumi/pulumi + an empty program under mocks, in a fresh process. */
function floorMs(): number {
    const script = `const t=process.hrtime.bigint();const p=require("@pulumi/pulumi");p.runtime.setMocks({newResource:a=>({id:a.name,state:a.inputs}),call:a=>a.inputs},"p","s",true).then(()=>{})`;
    const t0 = process.hrtime.bigint();
    execFileSync(process.execPath, ["-e", script], { cwd: ROOT });
    return ms(t0);
}

/** A synthetic workload: Deployment + NetworkPolicy + PDB, three resources. */
function workload(i: number, provider: k8s.Provider): void {
    const labels = { app: `app-${i}` };
    const ns = `ns-${i % 50}`;
    new k8s.apps.v1.Deployment(
        `app-${i}`,
        {
            metadata: { name: `app-${i}`, namespace: ns },
            spec: {
                replicas: 3,
                selector: { matchLabels: labels },
                template: {
                    metadata: { labels },
                    spec: {
                        containers: [
                            {
                                name: "app",
                                image: "registry.example.io/app:1.0.0",
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
        { provider },
    );
    new k8s.networking.v1.NetworkPolicy(
        `app-${i}-netpol`,
        {
            metadata: { namespace: ns },
            spec: {
                podSelector: { matchLabels: labels },
                policyTypes: ["Ingress"],
                ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 8080 }] }],
            },
        },
        { provider },
    );
    new k8s.policy.v1.PodDisruptionBudget(
        `app-${i}-pdb`,
        { metadata: { namespace: ns }, spec: { minAvailable: 2, selector: { matchLabels: labels } } },
        { provider },
    );
}

async function main(): Promise<void> {
    const floors = [floorMs(), floorMs(), floorMs()];
    const floor = Math.min(...floors);
    console.log(`floor (node + @pulumi/pulumi + empty program under mocks): ${floor.toFixed(0)} ms (best of 3)`);

    const checkRuns = [0, 1, 2].map(() => {
        const t = process.hrtime.bigint();
        execFileSync(
            process.execPath,
            ["scripts/launch.js", "check", "--out", path.join(os.tmpdir(), "bench-reports")],
            { cwd: ROOT, stdio: "ignore" },
        );
        return ms(t);
    });
    const check = Math.min(...checkRuns);
    console.log(
        `npm run check (both stacks, end to end, fresh process): ${check.toFixed(0)} ms (best of 3) = ${(check / floor).toFixed(2)}× floor`,
    );

    let t0 = process.hrtime.bigint();
    const server = await PolicyServer.start();
    const startMs = ms(t0);
    t0 = process.hrtime.bigint();
    for (const stack of findStackFiles(ROOT).map((f) => stackNameOf(f)!)) {
        const r = await evaluateStack(loadStackConfig(stack, ROOT).config, { server });
        console.log(
            `  ${stack}: ${r.resources.length} resources, ${r.findings.length} findings, gate ${r.gate.suggested_gate}`,
        );
    }
    const bothMs = ms(t0);
    console.log(
        `both real stacks: server start ${startMs.toFixed(0)} ms + record & judge ${bothMs.toFixed(0)} ms = ${(startMs + bothMs).toFixed(0)} ms (${((startMs + bothMs) / floor).toFixed(2)}× floor; in-process, excludes this process's own start)`,
    );

    const rows: { n: number; record: number; judge: number }[] = [];
    for (const workloads of [33, 333, 3333]) {
        t0 = process.hrtime.bigint();
        const config = loadStackConfig("infra", ROOT).config;
        const resources = await recordProgram("infra", () => {
            const provider = createClusterProvider(config);
            for (let i = 0; i < workloads; i++) {
                workload(i, provider);
            }
        });
        const record = ms(t0);
        t0 = process.hrtime.bigint();
        const r = await evaluateResources("infra", resources, { server });
        const judge = ms(t0);
        rows.push({ n: resources.length, record, judge });
        console.log(
            `synthetic ${resources.length} resources: record ${record.toFixed(0)} ms, judge ${judge.toFixed(0)} ms (${((judge * 1000) / resources.length).toFixed(0)} µs/resource), findings ${r.findings.length}`,
        );
    }
    const [a, , c] = rows;
    console.log(
        `judge growth 100→10,000: ${(c.judge / a.judge).toFixed(1)}× time for ${(c.n / a.n).toFixed(1)}× resources (linear × ${(c.judge / a.judge / (c.n / a.n)).toFixed(2)})`,
    );
    await server.stop();
    clearInterval(sampler);
    console.log(`peak RSS of the bench process: ${(peakRss / 1024 / 1024).toFixed(0)} MiB`);
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});

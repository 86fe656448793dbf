// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The floor of `--engine protocol`: the Analyzer protocol makes one Analyze call per resource, so a
// file of N objects costs N unary gRPC round trips before any policy runs. This times exactly that:
// the engine's own client (engine/protocol/grpcUnary.ts) sending the engine's real Analyze request of
// each object, 64 in flight as the engine sends them, to a grpc-js server in its own process (the
// server @pulumi/policy runs) whose handler answers an empty AnalyzeResponse and judges nothing.
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { spawn } from "child_process";
import * as path from "path";
import { UnaryChannel } from "../engine/protocol/grpcUnary";
import { analyzeRequestBytes } from "../engine/protocol/messages";
import { ANALYZER_PATHS } from "../engine/protocol/client";
import { RecordedResource } from "../engine/recording/program";

/** What {@link transportFloor} measured. */
export interface TransportFloor {
    /** Analyze calls made. */
    calls: number;
    /** Wall time of the calls (the server already listening), seconds. */
    seconds: number;
    /** CPU seconds (user + system) of this process and of the server process over the calls. */
    cpu: { client: number; server: number };
}

/** The server process: grpc-js answering every Analyze with an empty response; prints its port, then its CPU on stdin's end. */
const SERVER = `
const grpc = require(${JSON.stringify(require.resolve("@grpc/grpc-js", { paths: [path.resolve(__dirname, "..", "policies")] }))});
const empty = Buffer.from(new (require(${JSON.stringify(require.resolve("@pulumi/pulumi/proto/analyzer_pb"))}).AnalyzeResponse)().serializeBinary());
const id = (b) => b;
const server = new grpc.Server();
server.addService({ analyze: { path: ${JSON.stringify(ANALYZER_PATHS.analyze)}, requestStream: false, responseStream: false,
    requestSerialize: id, requestDeserialize: id, responseSerialize: id, responseDeserialize: id } },
    { analyze: (call, callback) => callback(null, empty) });
let start;
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) { console.error(err.message); process.exit(1); }
    start = process.cpuUsage();
    process.stdout.write(port + "\\n");
});
process.stdin.on("data", () => undefined);
process.stdin.on("end", () => {
    const u = process.cpuUsage(start);
    process.stdout.write(JSON.stringify((u.user + u.system) / 1e6) + "\\n");
    server.forceShutdown();
});
`;

/** Times one Analyze call per resource over the transport alone (see the file comment). */
export async function transportFloor(resources: readonly RecordedResource[], inFlight = 64): Promise<TransportFloor> {
    const child = spawn(process.execPath, ["-e", SERVER], { stdio: ["pipe", "pipe", "inherit"] });
    const lines: string[] = [];
    const waiters: ((line: string) => void)[] = [];
    let buffered = "";
    child.stdout.on("data", (d: Buffer) => {
        buffered += d.toString();
        for (let i = buffered.indexOf("\n"); i >= 0; i = buffered.indexOf("\n")) {
            const line = buffered.slice(0, i);
            buffered = buffered.slice(i + 1);
            const w = waiters.shift();
            if (w) {
                w(line);
            } else {
                lines.push(line);
            }
        }
    });
    const nextLine = (): Promise<string> =>
        new Promise((resolve, reject) => {
            const l = lines.shift();
            if (l !== undefined) {
                resolve(l);
                return;
            }
            waiters.push(resolve);
            child.once("exit", (code) => reject(new Error(`the transport floor's server exited ${code}`)));
        });
    try {
        const port = Number(await nextLine());
        const channel = new UnaryChannel(`127.0.0.1:${port}`);
        const cpu = process.cpuUsage();
        const started = process.hrtime.bigint();
        let next = 0;
        const worker = async (): Promise<void> => {
            while (next < resources.length) {
                const bytes = await channel.call(
                    ANALYZER_PATHS.analyze,
                    analyzeRequestBytes(resources[next++]),
                    60_000,
                );
                analyzerPb.AnalyzeResponse.deserializeBinary(bytes);
            }
        };
        await Promise.all(Array.from({ length: Math.min(inFlight, resources.length) }, worker));
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const used = process.cpuUsage(cpu);
        channel.close();
        child.stdin.end();
        const server = Number(await nextLine());
        return { calls: resources.length, seconds, cpu: { client: (used.user + used.system) / 1e6, server } };
    } finally {
        child.kill();
    }
}

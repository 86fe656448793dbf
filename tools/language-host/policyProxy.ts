// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as grpc from "@grpc/grpc-js";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { bind, unary } from "./rpc";

/**
 * The analyzer proxy the CLI talks to while a policy pack starts: it answers Handshake and
 * ConfigureStack itself (the pack's runner reads the stack from its environment, which must be set
 * before it starts), then forwards every call to the pack.
 */
export class PolicyProxy {
    readonly server = new grpc.Server();
    private configResolve!: (c: analyzerPb.AnalyzerStackConfigureRequest | undefined) => void;
    readonly configuration = new Promise<analyzerPb.AnalyzerStackConfigureRequest | undefined>(
        (r) => (this.configResolve = r),
    );
    private clientResolve!: (c: analyzerGrpc.AnalyzerClient) => void;
    private clientReject!: (e: Error) => void;
    readonly client = new Promise<analyzerGrpc.AnalyzerClient>((res, rej) => {
        this.clientResolve = res;
        this.clientReject = rej;
    });

    constructor() {
        this.client.catch(() => undefined);
        const forward =
            (method: string) =>
            (call: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<unknown>): void => {
                // The CLI may ask for the pack's info before configuring the stack (`policy publish`).
                this.configResolve(undefined);
                this.client.then(
                    (c) => {
                        const f = (c as unknown as Record<string, Function>)[method].bind(c); // eslint-disable-line @typescript-eslint/no-unsafe-function-type
                        f(call.request, call.metadata, cb);
                    },
                    (err: Error) =>
                        cb({ code: grpc.status.UNAVAILABLE, details: `policy pack not started: ${err.message}` }),
                );
            };
        this.server.addService(analyzerGrpc.AnalyzerService, {
            handshake: unary(async () => new analyzerPb.AnalyzerHandshakeResponse()),
            configureStack: unary(async (req: analyzerPb.AnalyzerStackConfigureRequest) => {
                this.configResolve(req);
                return new analyzerPb.AnalyzerStackConfigureResponse();
            }),
            analyze: forward("analyze"),
            analyzeStack: forward("analyzeStack"),
            remediate: forward("remediate"),
            getAnalyzerInfo: forward("getAnalyzerInfo"),
            getPluginInfo: forward("getPluginInfo"),
            configure: forward("configure"),
            cancel: forward("cancel"),
        });
    }

    /** Starts serving on a free loopback port. */
    async listen(): Promise<number> {
        return bind(this.server);
    }

    /** Connects to the started pack, replays the stack configuration, then lets calls through. */
    async attach(port: number): Promise<void> {
        const client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        const config = await this.configuration;
        if (config) {
            await new Promise<void>((resolve, reject) =>
                client.configureStack(config, (err) =>
                    !err || err.code === grpc.status.UNIMPLEMENTED
                        ? resolve()
                        : reject(new Error(`policy pack configuration failed: ${err.message}`)),
                ),
            );
        }
        this.clientResolve(client);
    }

    /** The pack did not start: every waiting call fails with this error. */
    fail(err: Error): void {
        this.clientReject(err);
    }
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Drives a policy pack process (packProcess.ts) over the pulumirpc.Analyzer protocol with the
// client shipped in @pulumi/pulumi.
import * as grpc from "@grpc/grpc-js";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { ChildProcess } from "child_process";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { PackProcessOptions, PolicyServerError, startPackProcess, stopPackProcess } from "./packProcess";
import { analyzeRequestBytes, analyzeStackRequestBytes, diagnosticsOf } from "./analyzerMessages";
import { Diagnostic, LEVEL_NAMES, LevelName, PackInfo } from "./analyzerTypes";
import { RecordedResource } from "./record";

export { PolicyServerError } from "./packProcess";
export { providerUrnOf } from "./policyView";

export { LEVEL_NAMES } from "./analyzerTypes";
export type { Diagnostic, LevelName, PackInfo, PolicyDescription } from "./analyzerTypes";

/** Options of {@link PolicyServer.start}. */
export interface PolicyServerOptions extends PackProcessOptions {
    /** How long to wait for each RPC, in milliseconds (default 30 s); also the start budget when given. */
    timeoutMs?: number;
}

type Client = InstanceType<typeof analyzerGrpc.AnalyzerClient>;
type Callback<T> = (err: grpc.ServiceError | null, res: T) => void;

/** A running policy pack process and an Analyzer client connected to it. */
export class PolicyServer {
    private stopped = false;

    private constructor(
        private readonly child: ChildProcess,
        private readonly client: Client,
        /** The TCP port the pack listens on (127.0.0.1). */
        public readonly port: number,
        private readonly timeoutMs: number,
        private readonly stderr: () => string,
    ) {}

    /** The pack process id. */
    public get pid(): number {
        return this.child.pid ?? -1;
    }

    /** Whether the process is still running. */
    public get running(): boolean {
        return this.child.exitCode === null && this.child.signalCode === null;
    }

    /** Starts the pack process (see {@link startPackProcess}) and connects an Analyzer client to it. */
    public static async start(options: PolicyServerOptions = {}): Promise<PolicyServer> {
        const timeoutMs = options.timeoutMs ?? 30000;
        // Start-up is bounded apart: on a loaded machine loading the pack alone can take longer than an RPC.
        const { child, port, stderr } = await startPackProcess(options);
        const client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": 400 * 1024 * 1024,
            "grpc.max_send_message_length": 400 * 1024 * 1024,
        });
        return new PolicyServer(child, client, port, timeoutMs, stderr);
    }

    private call<Req, Res>(
        name: string,
        fn: (req: Req, meta: grpc.Metadata, opts: grpc.CallOptions, cb: Callback<Res>) => unknown,
        req: Req,
        timeoutMs = this.timeoutMs,
    ): Promise<Res> {
        if (this.stopped) {
            return Promise.reject(new PolicyServerError(`${name}: the policy server was stopped`));
        }
        return new Promise<Res>((resolve, reject) => {
            fn.call(
                this.client,
                req,
                new grpc.Metadata(),
                { deadline: Date.now() + timeoutMs },
                (err: grpc.ServiceError | null, res: Res) => {
                    if (!err) {
                        resolve(res);
                        return;
                    }
                    if (err.code === grpc.status.DEADLINE_EXCEEDED) {
                        void this.stop();
                        reject(
                            new PolicyServerError(
                                `the policy pack did not answer ${name} within ${timeoutMs} ms; killed pid ${this.pid}`,
                            ),
                        );
                        return;
                    }
                    reject(
                        new PolicyServerError(
                            `${name} failed: ${err.details || err.message}${this.stderr() ? `\n${this.stderr().trim()}` : ""}`,
                        ),
                    );
                },
            );
        });
    }

    /** ConfigureStack: the stack the following analyses belong to. */
    public async configureStack(stack: string, project: string, dryRun = true): Promise<void> {
        const req = new analyzerPb.AnalyzerStackConfigureRequest();
        req.setStack(stack);
        req.setProject(project);
        req.setOrganization("organization");
        req.setDryRun(dryRun);
        await this.call("ConfigureStack", this.client.configureStack, req);
    }

    /** GetAnalyzerInfo: the pack's policies, levels, config schemas and initial config. */
    public async info(): Promise<PackInfo> {
        const res = await this.call<Empty, analyzerPb.AnalyzerInfo>(
            "GetAnalyzerInfo",
            this.client.getAnalyzerInfo,
            new Empty(),
        );
        const initialConfig: PackInfo["initialConfig"] = {};
        res.getInitialconfigMap().forEach((v, k) => {
            initialConfig[k] = {
                enforcementLevel: LEVEL_NAMES[v.getEnforcementlevel()],
                properties: (v.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
            };
        });
        return {
            name: res.getName(),
            version: res.getVersion(),
            initialConfig,
            policies: res.getPoliciesList().map((p) => {
                const schema = p.getConfigschema();
                return {
                    name: p.getName(),
                    description: p.getDescription(),
                    enforcementLevel: LEVEL_NAMES[p.getEnforcementlevel()],
                    tags: p.getTagsList(),
                    ...(schema
                        ? {
                              configSchema: {
                                  properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
                                  required: schema.getRequiredList(),
                              },
                          }
                        : {}),
                };
            }),
        };
    }

    /** Configure: replaces the whole pack config; every policy gets its effective level and a properties Struct. */
    public async configure(
        config: Record<string, { enforcementLevel: LevelName; properties: Record<string, unknown> }>,
    ): Promise<void> {
        const req = new analyzerPb.ConfigureAnalyzerRequest();
        const map = req.getPolicyconfigMap();
        for (const [name, c] of Object.entries(config)) {
            const pc = new analyzerPb.PolicyConfig();
            pc.setEnforcementlevel(LEVEL_NAMES.indexOf(c.enforcementLevel) as analyzerPb.EnforcementLevel);
            pc.setProperties(Struct.fromJavaScript(c.properties as never));
            map.set(name, pc);
        }
        await this.call("Configure", this.client.configure, req);
    }

    /**
     * A unary call of the Analyzer service sending bytes already serialized (see analyzerMessages.ts:
     * the request google-protobuf would build, with each resource's Struct bytes built once).
     */
    private raw(method: "analyze" | "analyzeStack") {
        const def = analyzerGrpc.AnalyzerService[method];
        return (req: Buffer, meta: grpc.Metadata, opts: grpc.CallOptions, cb: Callback<analyzerPb.AnalyzeResponse>) =>
            this.client.makeUnaryRequest(
                def.path,
                (b: Buffer) => b,
                def.responseDeserialize,
                req,
                meta,
                opts,
                cb as grpc.requestCallback<analyzerPb.AnalyzeResponse>,
            );
    }

    /** Analyze one resource with its provider; diagnostics without a URN are attributed to it. */
    public async analyze(resource: RecordedResource, provider?: RecordedResource): Promise<Diagnostic[]> {
        const res = await this.call<Buffer, analyzerPb.AnalyzeResponse>(
            "Analyze",
            this.raw("analyze"),
            analyzeRequestBytes(resource, provider),
        );
        return diagnosticsOf(res, resource.urn);
    }

    /** AnalyzeStack over the whole graph (parents, dependencies, property dependencies). */
    public async analyzeStack(
        resources: readonly RecordedResource[],
        providers: ReadonlyMap<string, RecordedResource>,
    ): Promise<Diagnostic[]> {
        const res = await this.call<Buffer, analyzerPb.AnalyzeResponse>(
            "AnalyzeStack",
            this.raw("analyzeStack"),
            analyzeStackRequestBytes(resources, providers),
            // One call judges the whole graph: its budget grows with it (10 ms a resource on top).
            this.timeoutMs + 10 * resources.length,
        );
        return diagnosticsOf(res, "");
    }

    /** Stops the process (SIGTERM; SIGKILL after 5 s) and closes the client. Safe to call twice. */
    public async stop(): Promise<void> {
        if (this.stopped) {
            return;
        }
        this.stopped = true;
        this.client.close();
        await stopPackProcess(this.child);
    }
}

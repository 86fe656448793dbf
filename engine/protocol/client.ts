// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Drives a policy pack process (packProcess.ts) over the pulumirpc.Analyzer protocol: the messages
// of @pulumi/pulumi, unary calls on one HTTP/2 connection (grpcUnary.ts).
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { ChildProcess } from "child_process";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { GRPC_STATUS, GrpcCallError, UnaryChannel } from "./grpcUnary";
import { PackProcessOptions, PackProcessError, startPackProcess, stopPackProcess } from "./packProcess";
import { analyzeRequestBytes, diagnosticsOf, StackRequestBuilder } from "./messages";
import { Diagnostic, LEVEL_NAMES, LevelName, PackInfo } from "../types";
import { RecordedResource } from "../recording/program";

export { PackProcessError } from "./packProcess";
export { StackRequestBuilder } from "./messages";
export { providerUrnOf } from "../recording/graph";

export { LEVEL_NAMES } from "../types";
export type { Diagnostic, LevelName, PackInfo, PolicyDescription } from "../types";

/** Options of {@link PackClient.start}. */
export interface PackClientOptions extends PackProcessOptions {
    /** How long to wait for each RPC, in milliseconds (default 30 s); also the start budget when given. */
    timeoutMs?: number;
    /** How long to wait for the pack's port, in milliseconds, when it differs from `timeoutMs`. */
    startTimeoutMs?: number;
}

/** The methods of pulumirpc.Analyzer this client calls, by their HTTP/2 path (analyzer.proto). */
export const ANALYZER_PATHS = {
    analyze: "/pulumirpc.Analyzer/Analyze",
    analyzeStack: "/pulumirpc.Analyzer/AnalyzeStack",
    getAnalyzerInfo: "/pulumirpc.Analyzer/GetAnalyzerInfo",
    configure: "/pulumirpc.Analyzer/Configure",
    configureStack: "/pulumirpc.Analyzer/ConfigureStack",
} as const;

/** A running policy pack process and an Analyzer client connected to it. */
export class PackClient {
    /** Set by the first stop(); every later call waits on the same exit. */
    private stopping: Promise<void> | undefined;

    private constructor(
        private readonly child: ChildProcess,
        private readonly channel: UnaryChannel,
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
    public static async start(options: PackClientOptions = {}): Promise<PackClient> {
        const timeoutMs = options.timeoutMs ?? 30000;
        // Start-up is bounded apart: on a loaded machine loading the pack alone can take longer than an RPC.
        const { child, port, stderr } = await startPackProcess({
            ...options,
            timeoutMs: options.startTimeoutMs ?? options.timeoutMs,
        });
        return new PackClient(child, new UnaryChannel(`127.0.0.1:${port}`), port, timeoutMs, stderr);
    }

    /** One call of `method` with a serialized request, decoded by `decode`; every failure is a PackProcessError. */
    private async call<Res>(
        name: string,
        method: keyof typeof ANALYZER_PATHS,
        request: Uint8Array,
        decode: (bytes: Uint8Array) => Res,
        timeoutMs = this.timeoutMs,
    ): Promise<Res> {
        if (this.stopping) {
            throw new PackProcessError(`${name}: the policy server was stopped`);
        }
        let bytes: Buffer;
        try {
            bytes = await this.channel.call(ANALYZER_PATHS[method], request, timeoutMs);
        } catch (err) {
            const e = err as GrpcCallError;
            if (e.code === GRPC_STATUS.DEADLINE_EXCEEDED) {
                void this.stop();
                throw new PackProcessError(
                    `the policy pack did not answer ${name} within ${timeoutMs} ms; killed pid ${this.pid}`,
                );
            }
            const stderr = this.stderr().trim();
            throw new PackProcessError(`${name} failed: ${e.details ?? e.message}${stderr ? `\n${stderr}` : ""}`);
        }
        return decode(bytes);
    }

    /** ConfigureStack: the stack the following analyses belong to. */
    public async configureStack(stack: string, project: string, dryRun = true): Promise<void> {
        const req = new analyzerPb.AnalyzerStackConfigureRequest();
        req.setStack(stack);
        req.setProject(project);
        req.setOrganization("organization");
        req.setDryRun(dryRun);
        await this.call("ConfigureStack", "configureStack", req.serializeBinary(), () => undefined);
    }

    /** GetAnalyzerInfo: the pack's policies, levels, config schemas and initial config. */
    public async info(): Promise<PackInfo> {
        const res = await this.call(
            "GetAnalyzerInfo",
            "getAnalyzerInfo",
            new Empty().serializeBinary(),
            analyzerPb.AnalyzerInfo.deserializeBinary,
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
        await this.call("Configure", "configure", req.serializeBinary(), () => undefined);
    }

    /** Analyze one resource with its provider; diagnostics without a URN are attributed to it. */
    public async analyze(resource: RecordedResource, provider?: RecordedResource): Promise<Diagnostic[]> {
        // The request is built as bytes (analyzerMessages.ts): each resource's Struct serialized once.
        const res = await this.call(
            "Analyze",
            "analyze",
            analyzeRequestBytes(resource, provider),
            analyzerPb.AnalyzeResponse.deserializeBinary,
        );
        return diagnosticsOf(res, resource.urn);
    }

    /**
     * AnalyzeStack over the whole graph (parents, dependencies, property dependencies), with the
     * request from `request` when the caller has been building it (see StackRequestBuilder).
     */
    public async analyzeStack(
        resources: readonly RecordedResource[],
        providers: ReadonlyMap<string, RecordedResource>,
        request: StackRequestBuilder = new StackRequestBuilder(resources, providers),
    ): Promise<Diagnostic[]> {
        const res = await this.call(
            "AnalyzeStack",
            "analyzeStack",
            request.bytes(),
            analyzerPb.AnalyzeResponse.deserializeBinary,
            // One call judges the whole graph: its budget grows with it (10 ms a resource on top).
            this.timeoutMs + 10 * resources.length,
        );
        return diagnosticsOf(res, "");
    }

    /**
     * Stops the process (SIGTERM; SIGKILL after 5 s) and closes the client. Safe to call twice: every
     * call resolves once the process has exited.
     */
    public stop(): Promise<void> {
        if (!this.stopping) {
            this.channel.close();
            this.stopping = stopPackProcess(this.child);
        }
        return this.stopping;
    }
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Our own `pulumi-language-nodejs`: the pulumirpc.LanguageRuntime service the Pulumi CLI starts to run
// a Node.js program (Run) or a policy pack (RunPlugin). The upstream Go host is not served by the Go
// module proxy these machines reach (see docs/offline-preview.md), so this one implements exactly the
// calls `pulumi preview/up/destroy --policy-pack` make, with the stubs shipped in @pulumi/pulumi.
import * as grpc from "@grpc/grpc-js";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import * as langGrpc from "@pulumi/pulumi/proto/language_grpc_pb";
import * as langPb from "@pulumi/pulumi/proto/language_pb";
import * as pluginPb from "@pulumi/pulumi/proto/plugin_pb";
import { ChildProcess, execFileSync, spawn, spawnSync } from "child_process";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as path from "path";
import {
    parseHostArgs,
    parseNodeOptions,
    programConfig,
    programDependencies,
    requiredPackages,
    runArguments,
    typescriptEnv,
} from "./args";

/** Reported by GetPluginInfo: this host's own version, not upstream's. */
export const HOST_VERSION = "0.1.0";
// The runner exits with this code after it already showed the user an actionable message.
const EXIT_ALREADY_REPORTED = 32;

const children = new Set<ChildProcess>();

function track(child: ChildProcess): ChildProcess {
    children.add(child);
    child.on("exit", () => children.delete(child));
    return child;
}

function killChildren(signal: NodeJS.Signals): void {
    for (const c of children) {
        c.kill(signal);
    }
}

/** Resolves a module as `require.resolve` does from `dir` (so a parent node_modules counts too). */
function locateModule(mod: string, dir: string, isPlugin: boolean): string {
    const hint = isPlugin ? `npm install in ${dir}` : "pulumi install";
    const script =
        `try { console.log(require.resolve(${JSON.stringify(mod)})); } catch (e) {` +
        ` if (e.code === "MODULE_NOT_FOUND") { console.error("It looks like the Pulumi SDK has not been installed. Have you run ${hint}?"); }` +
        ` else { console.error(e.message); } process.exit(1); }`;
    const r = spawnSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8" });
    if (r.status !== 0) {
        throw new Error((r.stderr || `could not resolve ${mod} from ${dir}`).trim());
    }
    return r.stdout.trim();
}

function optionsOf(info: langPb.ProgramInfo | undefined): Record<string, unknown> {
    return (info?.getOptions()?.toJavaScript() ?? {}) as Record<string, unknown>;
}

function envList(entries: string[]): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const e of entries) {
        const i = e.indexOf("=");
        if (i > 0) {
            env[e.slice(0, i)] = e.slice(i + 1);
        }
    }
    return env;
}

type Unary<Req, Res> = (call: grpc.ServerUnaryCall<Req, Res>, cb: grpc.sendUnaryData<Res>) => void;

/** Wraps an async handler so that a thrown error becomes a gRPC error instead of a crash. */
function unary<Req, Res>(fn: (req: Req, call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res>): Unary<Req, Res> {
    return (call, cb) => {
        fn(call.request, call).then(
            (res) => cb(null, res),
            (err: unknown) =>
                cb({ code: grpc.status.UNKNOWN, details: err instanceof Error ? err.message : String(err) }),
        );
    };
}

/**
 * The analyzer proxy the CLI talks to while a policy pack starts: it answers Handshake and
 * ConfigureStack itself (the pack's runner reads the stack from its environment, which must be set
 * before it starts), then forwards every call to the pack.
 */
class PolicyProxy {
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

    fail(err: Error): void {
        this.clientReject(err);
    }
}

function bind(server: grpc.Server): Promise<number> {
    return new Promise((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) =>
            err ? reject(err) : resolve(port),
        ),
    );
}

/** The LanguageRuntime service. */
export class NodeLanguageHost {
    constructor(
        private engineAddress: string | undefined,
        private readonly tracing: string | undefined,
    ) {}

    implementation(): grpc.UntypedServiceImplementation {
        return {
            handshake: unary(async (req: langPb.LanguageHandshakeRequest) => {
                this.engineAddress = req.getEngineAddress();
                return new langPb.LanguageHandshakeResponse();
            }),
            getPluginInfo: unary(async () => new pluginPb.PluginInfo().setVersion(HOST_VERSION)),
            getRequiredPackages: unary(async (req: langPb.GetRequiredPackagesRequest) => {
                const dir = req.getInfo()?.getProgramDirectory() ?? ".";
                const errors: string[] = [];
                const needs = requiredPackages(dir, errors);
                if (errors.length > 0) {
                    process.stderr.write(`plugin discovery skipped ${errors.length} unreadable entries\n`);
                }
                return new langPb.GetRequiredPackagesResponse().setPackagesList(
                    needs.map((n) =>
                        new pluginPb.PackageDependency()
                            .setName(n.name)
                            .setKind(n.kind)
                            .setVersion(n.version)
                            .setServer(n.server),
                    ),
                );
            }),
            run: unary((req: langPb.RunRequest, call) => this.run(req, call)),
            runPlugin: (call: grpc.ServerWritableStream<langPb.RunPluginRequest, langPb.RunPluginResponse>) =>
                this.runPlugin(call),
            installDependencies: (call: grpc.ServerWritableStream<unknown, unknown>) => {
                // Dependencies are installed with `npm ci` before any Pulumi command; nothing to do here.
                call.end();
            },
            runtimeOptionsPrompts: unary(async () => new langPb.RuntimeOptionsResponse()),
            template: unary(async () => new langPb.TemplateResponse()),
            about: unary(async () => {
                const res = new langPb.AboutResponse().setExecutable(process.execPath).setVersion(process.version);
                res.getMetadataMap().set("packagemanager", "npm");
                return res;
            }),
            getProgramDependencies: unary(async (req: langPb.GetProgramDependenciesRequest) =>
                new langPb.GetProgramDependenciesResponse().setDependenciesList(
                    programDependencies(req.getInfo()?.getProgramDirectory() ?? ".").map((d) =>
                        new langPb.DependencyInfo().setName(d.name).setVersion(d.version),
                    ),
                ),
            ),
            cancel: unary(async () => {
                killChildren("SIGINT");
                return new Empty();
            }),
        };
    }

    private async run(
        req: langPb.RunRequest,
        call: grpc.ServerUnaryCall<langPb.RunRequest, langPb.RunResponse>,
    ): Promise<langPb.RunResponse> {
        const info = req.getInfo();
        const programDir = info?.getProgramDirectory() || req.getPwd();
        let runPath: string;
        let opts;
        try {
            opts = parseNodeOptions(optionsOf(info));
            runPath = locateModule(
                process.env.PULUMI_LANGUAGE_NODEJS_RUN_PATH || "@pulumi/pulumi/cmd/run",
                programDir,
                false,
            );
        } catch (err) {
            return new langPb.RunResponse().setError(err instanceof Error ? err.message : String(err));
        }
        const args = runArguments(runPath, {
            monitor: req.getMonitorAddress(),
            engine: this.engineAddress,
            organization: req.getOrganization(),
            project: req.getProject(),
            rootDirectory: info?.getRootDirectory(),
            stack: req.getStack(),
            pwd: programDir,
            dryRun: req.getDryrun(),
            parallel: req.getParallel(),
            tracing: this.tracing,
            entryPoint: info?.getEntryPoint() || req.getProgram() || ".",
            args: req.getArgsList(),
        });
        const env: NodeJS.ProcessEnv = {
            ...process.env,
            ...envList(typescriptEnv(opts)),
            PULUMI_CONFIG: programConfig(new Map(req.getConfigMap().toObject())),
            PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(req.getConfigsecretkeysList()),
        };
        const child = track(
            spawn(process.execPath, [...opts.nodeargs, ...args], {
                cwd: programDir,
                env,
                stdio: ["ignore", "inherit", "inherit"],
            }),
        );
        call.on("cancelled", () => child.kill("SIGINT"));
        const code = await new Promise<number | null>((resolve) => {
            child.on("error", () => resolve(null));
            child.on("exit", (c, sig) => resolve(c ?? (sig ? 128 : null)));
        });
        if (code === 0) {
            return new langPb.RunResponse();
        }
        if (code === EXIT_ALREADY_REPORTED) {
            return new langPb.RunResponse().setBail(true);
        }
        return new langPb.RunResponse().setError(
            code === null
                ? "Problem executing program (could not run language executor)"
                : `Program exited with non-zero exit code: ${code}`,
        );
    }

    private runPlugin(call: grpc.ServerWritableStream<langPb.RunPluginRequest, langPb.RunPluginResponse>): void {
        const req = call.request;
        const programDir = req.getInfo()?.getProgramDirectory() ?? req.getPwd();
        const analyzer = req.getKind() === "analyzer";
        const out = (b: Buffer): void => void call.write(new langPb.RunPluginResponse().setStdout(b));
        const err = (b: Buffer): void => void call.write(new langPb.RunPluginResponse().setStderr(b));
        const fail = (e: unknown): void => {
            call.emit("error", { code: grpc.status.UNKNOWN, details: e instanceof Error ? e.message : String(e) });
        };
        let proxy: PolicyProxy | undefined;
        const start = async (): Promise<void> => {
            const opts = parseNodeOptions(optionsOf(req.getInfo()));
            const runPath = locateModule(
                analyzer
                    ? "@pulumi/pulumi/cmd/run-policy-pack"
                    : process.env.PULUMI_LANGUAGE_NODEJS_RUN_PATH || "@pulumi/pulumi/cmd/run-plugin",
                programDir,
                true,
            );
            const args = analyzer
                ? [runPath, ...opts.nodeargs, ...req.getArgsList(), programDir]
                : [runPath, ...opts.nodeargs, programDir, ...req.getArgsList()];
            const env: NodeJS.ProcessEnv = { ...envList(req.getEnvList()), ...envList(typescriptEnv(opts)) };
            if (analyzer) {
                proxy = new PolicyProxy();
                const port = await proxy.listen();
                out(Buffer.from(`${port}\n`));
                const config = await proxy.configuration;
                if (config) {
                    const set = (k: string, v: string): void => {
                        if (v) {
                            env[k] = v;
                        }
                    };
                    set("PULUMI_NODEJS_ORGANIZATION", config.getOrganization());
                    set("PULUMI_NODEJS_PROJECT", config.getProject());
                    set("PULUMI_NODEJS_STACK", config.getStack());
                    set("PULUMI_NODEJS_DRY_RUN", String(config.getDryRun()));
                    set("PULUMI_CONFIG", JSON.stringify(Object.fromEntries(config.getConfigMap().toObject())));
                }
            }
            // Policy packs always ran with the pack directory as working directory.
            const child = track(
                spawn(process.execPath, args, {
                    cwd: analyzer ? programDir : req.getPwd() || programDir,
                    env,
                    stdio: ["ignore", "pipe", "pipe"],
                }),
            );
            call.on("cancelled", () => child.kill("SIGINT"));
            child.stderr!.on("data", err);
            if (proxy) {
                const p = proxy;
                let buffered = "";
                let attached = false;
                child.stdout!.on("data", (b: Buffer) => {
                    if (attached) {
                        out(b);
                        return;
                    }
                    buffered += b.toString("utf8");
                    const nl = buffered.indexOf("\n");
                    if (nl < 0) {
                        return;
                    }
                    attached = true;
                    const port = Number(buffered.slice(0, nl).trim());
                    const rest = buffered.slice(nl + 1);
                    if (rest) {
                        out(Buffer.from(rest));
                    }
                    if (!Number.isInteger(port) || port <= 0) {
                        p.fail(
                            new Error(`could not read policy pack port from ${JSON.stringify(buffered.slice(0, nl))}`),
                        );
                        return;
                    }
                    p.attach(port).catch((e: Error) => p.fail(e));
                });
            } else {
                child.stdout!.on("data", out);
            }
            const code = await new Promise<number | null>((resolve) => {
                child.on("error", () => resolve(null));
                child.on("close", (c, sig) => resolve(c ?? (sig ? 128 : null)));
            });
            proxy?.fail(new Error("the policy pack exited"));
            proxy?.server.forceShutdown();
            if (code === 0) {
                call.end();
            } else {
                fail(
                    code === null
                        ? "Problem executing plugin program (could not run language executor)"
                        : `Program exited with non-zero exit code: ${code}`,
                );
            }
        };
        start().catch((e) => {
            proxy?.server.forceShutdown();
            fail(e);
        });
    }
}

/** Starts the host, prints its port for the CLI and serves until the CLI goes away. */
export async function main(argv: readonly string[]): Promise<void> {
    const args = parseHostArgs(argv);
    if (args.showVersion) {
        process.stdout.write(`${HOST_VERSION}\n`);
        return;
    }
    if (args.runtime !== "nodejs") {
        throw new Error(`unsupported runtime: ${args.runtime}`);
    }
    execFileSync(process.execPath, ["--version"]); // the node we run programs with must start
    const server = new grpc.Server();
    server.addService(
        langGrpc.LanguageRuntimeService,
        new NodeLanguageHost(args.engineAddress, args.tracing).implementation(),
    );
    const port = await bind(server);
    process.stdout.write(`${port}\n`);
    const parent = process.ppid;
    const stop = (signal: NodeJS.Signals): void => {
        killChildren(signal);
        server.forceShutdown();
        process.exit(0);
    };
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
    // The CLI kills its plugins when it is done; if it dies first, do not outlive it.
    setInterval(() => {
        if (process.ppid !== parent) {
            stop("SIGTERM");
        }
    }, 1000).unref();
}

if (require.main === module) {
    main(process.argv.slice(2)).catch((err: unknown) => {
        process.stderr.write(
            `pulumi-language-nodejs (${path.basename(__filename)}): ${err instanceof Error ? err.message : String(err)}\n`,
        );
        process.exit(1);
    });
}

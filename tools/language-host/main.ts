// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Our own `pulumi-language-nodejs`: the pulumirpc.LanguageRuntime service the Pulumi CLI starts to run
// a Node.js program (Run) or a policy pack (RunPlugin). The upstream Go host is not served by the Go
// module proxy these machines reach (see docs/offline-preview.md), so this one implements exactly the
// calls `pulumi preview/up/destroy --policy-pack` make, with the stubs shipped in @pulumi/pulumi.
import * as grpc from "@grpc/grpc-js";
import * as langGrpc from "@pulumi/pulumi/proto/language_grpc_pb";
import * as langPb from "@pulumi/pulumi/proto/language_pb";
import * as pluginPb from "@pulumi/pulumi/proto/plugin_pb";
import { execFileSync, spawn } from "child_process";
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
import { PolicyProxy } from "./policyProxy";
import { envList, killChildren, locateModule, optionsOf, track } from "./processes";
import { bind, unary } from "./rpc";

/** Reported by GetPluginInfo: this host's own version, not upstream's. */
export const HOST_VERSION = "0.1.0";
// The runner exits with this code after it already showed the user an actionable message.
const EXIT_ALREADY_REPORTED = 32;

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

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as pulumi from "@pulumi/pulumi";
import { PROJECT } from "../../config/schema";

/** One resource registration as the engine would receive it. */
export interface RecordedResource {
    type: string;
    name: string;
    urn: string;
    /** Parent URN ("" for the stack root). */
    parent: string;
    /** Provider reference `<provider urn>::<provider id>`, "" when none is set. */
    provider: string;
    custom: boolean;
    /** Inputs, deserialized (secrets and unknowns as the SDK gives them to mocks). */
    inputs: Record<string, unknown>;
    /** Inputs in wire form (google.protobuf.Struct as JS): secrets and unknowns keep their sentinels. */
    wireInputs: Record<string, unknown>;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    options: {
        protect: boolean | undefined;
        retainOnDelete: boolean | undefined;
        import: string;
        deleteBeforeReplace: boolean;
        ignoreChanges: string[];
        customTimeouts: { create: string; update: string; delete: string } | undefined;
        /** Alias URNs, or an alias spec as JSON when it is not a plain URN. */
        aliases: string[];
    };
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getProvider(): string;
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(cb: (v: { getUrnsList(): string[] }, k: string) => void): void };
    getProtect(): boolean;
    hasProtect?(): boolean;
    getRetainondelete(): boolean;
    hasRetainondelete?(): boolean;
    getImportid(): string;
    getDeletebeforereplace(): boolean;
    getIgnorechangesList(): string[];
    getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
    getAliasesList(): { toObject(): unknown; getUrn?(): string }[];
}

interface MockMonitorLike {
    newUrn(parent: string, type: string, name: string): string;
    registerResource(req: RegisterRequest, cb: (err: unknown, res?: unknown) => void): Promise<void>;
    registerResourceOutputs(req: unknown, cb: (err: unknown, res?: unknown) => void): void;
}

/** Records every registration of a program run under the SDK's mock runtime. */
export class Recorder {
    public readonly resources: RecordedResource[] = [];
    private inFlight = 0;

    /** @internal */
    public track<T>(p: Promise<T>): Promise<T> {
        this.inFlight++;
        return p.finally(() => this.inFlight--);
    }

    /** Resolves once no registration has been in flight for several event-loop turns. */
    public async settle(): Promise<void> {
        let quiet = 0;
        while (quiet < 20) {
            await new Promise((r) => setImmediate(r));
            quiet = this.inFlight === 0 ? quiet + 1 : 0;
        }
    }

    /** Resources of a type token. */
    public ofType(type: string): RecordedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    /** The single resource with this name; throws when there is not exactly one. */
    public byName(name: string): RecordedResource {
        const found = this.resources.filter((r) => r.name === name);
        if (found.length !== 1) {
            throw new Error(
                `expected one resource named ${name}, found ${found.length}: ${this.resources.map((r) => r.name).join(", ")}`,
            );
        }
        return found[0];
    }
}

/** Options of {@link startMockRuntime}. */
export interface MockRuntimeOptions {
    /** Run as `pulumi preview` (default true): new resources get no ID and outputs beyond their inputs stay unknown. */
    preview?: boolean;
}

/**
 * Points the Pulumi runtime at a fresh mock monitor for `stack` and returns a recorder of everything
 * registered from now on. Mocks return the inputs as state; in preview a custom resource gets no ID,
 * so its `id` and every output it would only know after creation stay unknown, as in a real preview.
 */
export async function startMockRuntime(stack: string, options: MockRuntimeOptions = {}): Promise<Recorder> {
    const recorder = new Recorder();
    const preview = options.preview ?? true;
    await pulumi.runtime.setMocks(
        {
            newResource: (args: pulumi.runtime.MockResourceArgs) => ({
                id: args.custom && !preview ? `${args.name}-id` : undefined,
                state: { ...args.inputs },
            }),
            call: (args: pulumi.runtime.MockCallArgs) => ({ ...args.inputs }),
        },
        PROJECT,
        stack,
        preview,
    );
    const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitorLike;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) =>
        recorder.track(
            (async () => {
                recorder.resources.push(recordOf(monitor, req));
                await register(req, cb);
            })(),
        );
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req, cb) => {
        void recorder.track(
            new Promise<void>((resolve) =>
                registerOutputs(req, (err, res) => {
                    cb(err, res);
                    resolve();
                }),
            ),
        );
    };
    return recorder;
}

function recordOf(monitor: MockMonitorLike, req: RegisterRequest): RecordedResource {
    // The Struct is converted once; the deserialized form is only built for the callers that read it.
    const wireInputs = req.getObject()?.toJavaScript() ?? {};
    let inputs: Record<string, unknown> | undefined;
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((v, k) => {
        propertyDependencies[k] = v.getUrnsList();
    });
    const timeouts = req.getCustomtimeouts();
    return {
        type: req.getType(),
        name: req.getName(),
        urn: monitor.newUrn(req.getParent(), req.getType(), req.getName()),
        parent: req.getParent(),
        provider: req.getProvider(),
        custom: req.getCustom(),
        get inputs(): Record<string, unknown> {
            inputs ??= pulumi.runtime.deserializeProperties({ toJavaScript: () => wireInputs } as never) as Record<
                string,
                unknown
            >;
            return inputs;
        },
        wireInputs,
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        options: {
            protect: req.hasProtect && !req.hasProtect() ? undefined : req.getProtect(),
            retainOnDelete: req.hasRetainondelete && !req.hasRetainondelete() ? undefined : req.getRetainondelete(),
            import: req.getImportid(),
            deleteBeforeReplace: req.getDeletebeforereplace(),
            ignoreChanges: req.getIgnorechangesList(),
            customTimeouts: timeouts
                ? { create: timeouts.getCreate(), update: timeouts.getUpdate(), delete: timeouts.getDelete() }
                : undefined,
            aliases: req.getAliasesList().map((a) => a.getUrn?.() || JSON.stringify(a.toObject())),
        },
    };
}

/** Thrown when a recorded run registered nothing: an empty graph proves nothing. */
export class EmptyRunError extends Error {
    constructor(stack: string) {
        super(`the program registered no resource for stack ${stack}; refusing to judge an empty graph`);
        this.name = "EmptyRunError";
    }
}

/**
 * Runs `build` under fresh preview-mode mocks for `stack` and returns every registration once the
 * program has settled. Several stacks can be recorded one after another in one process.
 */
export async function recordProgram(
    stack: string,
    build: () => void,
    options: MockRuntimeOptions = {},
): Promise<RecordedResource[]> {
    const recorder = await startMockRuntime(stack, options);
    // The SDK captures a stack trace for every internal promise (debugging aid for leaked promises);
    // recording does not need them, and they are a fifth of its time. Restored afterwards.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        build();
        await recorder.settle();
    } finally {
        Error.stackTraceLimit = limit;
    }
    if (recorder.resources.length === 0) {
        throw new EmptyRunError(stack);
    }
    return recorder.resources;
}

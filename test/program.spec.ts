// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ConfigError } from "../config/issues";
import { loadRuntimeStackConfig, RuntimeConfig } from "../config/load";
import { startMockRuntime } from "./support/runtime";
import { PROJECT_DIR } from "./support/stacks";

const ENTRY = require.resolve("../index");

/** The config map the engine hands a program for a stack file: structured values as JSON, as PULUMI_CONFIG carries them. */
function engineConfigOf(stack: string): Record<string, string> {
    const doc = parse(fs.readFileSync(path.join(PROJECT_DIR, `Pulumi.${stack}.yaml`), "utf8")) as {
        config: Record<string, unknown>;
    };
    return Object.fromEntries(
        Object.entries(doc.config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
}

/** Loads the real program entry under mocks for `stack` with the given config; returns the recorder and the load error. */
async function runProgram(stack: string, config: Record<string, string>, secretKeys: string[] = []) {
    const recorder = await startMockRuntime(stack);
    pulumi.runtime.setAllConfig(config, secretKeys);
    delete require.cache[ENTRY];
    let error: unknown;
    try {
        // The entry must load after the mocks and again per stack: a cached static import cannot.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(ENTRY);
    } catch (err) {
        error = err;
    }
    await recorder.settle();
    pulumi.runtime.setAllConfig({});
    return { recorder, error };
}

describe("program entry (index.ts)", () => {
    it("runs the infra stack from its Pulumi config", async () => {
        const { recorder, error } = await runProgram("infra", engineConfigOf("infra"));
        assert.strictEqual(error, undefined);
        assert.strictEqual(recorder.resources.length, 24);
        assert.strictEqual(
            recorder.resources.find((r) => r.type === "pulumi:providers:kubernetes")?.inputs.context,
            "infra",
        );
    });

    it("takes a value set with `pulumi config set --path` like one from the stack file", async () => {
        const config = engineConfigOf("infra");
        const network = JSON.parse(config["cluster-platform:network"]);
        network.clusterMeshIp = "10.25.11.101";
        const { recorder, error } = await runProgram("infra", {
            ...config,
            "cluster-platform:network": JSON.stringify(network),
        });
        assert.strictEqual(error, undefined);
        const release = recorder.resources.find((r) => r.name === "infra-cilium-release")!;
        const values = release.inputs.values as { clustermesh: { apiserver: { service: { annotations: object } } } };
        assert.deepStrictEqual(values.clustermesh.apiserver.service.annotations, {
            "io.cilium/lb-ipam-ips": "10.25.11.101",
        });
    });

    it("refuses a stack without config, naming every missing key and registering nothing", async () => {
        const { recorder, error } = await runProgram("prod", {});
        assert.ok(error instanceof Error);
        assert.deepStrictEqual(error.message.split("\n"), [
            "invalid stack configuration (6 problems):",
            '  - stack prod: pulumi:disable-default-providers: must list "kubernetes" so no resource can reach a cluster through the ambient kubeconfig context',
            "  - stack prod: cluster-platform:cluster: is required (expected an object)",
            "  - stack prod: cluster-platform:kubernetes: is required (expected an object)",
            "  - stack prod: cluster-platform:network: is required (expected an object)",
            "  - stack prod: cluster-platform:cilium: is required (expected an object)",
            "  - stack prod: cluster-platform:bgp: is required (expected an object)",
        ]);
        assert.strictEqual(recorder.resources.length, 0);
    });
});

describe("config through Pulumi's config system", () => {
    const runtime = (stack: string, change?: (c: Record<string, unknown>) => void): RuntimeConfig => {
        const values: Record<string, unknown> = Object.fromEntries(
            Object.entries(engineConfigOf(stack)).map(([k, v]) => [
                k,
                v.startsWith("{") || v.startsWith("[") ? JSON.parse(v) : v,
            ]),
        );
        change?.(values);
        return { values, secretKeys: new Set() };
    };

    it("validates with the zod schema and names the key path of each problem", () => {
        assert.throws(
            () =>
                loadRuntimeStackConfig(
                    "infra",
                    runtime(
                        "infra",
                        (c) => ((c["cluster-platform:network"] as { podCidr: string }).podCidr = "10.244.0.0"),
                    ),
                ),
            (err: ConfigError) => {
                assert.deepStrictEqual(
                    err.issues.map((i) => [i.file, i.path]),
                    [["stack infra", "cluster-platform:network.podCidr"]],
                );
                assert.match(
                    err.issues[0].message,
                    /must be an IPv4 CIDR such as 10\.244\.0\.0\/16 \(got "10\.244\.0\.0"\)/,
                );
                return true;
            },
        );
    });

    it("reads no other stack's file, so an invalid sibling cannot block this stack", () => {
        // Only the running stack's values are passed in; cross-stack rules stay in `npm run config:check`.
        assert.strictEqual(loadRuntimeStackConfig("infra", runtime("infra")).cluster.name, "infra");
    });

    it("accepts the Dragonfly password only as a secret", () => {
        const withPassword = runtime("infra", (c) => (c["cluster-platform:dragonflyPassword"] = "hunter2-hunter2"));
        assert.throws(
            () => loadRuntimeStackConfig("infra", withPassword),
            /stack infra: cluster-platform:dragonflyPassword: is a secret and must not be in plaintext; set it with: pulumi config set --secret cluster-platform:dragonflyPassword --stack infra/,
        );
        const secret = { ...withPassword, secretKeys: new Set(["cluster-platform:dragonflyPassword"]) };
        assert.strictEqual(loadRuntimeStackConfig("infra", secret).cluster.name, "infra");
    });
});

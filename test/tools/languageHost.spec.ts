// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
    parseHostArgs,
    parseNodeOptions,
    pluginOfPackage,
    programConfig,
    requiredPackages,
    runArguments,
    splitWords,
    typescriptEnv,
} from "../../tools/language-host/args";
import { PROJECT_DIR } from "../support/stacks";
import { scratchDir } from "../support/scratch";

describe("our language host: command line, options, config and packages", () => {
    it("takes the engine address as the last argument after the CLI's flags", () => {
        assert.deepStrictEqual(
            parseHostArgs(["--logtostderr", "-v=9", "--tracing", "http://t:9411", "127.0.0.1:4567"]),
            {
                engineAddress: "127.0.0.1:4567",
                tracing: "http://t:9411",
                runtime: "nodejs",
                showVersion: false,
            },
        );
        assert.deepStrictEqual(parseHostArgs(["-version"]).showVersion, true);
    });

    it("reads the runtime options of Pulumi.yaml, rejecting a wrong type by name", () => {
        assert.deepStrictEqual(parseNodeOptions({}), { typescript: true, nodeargs: [] });
        assert.deepStrictEqual(
            parseNodeOptions({
                typescript: false,
                tsconfig: "tsconfig.pulumi.json",
                nodeargs: "--max-old-space-size=4096 --require 'a b'",
            }),
            {
                typescript: false,
                tsconfig: "tsconfig.pulumi.json",
                nodeargs: ["--max-old-space-size=4096", "--require", "a b"],
            },
        );
        assert.throws(() => parseNodeOptions({ typescript: "yes" }), /^Error: typescript option must be a boolean$/);
        assert.throws(() => splitWords('a "b'), /unterminated " in nodeargs: a "b/);
        assert.deepStrictEqual(typescriptEnv({ typescript: true, tsconfig: "t.json", nodeargs: [] }), [
            "PULUMI_NODEJS_TYPESCRIPT=true",
            "PULUMI_NODEJS_TSCONFIG_PATH=t.json",
        ]);
    });

    it("builds the runner's command line as the upstream host does", () => {
        assert.deepStrictEqual(
            runArguments("/p/node_modules/@pulumi/pulumi/cmd/run/index.js", {
                monitor: "127.0.0.1:1",
                engine: "127.0.0.1:2",
                project: "cluster-platform",
                stack: "infra",
                pwd: "/p",
                dryRun: true,
                parallel: 48,
                entryPoint: ".",
                args: [],
            }),
            [
                "/p/node_modules/@pulumi/pulumi/cmd/run/index.js",
                "--monitor",
                "127.0.0.1:1",
                "--engine",
                "127.0.0.1:2",
                "--project",
                "cluster-platform",
                "--stack",
                "infra",
                "--pwd",
                "/p",
                "--dry-run",
                "--parallel",
                "48",
                ".",
            ],
        );
    });

    it("presents config keys in the <namespace>:config:<name> form every SDK reads", () => {
        assert.strictEqual(
            programConfig(
                new Map([
                    ["cluster-platform:cluster", '{"name":"infra"}'],
                    ["pulumi:disable-default-providers", '["kubernetes"]'],
                ]),
            ),
            '{"cluster-platform:config:cluster":"{\\"name\\":\\"infra\\"}","pulumi:config:disable-default-providers":"[\\"kubernetes\\"]"}',
        );
        assert.throws(() => programConfig({ nons: "x" }), /config key "nons" has no namespace/);
    });

    it("finds the provider plugins of the installed packages, and no others", () => {
        assert.deepStrictEqual(requiredPackages(PROJECT_DIR), [
            { name: "kubernetes", kind: "resource", version: "v4.34.2", server: "" },
        ]);
        assert.deepStrictEqual(
            pluginOfPackage(
                { name: "@acme/thing", version: "1.2.3", pulumi: { resource: true, server: "https://x" } },
                "p",
            ),
            { name: "acme/thing", kind: "resource", version: "v1.2.3", server: "https://x" },
        );
        assert.strictEqual(pluginOfPackage({ name: "zod", version: "4.6.7" }, "p"), undefined);
        assert.throws(
            () => pluginOfPackage({ pulumi: { resource: true } }, "/x/package.json"),
            /\/x\/package.json: missing expected "name" property/,
        );
    });

    it("skips a nested policy pack's node_modules", () => {
        const dir = scratchDir("cp-host-");
        try {
            const pkg = (where: string, name: string): void => {
                fs.mkdirSync(where, { recursive: true });
                fs.writeFileSync(
                    path.join(where, "package.json"),
                    JSON.stringify({ name, version: "1.0.0", pulumi: { resource: true } }),
                );
            };
            pkg(path.join(dir, "node_modules", "@pulumi", "random"), "@pulumi/random");
            fs.mkdirSync(path.join(dir, "pack"));
            fs.writeFileSync(path.join(dir, "pack", "PulumiPolicy.yaml"), "runtime: nodejs\n");
            pkg(path.join(dir, "pack", "node_modules", "@pulumi", "aws"), "@pulumi/aws");
            assert.deepStrictEqual(
                requiredPackages(dir).map((p) => p.name),
                ["random"],
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

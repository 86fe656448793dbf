// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The contract of policies/runtime/: the patches lean on @pulumi/policy's and @pulumi/pulumi's
// private behaviour. Every check fails loudly, naming the files to re-check, when the SDK changes
// under them — before a verdict or a speed figure silently goes wrong.
import * as assert from "assert";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { StackRequestBuilder } from "../../engine/protocol/messages";
import { PackClient } from "../../engine/protocol/client";
import { providersByUrn } from "../../engine/recording/graph";
import { RecordedResource } from "../../engine/recording/program";
import { PATCHED_AGAINST, PATCHED_FILES } from "../../policies/runtime/contract";
import { unknownCheckingProxy } from "../../policies/runtime/sdkInternals";
import { SECRET_SIG, SECRET_SIG_KEY, UNKNOWN_SENTINEL, UNKNOWN_SENTINELS } from "../../policies/runtime/wire";
import { scratchDir } from "../support/scratch";
import { recordedStacks } from "../support/stacks";

const ROOT = path.resolve(__dirname, "..", "..");
const PACK_DIR = path.join(ROOT, "policies");
/** Where the pack process resolves its modules from: the pack's own folder. */
const fromPack = (request: string): string => require.resolve(request, { paths: [PACK_DIR] });
const recheck = (files: readonly string[]): string => `re-check ${files.join(", ")}`;

describe("SDK contract of policies/runtime/ (the patches' assumptions hold for the installed SDK)", function () {
    this.timeout(240000);

    it("the installed SDK versions, from the repository and from the pack, are the ones the patches were written against", () => {
        const every = PATCHED_FILES.flatMap((f) => f.recheck);
        for (const [pkg, version] of Object.entries(PATCHED_AGAINST)) {
            for (const [where, dir] of [
                ["repository", ROOT],
                ["pack", PACK_DIR],
            ] as const) {
                const manifest = require.resolve(`${pkg}/package.json`, { paths: [dir] });
                const installed = (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }).version;
                assert.strictEqual(
                    installed.replace(/^v/, ""),
                    version,
                    `${pkg} resolved from the ${where} is ${installed}, the patches were written against ${version}: ${recheck([...new Set(every)])}, then update policies/runtime/contract.ts`,
                );
            }
        }
    });

    it("the SDK files the patches rely on are unchanged", () => {
        assert.strictEqual(PATCHED_FILES.length, 6);
        for (const f of PATCHED_FILES) {
            const file = fromPack(f.module);
            const sha = createHash("sha256").update(fs.readFileSync(file)).digest("hex");
            assert.strictEqual(
                sha,
                f.sha256,
                `${f.module} changed (the patches rely on: ${f.reliedOn}): ${recheck(f.recheck)}, then update its hash in policies/runtime/contract.ts`,
            );
        }
    });

    it("the root and policies/ lockfiles resolve the same SDK versions", () => {
        const lock = (dir: string): Record<string, { version?: string }> =>
            (
                JSON.parse(fs.readFileSync(path.join(dir, "package-lock.json"), "utf8")) as {
                    packages: Record<string, { version?: string }>;
                }
            ).packages;
        const root = lock(ROOT);
        const pack = lock(PACK_DIR);
        for (const pkg of Object.keys(PATCHED_AGAINST)) {
            const a = root[`node_modules/${pkg}`]?.version;
            const b = pack[`node_modules/${pkg}`]?.version;
            assert.ok(a, `package-lock.json resolves no ${pkg}`);
            assert.strictEqual(b, a, `policies/package-lock.json resolves ${pkg} ${b}, package-lock.json ${a}`);
        }
    });

    it("the wire constants are the SDK's own", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const rpc = require(fromPack("@pulumi/pulumi/runtime/rpc")) as Record<string, unknown>;
        const files = recheck(["policies/runtime/wire.ts"]);
        assert.strictEqual(SECRET_SIG_KEY, rpc.specialSigKey, `specialSigKey changed: ${files}`);
        assert.strictEqual(SECRET_SIG, rpc.specialSecretSig, `specialSecretSig changed: ${files}`);
        assert.strictEqual(UNKNOWN_SENTINEL, rpc.unknownValue, `unknownValue changed: ${files}`);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const proxy = require(fromPack("@pulumi/policy/proxy")) as Record<string, unknown>;
        const sdkSentinels = Object.entries(proxy)
            .filter(([k, v]) => /^unknown\w*Value$/.test(k) && typeof v === "string")
            .map(([, v]) => v as string);
        assert.ok(sdkSentinels.length >= 7, `the SDK's proxy exports ${sdkSentinels.length} unknown sentinels`);
        assert.deepStrictEqual(
            [...UNKNOWN_SENTINELS].sort(),
            [...new Set([...sdkSentinels, UNKNOWN_SENTINEL])].sort(),
            `the SDK's unknown sentinels changed: ${files}`,
        );
    });

    /** A plain deep copy of `value`, read only through property enumeration and access. */
    const copyThrough = (value: unknown): unknown => {
        if (typeof value !== "object" || value === null) {
            return value;
        }
        if (Array.isArray(value)) {
            return Array.from({ length: value.length }, (_, i) => copyThrough(value[i]));
        }
        return Object.fromEntries(
            Object.keys(value).map((k) => [k, copyThrough((value as Record<string, unknown>)[k])]),
        );
    };

    it("the proxy the patch skips for unknown-free data does nothing but check unknowns", () => {
        const samples: Record<string, unknown>[] = [
            { spec: { replicas: 3, labels: { app: "df" }, args: ["--a", "--b"], empty: {}, none: null } },
            { a: [[1, 2], [{ b: true }]], s: "", n: 0, f: false },
            { [SECRET_SIG_KEY]: SECRET_SIG, value: "x" },
            { nested: { deeper: { deepest: [{ x: "y" }] } } },
        ];
        const files = recheck(["policies/runtime/deserializeOnce.ts", "engine/inprocess/policyView.ts"]);
        for (const raw of samples) {
            const proxied = unknownCheckingProxy(raw);
            // Node 26's deepStrictEqual tells a Proxy from its target, so the comparison reads a copy taken
            // through the proxy's own traps (ownKeys, get) instead of the proxy itself.
            assert.deepStrictEqual(copyThrough(proxied), raw, `the SDK proxy changed a plain value: ${files}`);
            assert.strictEqual(
                JSON.stringify(proxied),
                JSON.stringify(raw),
                `the SDK proxy changed serialization: ${files}`,
            );
            const walk = (p: unknown, r: unknown, at: string): void => {
                if (typeof r !== "object" || r === null) {
                    assert.strictEqual(p, r, `the SDK proxy returned another value at ${at}: ${files}`);
                    return;
                }
                assert.strictEqual(Array.isArray(p), Array.isArray(r), `array-ness changed at ${at}: ${files}`);
                assert.deepStrictEqual(Object.keys(p as object), Object.keys(r), `keys changed at ${at}: ${files}`);
                for (const k of Object.keys(r)) {
                    assert.ok(k in (p as object), `\`in\` changed at ${at}.${k}: ${files}`);
                    walk((p as Record<string, unknown>)[k], (r as Record<string, unknown>)[k], `${at}.${k}`);
                }
            };
            walk(proxied, raw, "");
        }
        // The one duty it has: an unknown throws.
        assert.throws(() => (unknownCheckingProxy({ a: UNKNOWN_SENTINEL }) as { a: string }).a, /can't be known/);
    });

    describe("one AnalyzeStack through the real pack deserializes each resource at most once", () => {
        let resources: RecordedResource[];
        before(async () => {
            resources = (await recordedStacks())[0];
        });

        /** Per request Struct, how often the SDK deserializer did real work during one AnalyzeStack. */
        async function deserializationsPerStruct(entry: string[]): Promise<number[]> {
            const file = path.join(scratchDir("contract-"), "counts.txt");
            fs.writeFileSync(file, "");
            const saved = process.env.DESERIALIZE_COUNT_FILE;
            process.env.DESERIALIZE_COUNT_FILE = file;
            const client = await PackClient.start({ entry }).finally(() => {
                process.env.DESERIALIZE_COUNT_FILE = saved;
                if (saved === undefined) {
                    delete process.env.DESERIALIZE_COUNT_FILE;
                }
            });
            try {
                const providers = providersByUrn(resources);
                await client.configureStack("infra", "cluster-platform");
                await client.analyzeStack(resources, providers, new StackRequestBuilder(resources, providers));
            } finally {
                await client.stop();
            }
            const counts = new Map<string, number>();
            for (const id of fs.readFileSync(file, "utf8").split("\n").filter(Boolean)) {
                counts.set(id, (counts.get(id) ?? 0) + 1);
            }
            return [...counts.values()];
        }

        const counter = ["-r", path.join(__dirname, "support", "countDeserializations.js")];
        const tsNode = ["-r", "ts-node/register/transpile-only"];

        it("without the patches (control): the SDK deserializes a resource once per stack policy", async () => {
            const counts = await deserializationsPerStruct([
                ...counter,
                ...tsNode,
                path.join(__dirname, "support", "unpatchedPack.ts"),
            ]);
            assert.ok(
                counts.length >= resources.length - 5,
                `${counts.length} Structs deserialized for ${resources.length} resources`,
            );
            assert.ok(Math.max(...counts) > 1, "the counter sees every deserialization the server asks for");
        });

        it("with the pack's entry: at most once per resource", async () => {
            const counts = await deserializationsPerStruct([...counter, ...tsNode, "index.ts"]);
            assert.ok(
                counts.every((n) => n <= 1),
                `a resource was deserialized ${Math.max(...counts)} times in one AnalyzeStack: @pulumi/policy's server no longer goes through the memo of ${recheck(["policies/runtime/deserializeOnce.ts", "policies/index.ts"])}`,
            );
        });
    });
});

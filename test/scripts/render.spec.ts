// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { readManifests } from "../../engine/manifests/read";
import { recordStack } from "../../engine/recording/stack";
import { SECRET_SIG, SECRET_SIG_KEY } from "../../policies/runtime/wire";
import { runRender, splitRendered } from "../../scripts/render";
import { PROJECT_DIR, realStackConfig, STACKS } from "../support/stacks";
import { scratchDir } from "../support/scratch";

async function render(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await runRender(
        args,
        PROJECT_DIR,
        (s) => (out += `${s}\n`),
        (s) => (err += `${s}\n`),
    );
    return { code, out, err };
}

describe("npm run render", function () {
    this.timeout(120000);

    it("writes one folder per stack: applicable objects apart from Pulumi-only records", async () => {
        const dir = scratchDir("cp-render-");
        fs.mkdirSync(path.join(dir, "infra", "manifests"), { recursive: true });
        fs.writeFileSync(path.join(dir, "infra", "manifests", "stale.yaml"), "apiVersion: v1\nkind: Namespace\n");
        const r = await render(["--out", dir]);
        assert.strictEqual(r.code, 0, r.err);
        assert.deepStrictEqual(fs.readdirSync(dir).sort(), [...STACKS].sort());
        assert.ok(!fs.existsSync(path.join(dir, "infra", "manifests", "stale.yaml")), "stale objects are removed");
        for (const stack of STACKS) {
            const manifests = fs.readdirSync(path.join(dir, stack, "manifests"));
            const pulumiOnly = fs.readdirSync(path.join(dir, stack, "pulumi-only"));
            assert.match(
                r.out,
                new RegExp(
                    `^render: stack ${stack}: ${manifests.length} objects in .*, ${pulumiOnly.length} Pulumi-only in `,
                    "m",
                ),
            );
            for (const f of manifests) {
                const text = fs.readFileSync(path.join(dir, stack, "manifests", f), "utf8");
                const docs = parseAllDocuments(text).map((d) => d.toJS());
                assert.strictEqual(docs.length, 1, f);
                const [o] = docs;
                assert.ok(typeof o.apiVersion === "string" && typeof o.kind === "string" && o.metadata?.name, f);
                assert.notStrictEqual(o.apiVersion, "helm.sh/v3", f);
                assert.ok(!text.includes("[secret]") && !text.includes("(unknown)"), f);
            }
            assert.ok(pulumiOnly.some((f) => f.startsWith("_provider-")));
        }
        assert.match(r.out, /^ {2}pulumi-only release-infra-cilium-release\.yaml: Helm release \(Pulumi-managed; /m);
        // Both folders together keep the graph: manifest mode reads them with the same resource count.
        const infra = await recordStack(realStackConfig("infra"));
        assert.strictEqual(readManifests([path.join(dir, "infra")], "infra").length, infra.length);
    });

    it("puts an object holding a redacted secret with the Pulumi-only records", async () => {
        const infra = await recordStack(realStackConfig("infra"));
        const secret = JSON.parse(JSON.stringify(infra.find((r) => r.name === "infra-dragonfly-namespace")!));
        secret.type = "kubernetes:core/v1:Secret";
        secret.name = "auth";
        secret.urn = secret.urn.replace(/Namespace::.*$/, "Secret::auth");
        secret.wireInputs = {
            metadata: { name: "auth" },
            stringData: { [SECRET_SIG_KEY]: SECRET_SIG, value: "x" },
        };
        const { manifests, pulumiOnly } = splitRendered([...infra, secret]);
        assert.ok(!manifests.some((m) => m.file === "secret-auth.yaml"));
        assert.deepStrictEqual(
            pulumiOnly.filter((p) => p.file === "secret-auth.yaml").map((p) => p.reason),
            ["holds a redacted secret; create it from your secret store"],
        );
    });

    it("--help prints usage and exits 0; a bad option or unknown stack exits 2", async () => {
        const help = await render(["--help"]);
        assert.strictEqual(help.code, 0);
        assert.match(help.out, /^usage: npm run render -- \[--stack <name>\|all\] \[--out <dir>\]/);
        const bad = await render(["--nope"]);
        assert.strictEqual(bad.code, 2);
        assert.match(bad.err, /^render: Unknown option '--nope'/);
        const unknown = await render(["--stack=prod"]);
        assert.deepStrictEqual(
            [unknown.code, unknown.err.trim()],
            [
                2,
                `render: unknown stack "prod"; this project has ${STACKS.join(", ")} (or all): one per Pulumi.<stack>.yaml`,
            ],
        );
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// A third cluster, as docs/adding-a-stack.md walks through: generated into a temp copy of the
// project, discovered from its stack file alone, validated, checked end to end and rendered.
import * as assert from "assert";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import * as fs from "fs";
import * as path from "path";
import { findStackFiles, stackNameOf } from "../../config/stackFile";
import { runCheck } from "../../scripts/check";
import { runRender } from "../../scripts/render";
import { PROJECT_DIR, STACKS } from "../support/stacks";
import { scratchDir } from "../support/scratch";

/** The third stack's file: Cilium core only, its own id, context, CIDRs, pool, ClusterMesh IP and ASN. */
export function thirdStackFile(name: string): string {
    return [
        `# Stack "${name}": a third cluster (Cilium core only). Validate with \`npm run config:check\`.`,
        "config:",
        "  pulumi:disable-default-providers:",
        "    - kubernetes",
        "  cluster-platform:cluster:",
        `    name: ${name}`,
        "    id: 3",
        "  cluster-platform:kubernetes:",
        `    context: ${name}`,
        "    apiServer:",
        `      host: ${name}-k8s.example.internal`,
        "      port: 6443",
        "  cluster-platform:network:",
        "    podCidr: 10.248.0.0/16",
        "    serviceCidr: 10.249.0.0/16",
        "    loadBalancerPools:",
        `      - name: ${name}-pool`,
        "        start: 10.25.11.140",
        "        stop: 10.25.11.159",
        "    clusterMeshIp: 10.25.11.140",
        "    gatewayIps:",
        "      - name: internal",
        "        ip: 10.25.11.141",
        "  cluster-platform:cilium:",
        "    chartVersion: 1.18.3",
        "    adoptExistingRelease: true",
        "  cluster-platform:bgp:",
        "    localAsn: 64514",
        "    peerAsn: 64501",
        "    peerAddress: 10.25.11.1",
        "    authSecretName: cilium-bgp-peer-auth",
        "  cluster-platform:components:",
        "    dragonfly:",
        "      enabled: false",
        "    floe:",
        "      enabled: false",
        "  cluster-platform:monitoring:",
        "    enabled: true",
        "    namespace: observability",
        "",
    ].join("\n");
}

/** A temp copy of the project (stack files copied, code linked) with one more stack file. */
function projectWithStack(name: string): string {
    const dir = scratchDir("cp-third-");
    for (const f of ["Pulumi.yaml", ...findStackFiles(PROJECT_DIR).map((f) => path.basename(f))]) {
        fs.copyFileSync(path.join(PROJECT_DIR, f), path.join(dir, f));
    }
    for (const d of ["components", "policies"]) {
        fs.symlinkSync(path.join(PROJECT_DIR, d), path.join(dir, d));
    }
    fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), thirdStackFile(name));
    return dir;
}

describe("a generated third stack, end to end", function () {
    this.timeout(180000);
    const project = projectWithStack("edge");

    it("is discovered from its stack file", () => {
        assert.deepStrictEqual(
            findStackFiles(project).map((f) => stackNameOf(f)),
            [...STACKS, "edge"].sort(),
        );
    });

    it("is validated with the others, recorded, judged and reported", async () => {
        const out = path.join(project, "reports");
        let stdout = "";
        let stderr = "";
        const code = await runCheck(
            ["--out", out],
            project,
            (s) => (stdout += `${s}\n`),
            (s) => (stderr += `${s}\n`),
        );
        assert.strictEqual(code, 0, stderr);
        assert.match(stdout, /^stack edge: 11 resources, 0 finding\(s\), gate PASS$/m);
        for (const stack of [...STACKS, "edge"]) {
            assert.match(stdout, new RegExp(`^stack ${stack}: \\d+ resources, `, "m"));
        }
        const sarif = JSON.parse(fs.readFileSync(path.join(out, "all", "results.sarif"), "utf8")) as {
            runs: { automationDetails: { id: string } }[];
        };
        const ajv = new Ajv({ strict: false });
        addFormats(ajv);
        const validate = ajv.compile(
            JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "vendor/schemas/sarif-schema-2.1.0.json"), "utf8")),
        );
        assert.ok(validate(sarif), JSON.stringify(validate.errors));
        assert.ok(
            sarif.runs.some((r: { automationDetails: { id: string } }) => r.automationDetails.id.endsWith("/edge/")),
        );
        const profile = fs.readFileSync(path.join(out, "edge", "risk-profile.md"), "utf8");
        assert.match(profile, /^# Risk Profile — stack edge$/m);
        assert.match(profile, /^\| CIL-TECH-002 \| /m);
        assert.doesNotMatch(profile, /^\| (DFLY|FLOE)-/m);
    });

    it("renders into its own folder", async () => {
        const out = path.join(project, "rendered");
        let stdout = "";
        const code = await runRender(
            ["--stack", "edge", "--out", out],
            project,
            (s) => (stdout += `${s}\n`),
            () => undefined,
        );
        assert.strictEqual(code, 0);
        assert.match(stdout, /^render: stack edge: 7 objects in .*, 4 Pulumi-only in /m);
        assert.deepStrictEqual(fs.readdirSync(out), ["edge"]);
    });

    it("a clash with another stack stops it with exit 3 (render) naming the file", async () => {
        const clash = projectWithStack("edge");
        fs.writeFileSync(
            path.join(clash, "Pulumi.edge.yaml"),
            thirdStackFile("edge").replace("podCidr: 10.248.0.0/16", "podCidr: 10.244.0.0/16"),
        );
        let stderr = "";
        const code = await runRender(
            ["--stack", "edge", "--out", path.join(clash, "rendered")],
            clash,
            () => undefined,
            (s) => (stderr += `${s}\n`),
        );
        assert.strictEqual(code, 3);
        assert.match(stderr, /Pulumi\.edge\.yaml/);
        assert.match(stderr, /10\.244\.0\.0\/16/);
    });
});

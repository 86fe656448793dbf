// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// `check --engine`: in-process (default) and protocol give the same gate, reports and exit code.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseCheckArgs } from "../../scripts/check";
import { check, WEAK_DRAGONFLY_YAML } from "../support/check";
import { scratchDir } from "../support/scratch";

describe("npm run check --engine", function () {
    this.timeout(120000);

    it("defaults to the in-process engine and rejects an unknown engine with exit 2", async () => {
        assert.strictEqual(parseCheckArgs([])?.engine, "inprocess");
        assert.strictEqual(parseCheckArgs(["--engine", "protocol"])?.engine, "protocol");
        assert.deepStrictEqual(await check(["--engine", "grpc"]).then((r) => [r.code, r.err.trim()]), [
            2,
            "check: --engine grpc is not one of inprocess, protocol",
        ]);
    });

    it("gives the same findings on a blocking manifest with either engine", async () => {
        const dir = scratchDir("cp-engine-");
        fs.writeFileSync(
            path.join(dir, "web.yaml"),
            [
                WEAK_DRAGONFLY_YAML,
                "---",
                "apiVersion: apps/v1",
                "kind: Deployment",
                "metadata: { name: web, namespace: shop }",
                "spec:",
                "  selector: { matchLabels: { app: web } }",
                "  template:",
                "    metadata: { labels: { app: web } }",
                "    spec:",
                "      containers: [{ name: app, image: 'nginx:latest' }]",
            ].join("\n"),
        );
        const runs = [];
        for (const engine of ["inprocess", "protocol"]) {
            const out = path.join(dir, engine);
            const r = await check(["--manifests", dir, "--out", out, "--format", "json", "--engine", engine]);
            const json = JSON.parse(r.out) as { stacks: { findings: unknown[] }[] };
            runs.push({ code: r.code, findings: json.stacks[0].findings });
        }
        assert.strictEqual(runs[0].code, 1);
        assert.deepStrictEqual(
            (runs[0].findings as { risk: string }[]).map((f) => f.risk),
            [
                "DFLY-SEC-001",
                ...Array<string>(4).fill("DFLY-CP-B4"),
                "DFLY-TECH-001",
                "DFLY-TECH-002",
                "DFLY-VR-04.4",
                "HYG-IMAGE-001",
                "HYG-RESOURCES-001",
                "HYG-RESOURCES-001",
                ...Array<string>(4).fill("HYG-SECCTX-001"),
                "DFLY-SEC-002",
                "DFLY-VR-08.1",
                "DFLY-VR-08.2",
                "HYG-PROBES-001",
                "HYG-PROBES-001",
                "DFLY-VR-08.3",
            ],
        );
        assert.deepStrictEqual(runs[0], runs[1]);
    });
});

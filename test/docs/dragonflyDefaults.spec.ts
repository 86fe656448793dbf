// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// docs/dragonfly.md's table of the validation report's defaults states the schema's own defaults and
// quotes the report's lines as they are.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { DragonflySchema } from "../../config/dragonflySchema";
import { PROJECT_DIR } from "../support/stacks";

const SEED = path.join(PROJECT_DIR, "test", "fixtures", "seeds", "003_10c17a6d03966378.txt");

describe("docs/dragonfly.md: the validation report's defaults beside the schema's", () => {
    const doc = fs.readFileSync(path.join(PROJECT_DIR, "docs", "dragonfly.md"), "utf8");
    const rows = [...doc.matchAll(/^\| `(dragonfly_\w+)` \((\d+)\) \| ([^|]+) \| `(\w+)` `([^`]+)` \| [^|]+ \|$/gm)];

    it("has a row for each of the report's eight default settings", () => {
        assert.deepStrictEqual(
            rows.map((r) => r[1]),
            [
                "dragonfly_version",
                "dragonfly_operator_version",
                "dragonfly_replicas",
                "dragonfly_maxmemory",
                "dragonfly_threads",
                "dragonfly_cache_mode",
                "dragonfly_slowlog_threshold",
                "dragonfly_slowlog_max_len",
            ],
        );
    });

    it("each 'ours' value is the schema's default", () => {
        const shape = DragonflySchema.shape as Record<string, { parse(v: unknown): unknown }>;
        for (const [, variable, , , key, value] of rows) {
            assert.ok(shape[key], `${variable}: no schema key ${key}`);
            assert.strictEqual(String(shape[key].parse(undefined)), value, `${variable}: ${key}`);
        }
    });

    it("each 'report' value is on the seed line it cites", () => {
        const lines = fs.readFileSync(SEED, "utf8").split("\n");
        for (const [, variable, line, report] of rows) {
            assert.ok(
                lines[Number(line) - 1].includes(`| \`${variable}\` | ${report.trim()} |`),
                `seeds/003 line ${line}: ${lines[Number(line) - 1]}`,
            );
        }
    });
});

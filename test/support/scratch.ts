// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const made: string[] = [];
process.once("exit", () => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A new folder under the system's temporary folder, removed when the test process exits, however the test ended. */
export function scratchDir(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
}

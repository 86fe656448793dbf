// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The protocol engine's transport floor (bench/transportFloor.ts) really makes one round trip per
// resource to a server in another process, and leaves no process behind.
import * as assert from "assert";
import * as fs from "fs";
import { transportFloor } from "../../bench/transportFloor";
import { RecordedResource } from "../../engine/recording/program";
import { defaultResourceOptions } from "../../engine/manifests/read";

function configMap(i: number): RecordedResource {
    return {
        urn: `urn:pulumi:bench::p::kubernetes:core/v1:ConfigMap::c${i}`,
        type: "kubernetes:core/v1:ConfigMap",
        name: `c${i}`,
        parent: "",
        provider: "",
        custom: true,
        inputs: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `c${i}` } },
        wireInputs: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `c${i}` } },
        dependencies: [],
        propertyDependencies: {},
        options: defaultResourceOptions(),
    };
}

describe("bench: the protocol engine's transport floor", () => {
    it("makes one Analyze call per resource to a server process, reports both CPUs and stops the server", async () => {
        const children = (): string =>
            fs.readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, "utf8").trim();
        const before = children();
        const r = await transportFloor(
            Array.from({ length: 200 }, (_, i) => configMap(i)),
            8,
        );
        assert.strictEqual(r.calls, 200);
        assert.ok(r.seconds > 0 && r.cpu.client > 0 && r.cpu.server > 0, JSON.stringify(r));
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.strictEqual(children(), before);
    });
});

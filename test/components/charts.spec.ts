// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { chartSource } from "../../components/shared/charts";
import { StackConfigSchema } from "../../config/schema";
import { realStackConfig } from "../support/stacks";
import { ciliumReleaseArgs } from "../../components/cilium/core";

describe("chart mirror", () => {
    const cilium = { name: "cilium", version: "1.18.3", repo: "https://helm.cilium.io" };
    const operator = {
        name: "dragonfly-operator",
        version: "v1.6.1",
        oci: "oci://ghcr.io/dragonflydb/dragonfly-operator/helm/dragonfly-operator",
    };

    it("uses the official sources without a mirror", () => {
        assert.deepStrictEqual(chartSource(cilium, undefined), {
            chart: "cilium",
            version: "1.18.3",
            repositoryOpts: { repo: "https://helm.cilium.io" },
        });
        assert.deepStrictEqual(chartSource(operator, undefined), { chart: operator.oci, version: "v1.6.1" });
    });

    it("takes every chart from an OCI mirror by name and version", () => {
        const mirror = { type: "oci" as const, url: "oci://registry.example.io/helm-mirror" };
        assert.deepStrictEqual(chartSource(cilium, mirror), {
            chart: "oci://registry.example.io/helm-mirror/cilium",
            version: "1.18.3",
        });
        assert.deepStrictEqual(chartSource(operator, mirror), {
            chart: "oci://registry.example.io/helm-mirror/dragonfly-operator",
            version: "v1.6.1",
        });
    });

    it("takes every chart from a local directory, relative paths kept relative to the project", () => {
        assert.deepStrictEqual(chartSource(cilium, { type: "directory", path: "test/charts" }), {
            chart: "./test/charts/cilium",
            version: "1.18.3",
        });
        assert.deepStrictEqual(chartSource(operator, { type: "directory", path: "/srv/charts/" }), {
            chart: "/srv/charts/dragonfly-operator",
            version: "v1.6.1",
        });
    });

    it("is read from the stack config and reaches the Cilium release", () => {
        const config = {
            ...realStackConfig("infra"),
            chartMirror: { type: "directory" as const, path: "./test/charts" },
        };
        const args = ciliumReleaseArgs(config);
        assert.deepStrictEqual(
            [args.chart, args.version, args.repositoryOpts],
            ["./test/charts/cilium", "1.18.3", undefined],
        );
    });

    it("rejects a mirror that is neither an oci:// reference nor a directory, naming the key path", () => {
        const base = { ...realStackConfig("infra") } as Record<string, unknown>;
        const bad = StackConfigSchema.safeParse({
            ...base,
            chartMirror: { type: "oci", url: "https://registry.example.io" },
        });
        assert.strictEqual(bad.success, false);
        assert.deepStrictEqual(
            bad.error!.issues.map((i) => [i.path.join("."), i.message]),
            [["chartMirror.url", "must be an oci:// reference such as oci://registry.example.io/charts"]],
        );
        const unknown = StackConfigSchema.safeParse({ ...base, chartMirror: { type: "http", url: "x" } });
        assert.deepStrictEqual(
            unknown.error!.issues.map((i) => i.path.join(".")),
            ["chartMirror.type"],
        );
    });
});

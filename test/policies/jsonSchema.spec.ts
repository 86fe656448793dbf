// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ciliumValues } from "../../components/cilium";
import { CILIUM_CHARTS } from "../../policies/lib/ciliumChart";
import { assertSupportedSchema, validateSchema } from "../../policies/lib/jsonSchema";
import { kubernetesAjv } from "../support/ajv";
import { realStackConfig } from "../support/stacks";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("pack JSON Schema validator (values schemas)", () => {
    const schema = CILIUM_CHARTS["1.18.3"].schema;

    it("refuses a schema keyword it does not implement, naming it and where", () => {
        assert.throws(
            () => assertSupportedSchema({ properties: { a: { type: "string", pattern: "^x" } } }),
            /^Error: values schema keyword "pattern" at #\/properties\/a is not supported by the pack's validator$/,
        );
        assert.throws(() => assertSupportedSchema({ items: [{ type: "string" }] }), /tuple form is not supported/);
        assert.doesNotThrow(() => assertSupportedSchema(schema));
    });

    it("agrees with Ajv on the vendored Cilium 1.18.3 schema, value by value", () => {
        const ajv = kubernetesAjv().compile(schema as object);
        const base = ciliumValues(realStackConfig("infra")) as Obj;
        const changes: ((v: Obj) => void)[] = [
            () => undefined,
            (v) => (v.cluster.id = "1"),
            (v) => (v.cluster.id = 1.5),
            (v) => (v.k8sServicePort = "6443"),
            (v) => (v.k8sServicePort = true),
            (v) => (v.hubble.metrics.enabled = null),
            (v) => (v.hubble.metrics.enabled = {}),
            (v) => (v.envoy = { log: { defaultLevel: null } }),
            (v) => (v.envoy = { log: { defaultLevel: "info" } }),
            (v) => (v.envoy = { log: { defaultLevel: "loud" } }),
            (v) => (v.identityManagementMode = "both"),
            (v) => (v.identityManagementMode = "neither"),
            (v) => (v.ipam.operator = { clusterPoolIPv4PodCIDRList: ["10.0.0.0/8", 3] }),
            (v) => (v.ipam.operator = { clusterPoolIPv4PodCIDRList: "10.0.0.0/8" }),
            (v) => (v.notAKey = { anything: 1 }),
            (v) => (v.hubble = []),
        ];
        changes.forEach((change, i) => {
            const value = JSON.parse(JSON.stringify(base)) as Obj;
            change(value);
            const ours = validateSchema(value, schema);
            assert.strictEqual(
                ours.length === 0,
                ajv(value),
                `case ${i}: ${JSON.stringify(ours)} vs ${JSON.stringify(ajv.errors)}`,
            );
        });
    });

    it("names the path and the problem of each violation", () => {
        const out = validateSchema(
            { a: [1, "x"], b: { c: 2 } },
            {
                type: "object",
                properties: {
                    a: { type: "array", items: { type: "integer" } },
                    b: { properties: { c: { enum: [1] } } },
                },
                required: ["d"],
            },
        );
        assert.deepStrictEqual(out, [
            { path: "d", problem: "is required", fix: "add it" },
            { path: "a[1]", problem: 'must be integer, is string "x"', fix: "write a value of type integer" },
            { path: "b.c", problem: "must be one of 1, is integer 2", fix: "use one of those values" },
        ]);
    });
});

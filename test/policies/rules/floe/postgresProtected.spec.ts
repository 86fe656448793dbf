// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { floePostgresProtected } from "../../../../policies/rules/floe/postgresProtected";
import { GRAPH_ONLY_POLICIES } from "../../../../scripts/check";
import { describeCommon, violationsOf } from "../../helpers";

const policy = resourcePolicy(floePostgresProtected) as ResourceValidationPolicy;
const CLUSTER = "kubernetes:postgresql.cnpg.io/v1:Cluster";
const props = { metadata: { name: "floe-postgres", namespace: "floe-platform" }, spec: { instances: 3 } };

describe("policy cluster-platform-floe-postgres-protected", () => {
    describeCommon(policy, {
        name: "cluster-platform-floe-postgres-protected",
        enforcementLevel: "advisory",
        severity: "low",
        risks: ["FLOE-R-2"],
    });

    it("#1 passes a protected cluster", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { type: CLUSTER, props, opts: { protect: true } }), []);
    });

    it("#2 reports an unprotected cluster", async () => {
        assert.deepStrictEqual(await violationsOf(policy, { type: CLUSTER, props, opts: { protect: false } }), [
            "[FLOE-R-2 · score 3] PostgreSQL cluster floe-platform/floe-postgres is not protected, so a stack change or destroy could delete the databases; declare it with protect: true (and retainOnDelete: true).",
        ]);
    });

    it("#3 is off in manifest mode, where YAML cannot carry protect", async () => {
        assert.ok(GRAPH_ONLY_POLICIES.includes("cluster-platform-floe-postgres-protected"));
    });
});

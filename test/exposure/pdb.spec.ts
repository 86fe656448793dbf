// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { budgetOutcome, BudgetSpec, judgeBudget, scaledValue } from "../../policies/lib/exposure/pdb";
import { operatorObjects } from "../../policies/lib/exposure/dragonflyOperator";

describe("PDB arithmetic as the disruption controller does it", () => {
    /** [value, total, roundUp, expected] — intstr.GetScaledValueFromIntOrPercent. */
    const SCALE: [number | string, number, boolean, number][] = [
        [1, 3, true, 1],
        ["50%", 3, true, 2],
        ["50%", 3, false, 1],
        ["34%", 3, true, 2],
        ["33%", 3, true, 1],
        ["100%", 3, true, 3],
        ["0%", 3, true, 0],
    ];
    for (const [v, total, up, want] of SCALE) {
        it(`scales ${JSON.stringify(v)} of ${total} (roundUp ${up}) to ${want}`, () => {
            assert.strictEqual(scaledValue(v, total, up), want);
        });
    }

    it("rejects a string that is not a percentage with the controller's message", () => {
        assert.throws(() => scaledValue("2", 3, true), {
            message: "invalid value for IntOrString: invalid type: string is not a percentage",
        });
    });

    /** [budget, replicas, desiredHealthy, disruptionsAllowed, verdict with floor 2]. */
    const CASES: [BudgetSpec, number, number, number, string][] = [
        [{ maxUnavailable: 1 }, 3, 2, 1, "ok"],
        [{ maxUnavailable: "50%" }, 3, 1, 2, "belowFloor"],
        [{ minAvailable: "50%" }, 3, 2, 1, "ok"],
        [{ minAvailable: 2 }, 3, 2, 1, "ok"],
        [{ minAvailable: 1 }, 3, 1, 2, "belowFloor"],
        [{ maxUnavailable: 0 }, 3, 3, 0, "blocksEveryEviction"],
        [{ maxUnavailable: "0%" }, 3, 3, 0, "blocksEveryEviction"],
        [{ minAvailable: 3 }, 3, 3, 0, "blocksEveryEviction"],
        [{ minAvailable: "100%" }, 3, 3, 0, "blocksEveryEviction"],
        [{ minAvailable: 5 }, 3, 5, 0, "blocksEveryEviction"],
        [{ maxUnavailable: 5 }, 3, 0, 3, "belowFloor"],
        [{ minAvailable: 2, maxUnavailable: 2 }, 3, 1, 2, "belowFloor"],
        [{ maxUnavailable: 1 }, 2, 1, 1, "ok"],
        [{ minAvailable: 1 }, 1, 1, 0, "blocksEveryEviction"],
        [{}, 3, 0, 3, "belowFloor"],
    ];
    for (const [budget, replicas, desired, allowed, verdict] of CASES) {
        it(`${JSON.stringify(budget)} over ${replicas}: desiredHealthy ${desired}, ${allowed} allowed, ${verdict}`, () => {
            const o = budgetOutcome(budget, replicas);
            assert.deepStrictEqual([o.desiredHealthy, o.disruptionsAllowed], [desired, allowed]);
            assert.strictEqual(judgeBudget(budget, replicas, 2).kind, verdict);
        });
    }
});

describe("dragonfly-operator v1.6.1 objects", () => {
    it("one replica: no PDB, the NetworkPolicy still exists", () => {
        const o = operatorObjects({ name: "df", namespace: "cache", spec: { replicas: 1 } }, "ops");
        assert.strictEqual(o.pdb, undefined);
        assert.deepStrictEqual(
            o.pods.map((p) => p.role),
            ["master"],
        );
        assert.strictEqual(o.networkPolicy?.name, "df");
    });

    it("replicas unset is 0 (no CRD default): no PDB", () => {
        assert.strictEqual(operatorObjects({ name: "df", namespace: "cache", spec: {} }, "ops").pdb, undefined);
    });

    it("three replicas: PDB maxUnavailable 1 by default, master and replica pods", () => {
        const o = operatorObjects({ name: "df", namespace: "cache", spec: { replicas: 3 } }, "ops");
        assert.deepStrictEqual(o.pdb, {
            name: "df",
            namespace: "cache",
            selector: { app: "df", "app.kubernetes.io/part-of": "dragonfly", "app.kubernetes.io/name": "dragonfly" },
            budget: { maxUnavailable: 1 },
        });
        assert.deepStrictEqual(
            o.pods.map((p) => p.labels.role),
            ["master", "replica"],
        );
    });

    it("spec.pdb: maxUnavailable wins over minAvailable, minAvailable used alone", () => {
        const both = operatorObjects(
            { name: "df", namespace: "c", spec: { replicas: 3, pdb: { minAvailable: 2, maxUnavailable: "50%" } } },
            "ops",
        );
        assert.deepStrictEqual(both.pdb?.budget, { maxUnavailable: "50%" });
        const min = operatorObjects(
            { name: "df", namespace: "c", spec: { replicas: 3, pdb: { minAvailable: 2 } } },
            "ops",
        );
        assert.deepStrictEqual(min.pdb?.budget, { minAvailable: 2 });
    });

    it("networkPolicyEnabled: false switches the NetworkPolicy off; memcachedPort adds a port and a rule", () => {
        assert.strictEqual(
            operatorObjects({ name: "df", namespace: "c", spec: { replicas: 2, networkPolicyEnabled: false } }, "ops")
                .networkPolicy,
            undefined,
        );
        const m = operatorObjects({ name: "df", namespace: "c", spec: { replicas: 2, memcachedPort: 11211 } }, "ops");
        assert.deepStrictEqual(
            m.pods[0].ports.map((p) => p.number),
            [6379, 9999, 11211],
        );
        assert.strictEqual((m.networkPolicy?.spec.ingress as unknown[]).length, 3);
        assert.deepStrictEqual(m.networkPolicy?.spec.policyTypes, ["Ingress"]);
    });

    it("pod labels: spec.labels and spec.podMetadata.labels are added to the instance labels", () => {
        const o = operatorObjects(
            {
                name: "df",
                namespace: "c",
                spec: { replicas: 1, labels: { a: "1" }, podMetadata: { labels: { b: "2" } } },
            },
            undefined,
        );
        assert.deepStrictEqual(o.pods[0].labels, {
            app: "df",
            "app.kubernetes.io/part-of": "dragonfly",
            "app.kubernetes.io/name": "dragonfly",
            a: "1",
            b: "2",
            role: "master",
        });
    });
});

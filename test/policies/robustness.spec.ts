// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Malformed but plausible shapes (issue 13 items 6 and 7): no policy crashes, none passes on them.
import * as assert from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../../policies/policies";
import { stackPolicy, StackRule } from "../../policies/lib/rule";
import { dragonflyNetworkIsolation } from "../../policies/rules/dragonfly/networkIsolation";
import { stackArgsOf, stackViolationsOf } from "./helpers";
import { changed, without } from "./rules/dragonfly/stack";

const isolation = stackPolicy(dragonflyNetworkIsolation) as StackValidationPolicy;
const NP = "infra-dragonfly-networkPolicy";
const CR = "infra-dragonfly-dragonfly";
const NOT_ISOLATED =
    "[infra-dragonfly-dragonfly] [DFLY-SEC-001 · score 6] no NetworkPolicy or CiliumNetworkPolicy in namespace dragonfly-system selects the pods of Dragonfly dragonfly-system/dragonfly (labels app=dragonfly, app.kubernetes.io/name=dragonfly); add one whose podSelector matches app=dragonfly with policyTypes [Ingress, Egress].";

/** Every stack policy of the pack over a stack: the messages, and any exception that escaped. */
function allStackPolicies(list: ReturnType<typeof without>): { failures: string[]; escaped: string[] } {
    const failures: string[] = [];
    const escaped: string[] = [];
    const args = stackArgsOf(list);
    for (const p of policies.filter((x): x is StackValidationPolicy => "validateStack" in x)) {
        try {
            void p.validateStack(args, (m: string) => m.includes(" failed on ") && failures.push(m));
        } catch (err) {
            escaped.push(`${p.name}: ${(err as Error).message}`);
        }
    }
    return { failures, escaped };
}

describe("robustness: malformed shapes", () => {
    it("a NetworkPolicy with spec: null isolates nothing (the API server rejects it)", async () => {
        assert.deepStrictEqual(
            await stackViolationsOf(
                isolation,
                changed((n) => (n(NP).props.spec = null)),
            ),
            [NOT_ISOLATED],
        );
    });

    it("ingress: [null] counts as no rule (admits nothing), and no policy crashes on it", async () => {
        const list = changed((n) => (n(NP).props.spec.ingress = [null]));
        assert.deepStrictEqual(await stackViolationsOf(isolation, list), []);
        assert.deepStrictEqual(allStackPolicies(list), { failures: [], escaped: [] });
    });

    it("ports that are not a list count as absent (every port, for the listed peers only) instead of crashing", async () => {
        const list = changed((n) => (n(NP).props.spec.ingress[0].ports = 6379));
        assert.deepStrictEqual(await stackViolationsOf(isolation, list), []);
        assert.deepStrictEqual(allStackPolicies(list), { failures: [], escaped: [] });
    });

    it("a scalar podSelector counts as absent (as if removed: every pod of the namespace), and crashes nothing", async () => {
        const list = changed((n) => (n(NP).props.spec.podSelector = "app=dragonfly"));
        assert.deepStrictEqual(await stackViolationsOf(isolation, list), []);
        assert.deepStrictEqual(allStackPolicies(list), { failures: [], escaped: [] });
    });

    it("a Dragonfly with no spec crashes no policy", () => {
        const list = changed((n) => delete n(CR).props.spec);
        assert.deepStrictEqual(allStackPolicies(list), { failures: [], escaped: [] });
    });

    it("a rule that throws gives 'policy <name> failed on <resource>' at its score, and the others still run", async () => {
        const broken: StackRule = {
            ...dragonflyNetworkIsolation,
            check: () => {
                throw new TypeError("Cannot read properties of null (reading 'ports')");
            },
        };
        const list = without();
        assert.deepStrictEqual(await stackViolationsOf(stackPolicy(broken) as StackValidationPolicy, list), [
            `[DFLY-SEC-001 · score 6] policy cluster-platform-dragonfly-network-isolation failed on the stack (${list.length} resources): Cannot read properties of null (reading 'ports'); the rule could not decide, so this counts as a finding until the input is fixed`,
        ]);
        assert.deepStrictEqual(await stackViolationsOf(isolation, list), []);
    });
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Malformed but plausible shapes (issue 13 items 6 and 7): no policy crashes, none passes on them.
import * as assert from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../../policies/policies";
import { stackPolicy, StackRule } from "../../policies/lib/rule";
import { dragonflyNetworkIsolation } from "../../policies/rules/dragonfly/networkIsolation";
import { messageOf, stackArgsOf, stackViolationsOf } from "./helpers";
import { changed, without } from "./rules/dragonfly/stack";

const isolation = stackPolicy(dragonflyNetworkIsolation) as StackValidationPolicy;
const NP = "infra-dragonfly-networkPolicy";
const CR = "infra-dragonfly-dragonfly";
const NOT_ISOLATED =
    "[infra-dragonfly-dragonfly] [DFLY-SEC-001 · score 6] no NetworkPolicy, CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy selects the master and replica pods of Dragonfly dragonfly-system/dragonfly (labels app=dragonfly, app.kubernetes.io/name=dragonfly, role=master|replica) and spec.networkPolicyEnabled is false, so dragonfly-operator creates none; every port of them admits every source. Remove networkPolicyEnabled: false or add a policy whose podSelector matches app=dragonfly for every role.";
const ADMITS_ALL = [
    "[infra-dragonfly-dragonfly] [DFLY-VR-09.1 · score 6] Dragonfly dragonfly-system/dragonfly: roles master, replica, port 6379/TCP (redis) admits every source (an ingress rule with no from) via NetworkPolicy dragonfly-system/dragonfly-clients ingress[0]; admit only the client namespaces by kubernetes.io/metadata.name (the admin port only the monitoring namespace and the operator), ipBlocks only inside the pod CIDR, and no Cilium entity cluster, world, all, host or remote-node.",
    "[infra-dragonfly-dragonfly] [DFLY-VR-09.2 · score 6] Dragonfly dragonfly-system/dragonfly: roles master, replica, port 9999/TCP (admin) admits every source (an ingress rule with no from) via NetworkPolicy dragonfly-system/dragonfly-clients ingress[0]; admit only the client namespaces by kubernetes.io/metadata.name (the admin port only the monitoring namespace and the operator), ipBlocks only inside the pod CIDR, and no Cilium entity cluster, world, all, host or remote-node.",
];

/** Every stack policy of the pack over a stack: the messages, and any exception that escaped. */
function allStackPolicies(list: ReturnType<typeof without>): { failures: string[]; escaped: string[] } {
    const failures: string[] = [];
    const escaped: string[] = [];
    const args = stackArgsOf(list);
    for (const p of policies.filter((x): x is StackValidationPolicy => "validateStack" in x)) {
        try {
            void p.validateStack(args, ((v: unknown) => {
                const m = messageOf(v);
                return m.includes(" failed on ") && failures.push(m);
            }) as never);
        } catch (err) {
            escaped.push(`${p.name}: ${(err as Error).message}`);
        }
    }
    return { failures, escaped };
}

describe("robustness: malformed shapes", () => {
    it("a NetworkPolicy with spec: null isolates nothing (the API server rejects it)", async () => {
        // The operator's own policy is switched off, so only the malformed one could isolate the pods.
        assert.deepStrictEqual(
            await stackViolationsOf(
                isolation,
                changed((n) => {
                    n(NP).props.spec = null;
                    n(CR).props.spec.networkPolicyEnabled = false;
                }),
            ),
            [NOT_ISOLATED],
        );
    });

    it("ingress: [null] is an empty rule (the API server decodes null as {}: every source), and no policy crashes on it", async () => {
        const list = changed((n) => (n(NP).props.spec.ingress = [null]));
        assert.deepStrictEqual(await stackViolationsOf(isolation, list), ADMITS_ALL);
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

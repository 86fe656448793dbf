// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { describeExposure, exposures } from "../../lib/exposure/evaluate";
import { Exposure } from "../../lib/exposure/model";
import { dragonflyWorld, exposureContextOf } from "../../lib/exposure/stack";
import { StackRule } from "../../lib/rule";
import { buildStackView } from "../../lib/stackView";

/**
 * Checks, by symbolic evaluation over every NetworkPolicy, CiliumNetworkPolicy and
 * CiliumClusterwideNetworkPolicy selecting them (the operator's own NetworkPolicy included unless
 * switched off), that every pod role of a Dragonfly CR is isolated, that no served port (6379, the
 * password-less admin port 9999, memcached) admits a source wider than the client namespaces.
 */
export const dragonflyNetworkIsolation: StackRule = {
    name: "cluster-platform-dragonfly-network-isolation",
    kind: "stack",
    description: "The Dragonfly pods accept 6379 and 9999 only from listed peers.",
    risks: ["DFLY-SEC-001", "DFLY-VR-09.1", "DFLY-VR-09.2", "DFLY-CP-B1"],
    remediationSteps:
        "Add a NetworkPolicy selecting app=<cr> with policyTypes [Ingress, Egress]: 6379 from each client namespace by kubernetes.io/metadata.name, 9999 from the monitoring namespace and the operator.",
    check: (resources, report) => {
        const view = buildStackView(resources);
        const ctx = exposureContextOf(view);
        for (const df of view.dragonflies) {
            const who = `Dragonfly ${df.namespace}/${df.name}`;
            const world = dragonflyWorld(view, df);
            const found = exposures(world.policies, world.objects.pods, ctx);
            const open = found.filter((e) => e.source.kind === "any" && e.via.startsWith("no NetworkPolicy"));
            const openRoles = [...new Set(open.map((e) => e.role))];
            if (openRoles.length > 0) {
                const operator = world.objects.networkPolicy
                    ? ""
                    : df.spec.networkPolicyEnabled === false
                      ? " and spec.networkPolicyEnabled is false, so dragonfly-operator creates none"
                      : ` and the NetworkPolicy ${df.namespace}/${df.name} dragonfly-operator makes for it is missing on the cluster`;
                report(
                    "DFLY-SEC-001",
                    `no NetworkPolicy, CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy selects the ${openRoles.join(" and ")} pods of ${who} (labels app=${df.name}, app.kubernetes.io/name=dragonfly, role=${openRoles.join("|")})${operator}; every port of them admits every source. Remove networkPolicyEnabled: false or add a policy whose podSelector matches app=${df.name} for every role.`,
                    df.urn,
                );
            }
            const grouped = new Map<string, { roles: string[]; line: Exposure }>();
            for (const e of found.filter((x) => !open.includes(x))) {
                const key = `${e.port.number}|${e.reason}|${e.via}`;
                const g = grouped.get(key) ?? { roles: [], line: e };
                g.roles.push(e.role);
                grouped.set(key, g);
            }
            for (const { roles, line } of grouped.values()) {
                // 6379 is VR-09.1's and the admin port VR-09.2's; any other served port (memcached) is
                // closed by B.1's default-deny ingress, which opens only 6379 and metrics.
                const risk =
                    line.port.number === 9999
                        ? "DFLY-VR-09.2"
                        : line.port.number === 6379
                          ? "DFLY-VR-09.1"
                          : "DFLY-CP-B1";
                report(
                    risk,
                    `${who}: ${describeExposure({ ...line, role: roles.join(", ") }).replace(/^role /, roles.length > 1 ? "roles " : "role ")}; admit only the client namespaces by kubernetes.io/metadata.name (the admin port only the monitoring namespace and the operator), ipBlocks only inside the pod CIDR, and no Cilium entity cluster, world, all, host or remote-node.`,
                    df.urn,
                );
            }
        }
    },
};

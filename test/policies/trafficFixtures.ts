// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The pods, namespaces and policies the traffic specs (NetworkPolicy, CiliumNetworkPolicy) share.
import { CiliumPolicyView } from "../../policies/lib/ciliumPolicy";
import { dragonflyPodLabels } from "../../policies/lib/kube";
import { NamespaceDirectory } from "../../policies/lib/labelSelectors";
import { Connection, NetworkPolicyView, PodRef } from "../../policies/lib/networkPolicy";

/** Namespaces gitlab-system (team gitlab) and harbor (team registry). */
export const ns = new NamespaceDirectory();
ns.add("gitlab-system", { team: "gitlab" });
ns.add("harbor", { team: "registry" });

/** A Dragonfly master pod in namespace cache serving redis 6379 and admin 9999. */
export const cachePod: PodRef = {
    namespace: "cache",
    labels: dragonflyPodLabels("dragonfly", "master"),
    ports: [
        { name: "redis", containerPort: 6379 },
        { name: "admin", containerPort: 9999 },
    ],
};
/** Client pods in gitlab-system, harbor and the cache namespace itself. */
export const gitlab: PodRef = { namespace: "gitlab-system", labels: { app: "webservice" } };
export const harbor: PodRef = { namespace: "harbor", labels: { app: "core" } };
export const sameNs: PodRef = { namespace: "cache", labels: { app: "debug" } };
/** A connection from `from` to the cache pod on 6379. */
export const to6379 = (from: PodRef | { ip: string }): Connection => ({ from, to: cachePod, port: 6379 });

/** A NetworkPolicy admitting gitlab-system to the cache pods on 6379. */
export const allowGitlab: NetworkPolicyView = {
    name: "allow-gitlab",
    namespace: "cache",
    podSelector: { matchLabels: { app: "dragonfly" } },
    policyTypes: ["Ingress"],
    ingress: [
        {
            from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "gitlab-system" } } }],
            ports: [{ port: 6379 }],
        },
    ],
};

/** A CiliumNetworkPolicy view with defaults. */
export const cnp = (p: Partial<CiliumPolicyView>): CiliumPolicyView => ({
    name: "cnp",
    namespace: "cache",
    endpointSelector: { matchLabels: { app: "dragonfly" } },
    ...p,
});

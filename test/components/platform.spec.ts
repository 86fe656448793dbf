// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ciliumValues, floeEnabled } from "../../components";
import { deriveDragonfly } from "../../config/derived";
import { RecordedResource } from "../support/runtime";
import { buildStackUnderMocks, realStackConfig, STACKS } from "../support/stacks";

const PROVIDER_TYPE = "pulumi:providers:kubernetes";
const UNKNOWN_ID = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The floe platform's registrations (apps only). */
function floeRows(stack: string): string[] {
    return [
        `cluster-platform:floe:Platform ${stack}-floe <- `,
        `kubernetes:apps/v1:Deployment ${stack}-floe-polaris <- ${stack}-floe`,
        `kubernetes:cilium.io/v2:CiliumNetworkPolicy ${stack}-floe-cnp-dagster-daemon-to-apiserver <- ${stack}-floe`,
        `kubernetes:cilium.io/v2:CiliumNetworkPolicy ${stack}-floe-cnp-dagster-webserver-to-apiserver <- ${stack}-floe`,
        `kubernetes:cilium.io/v2:CiliumNetworkPolicy ${stack}-floe-cnp-postgres-to-apiserver <- ${stack}-floe`,
        `kubernetes:core/v1:ConfigMap ${stack}-floe-polarisConfig <- ${stack}-floe`,
        `kubernetes:core/v1:Namespace ${stack}-floe-cnpgNamespace <- ${stack}-floe`,
        `kubernetes:core/v1:Namespace ${stack}-floe-jobsNamespace <- ${stack}-floe`,
        `kubernetes:core/v1:Namespace ${stack}-floe-platformNamespace <- ${stack}-floe`,
        `kubernetes:core/v1:Service ${stack}-floe-polarisService <- ${stack}-floe`,
        `kubernetes:core/v1:ServiceAccount ${stack}-floe-dagsterServiceAccount <- ${stack}-floe`,
        `kubernetes:external-secrets.io/v1beta1:ExternalSecret ${stack}-floe-secret-dagster-postgresql-secret <- ${stack}-floe`,
        `kubernetes:external-secrets.io/v1beta1:ExternalSecret ${stack}-floe-secret-floe-dagster-db <- ${stack}-floe`,
        `kubernetes:external-secrets.io/v1beta1:ExternalSecret ${stack}-floe-secret-floe-polaris-db <- ${stack}-floe`,
        `kubernetes:core/v1:ServiceAccount ${stack}-floe-jobRunnerServiceAccount <- ${stack}-floe`,
        `kubernetes:core/v1:ServiceAccount ${stack}-floe-polarisServiceAccount <- ${stack}-floe`,
        `kubernetes:helm.sh/v3:Release ${stack}-floe-cnpgOperator <- ${stack}-floe`,
        `kubernetes:helm.sh/v3:Release ${stack}-floe-dagster <- ${stack}-floe`,
        `kubernetes:monitoring.coreos.com/v1:PodMonitor ${stack}-floe-postgresMonitor <- ${stack}-floe`,
        `kubernetes:monitoring.coreos.com/v1:PrometheusRule ${stack}-floe-alerts <- ${stack}-floe`,
        `kubernetes:networking.k8s.io/v1:NetworkPolicy ${stack}-floe-netpol-floe-jobs-default-deny <- ${stack}-floe`,
        `kubernetes:networking.k8s.io/v1:NetworkPolicy ${stack}-floe-netpol-floe-jobs-jobs-egress <- ${stack}-floe`,
        `kubernetes:networking.k8s.io/v1:NetworkPolicy ${stack}-floe-netpol-floe-platform-dagster-daemon-egress <- ${stack}-floe`,
        `kubernetes:networking.k8s.io/v1:NetworkPolicy ${stack}-floe-netpol-floe-platform-dagster-webserver-egress <- ${stack}-floe`,
        `kubernetes:networking.k8s.io/v1:NetworkPolicy ${stack}-floe-netpol-floe-platform-dagster-webserver-ingress <- ${stack}-floe`,
        `kubernetes:networking.k8s.io/v1:NetworkPolicy ${stack}-floe-netpol-floe-platform-default-deny <- ${stack}-floe`,
        `kubernetes:networking.k8s.io/v1:NetworkPolicy ${stack}-floe-netpol-floe-platform-otel-collector-ingress <- ${stack}-floe`,
        `kubernetes:networking.k8s.io/v1:NetworkPolicy ${stack}-floe-netpol-floe-platform-polaris-egress <- ${stack}-floe`,
        `kubernetes:networking.k8s.io/v1:NetworkPolicy ${stack}-floe-netpol-floe-platform-polaris-ingress <- ${stack}-floe`,
        `kubernetes:networking.k8s.io/v1:NetworkPolicy ${stack}-floe-netpol-floe-platform-postgres-egress <- ${stack}-floe`,
        `kubernetes:networking.k8s.io/v1:NetworkPolicy ${stack}-floe-netpol-floe-platform-postgres-ingress <- ${stack}-floe`,
        `kubernetes:postgresql.cnpg.io/v1:Cluster ${stack}-floe-postgres <- ${stack}-floe`,
        `kubernetes:postgresql.cnpg.io/v1:ScheduledBackup ${stack}-floe-postgresBackup <- ${stack}-floe`,
        `kubernetes:rbac.authorization.k8s.io/v1:Role ${stack}-floe-dagsterRole <- ${stack}-floe`,
        `kubernetes:rbac.authorization.k8s.io/v1:Role ${stack}-floe-jobRunnerRole <- ${stack}-floe`,
        `kubernetes:rbac.authorization.k8s.io/v1:RoleBinding ${stack}-floe-dagsterRoleBinding <- ${stack}-floe`,
        `kubernetes:rbac.authorization.k8s.io/v1:RoleBinding ${stack}-floe-jobRunnerRoleBinding <- ${stack}-floe`,
    ];
}

/** Every registration a stack's config implies: Cilium core and provider always, Dragonfly, floe and the monitors when enabled. */
function expectedRows(stack: string, config: ReturnType<typeof realStackConfig>): string[] {
    return [
        ...(floeEnabled(config) ? floeRows(stack) : []),
        ...(deriveDragonfly(config)
            ? [
                  `cluster-platform:dragonfly:Cluster ${stack}-dragonfly <- `,
                  `cluster-platform:dragonfly:Operator ${stack}-dragonflyOperator <- `,
                  `kubernetes:core/v1:ConfigMap ${stack}-dragonfly-dashboard <- ${stack}-dragonfly`,
                  `kubernetes:core/v1:Namespace ${stack}-dragonfly-namespace <- ${stack}-dragonfly`,
                  `kubernetes:core/v1:Namespace ${stack}-dragonflyOperator-namespace <- ${stack}-dragonflyOperator`,
                  `kubernetes:core/v1:Service ${stack}-dragonfly-globalService <- ${stack}-dragonfly`,
                  `kubernetes:dragonflydb.io/v1alpha1:Dragonfly ${stack}-dragonfly-dragonfly <- ${stack}-dragonfly`,
                  `kubernetes:external-secrets.io/v1beta1:ExternalSecret ${stack}-dragonfly-authExternalSecret <- ${stack}-dragonfly`,
                  `kubernetes:helm.sh/v3:Release ${stack}-dragonflyOperator-release <- ${stack}-dragonflyOperator`,
                  `kubernetes:monitoring.coreos.com/v1:PodMonitor ${stack}-dragonfly-podMonitor <- ${stack}-dragonfly`,
                  `kubernetes:monitoring.coreos.com/v1:PrometheusRule ${stack}-dragonfly-alerts <- ${stack}-dragonfly`,
                  `kubernetes:networking.k8s.io/v1:NetworkPolicy ${stack}-dragonfly-networkPolicy <- ${stack}-dragonfly`,
                  `kubernetes:policy/v1:PodDisruptionBudget ${stack}-dragonflyOperator-pdb <- ${stack}-dragonflyOperator`,
              ]
            : []),
        `cluster-platform:cilium:Core ${stack}-cilium <- `,
        `kubernetes:cilium.io/v2:CiliumBGPAdvertisement ${stack}-cilium-bgpAdvertisement <- ${stack}-cilium`,
        `kubernetes:cilium.io/v2:CiliumBGPClusterConfig ${stack}-cilium-bgpClusterConfig <- ${stack}-cilium`,
        `kubernetes:cilium.io/v2:CiliumBGPPeerConfig ${stack}-cilium-bgpPeerConfig <- ${stack}-cilium`,
        `kubernetes:cilium.io/v2alpha1:CiliumLoadBalancerIPPool ${stack}-cilium-lbPool-${stack}-pool <- ${stack}-cilium`,
        `kubernetes:helm.sh/v3:Release ${stack}-cilium-release <- ${stack}-cilium`,
        ...(config.monitoring.enabled
            ? [
                  `kubernetes:monitoring.coreos.com/v1:PrometheusRule ${stack}-cilium-alerts <- ${stack}-cilium`,
                  `cluster-platform:shared:ClusterMonitors ${stack}-monitors <- `,
                  `kubernetes:monitoring.coreos.com/v1:PodMonitor ${stack}-monitors-kube-state-metrics <- ${stack}-monitors`,
                  `kubernetes:monitoring.coreos.com/v1:PodMonitor ${stack}-monitors-external-secrets <- ${stack}-monitors`,
              ]
            : []),
        `${PROVIDER_TYPE} ${stack}-k8s <- `,
    ].sort();
}

for (const stack of STACKS) {
    describe(`platform of the ${stack} stack under mocks`, () => {
        let resources: RecordedResource[];
        const config = realStackConfig(stack);
        const byName = (n: string) => resources.find((r) => r.name === n)!;

        before(async () => {
            resources = (await buildStackUnderMocks(config)).recorder.resources;
        });

        it("registers the provider, the components and their children, each with its parent", () => {
            const rows = resources.map((r) => `${r.type} ${r.name} <- ${r.parent.split("::").pop() ?? ""}`).sort();
            assert.deepStrictEqual(rows, expectedRows(stack, config));
            assert.strictEqual(new Set(resources.map((r) => r.urn)).size, resources.length, "URNs are unique");
        });

        it("collects kube-state-metrics and External Secrets from every namespace, keeping their series' namespace label", () => {
            const monitors = resources.filter((r) => r.name.startsWith(`${stack}-monitors-`));
            assert.strictEqual(monitors.length, config.monitoring.enabled ? 2 : 0);
            for (const m of monitors) {
                const spec = m.inputs.spec as Record<string, unknown>;
                assert.deepStrictEqual(spec.namespaceSelector, { any: true }, m.name);
                assert.deepStrictEqual(
                    (spec.podMetricsEndpoints as Record<string, unknown>[]).map((e) => [e.port, e.honorLabels]),
                    [[m.name.endsWith("kube-state-metrics") ? "http" : "metrics", true]],
                    m.name,
                );
            }
        });

        it("pins the provider to the stack's context and cluster identifier", () => {
            const provider = resources.find((r) => r.type === PROVIDER_TYPE)!;
            assert.deepStrictEqual(
                [provider.inputs.context, provider.inputs.clusterIdentifier, provider.inputs.enableServerSideApply],
                [stack, stack, "true"],
            );
        });

        it("sends every kubernetes resource through the stack's provider", () => {
            const provider = resources.find((r) => r.type === PROVIDER_TYPE)!;
            const k8sResources = resources.filter((r) => r.type.startsWith("kubernetes:"));
            assert.strictEqual(
                k8sResources.length,
                expectedRows(stack, config).filter((r) => r.startsWith("kubernetes:")).length,
            );
            assert.ok(k8sResources.length > 0);
            for (const r of k8sResources) {
                // In preview the new provider's ID is not known yet, so the reference ends in the unknown sentinel.
                assert.strictEqual(
                    r.provider,
                    `${provider.urn}::${UNKNOWN_ID}`,
                    `${r.name} uses ${r.provider || "the default provider"}`,
                );
            }
        });

        it("defect 9 (issue 13): protects and retains every namespace that holds protected data", () => {
            const kept = (r: RecordedResource): boolean =>
                r.options.protect === true && r.options.retainOnDelete === true;
            const namespaces = resources.filter((r) => r.type === "kubernetes:core/v1:Namespace");
            const nsOf = (name: string) =>
                namespaces.find((n) => (n.inputs.metadata as { name?: string } | undefined)?.name === name);
            const holders = resources
                .filter((r) => r.options.protect === true && r.type !== "kubernetes:core/v1:Namespace")
                .map((r) => (r.inputs.metadata as { namespace?: string } | undefined)?.namespace ?? r.inputs.namespace)
                .filter((ns): ns is string => typeof ns === "string" && nsOf(ns) !== undefined);
            assert.deepStrictEqual([...new Set(holders)].sort(), stack === "apps" ? ["floe-platform"] : []);
            for (const ns of holders) {
                assert.ok(kept(nsOf(ns)!), `namespace ${ns} holds protected data but is not protected and retained`);
            }
            assert.deepStrictEqual(
                namespaces
                    .filter(kept)
                    .map((n) => n.name)
                    .sort(),
                stack === "apps"
                    ? ["apps-dragonfly-namespace", "apps-floe-platformNamespace"]
                    : ["infra-dragonfly-namespace"],
            );
        });

        it("declares the Cilium release protected, retained, atomic and adopted", () => {
            const release = byName(`${stack}-cilium-release`);
            assert.deepStrictEqual(
                {
                    protect: release.options.protect,
                    retainOnDelete: release.options.retainOnDelete,
                    import: release.options.import,
                },
                { protect: true, retainOnDelete: true, import: "kube-system/cilium" },
            );
            assert.deepStrictEqual(
                [
                    release.inputs.name,
                    release.inputs.namespace,
                    release.inputs.version,
                    release.inputs.atomic,
                    release.inputs.timeout,
                ],
                ["cilium", "kube-system", "1.18.3", true, 900],
            );
            assert.deepStrictEqual(release.inputs.values, ciliumValues(config));
        });

        it("orders everything after the Cilium release (CIL-TECH-004)", () => {
            const release = byName(`${stack}-cilium-release`).urn;
            for (const n of [
                `${stack}-cilium-bgpClusterConfig`,
                `${stack}-dragonflyOperator-namespace`,
                `${stack}-dragonfly-namespace`,
                `${stack}-dragonflyOperator`,
                `${stack}-dragonfly`,
            ]) {
                assert.ok(byName(n).dependencies.includes(release), `${n} does not wait for the Cilium release`);
            }
        });

        it("makes the Dragonfly CR wait for the operator release and the auth secret", () => {
            const cr = byName(`${stack}-dragonfly-dragonfly`);
            assert.ok(cr.dependencies.includes(byName(`${stack}-dragonflyOperator-release`).urn));
            assert.ok(cr.dependencies.includes(byName(`${stack}-dragonfly-authExternalSecret`).urn));
        });
    });
}

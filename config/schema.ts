// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { z } from "zod";
import { DragonflySchema } from "./dragonflySchema";
import { asn, cidrv4, dnsLabel, exactSemver, hostname, ipv4, port, quantity } from "./primitives";

export { DragonflySchema, DragonflySnapshotSchema } from "./dragonflySchema";
export { EXACT_SEMVER, EXACT_V_SEMVER } from "./primitives";

/** The Pulumi project name; every config key of ours lives under `cluster-platform:`. */
export const PROJECT = "cluster-platform";

/** Cluster identity: the stack name and the Cilium ClusterMesh id. */
export const ClusterSchema = z.strictObject({
    /** Must equal the Pulumi stack name. */
    name: dnsLabel,
    /** Cilium `cluster.id`, unique across stacks. */
    id: z.int("must be an integer").min(1, "must be between 1 and 255").max(255, "must be between 1 and 255"),
});

/** How the program reaches the cluster's API server. */
export const KubernetesSchema = z.strictObject({
    /** kubeconfig context the stack's provider is pinned to. */
    context: z.string().min(1, "must not be empty"),
    /** Provider `clusterIdentifier`; a change replaces the provider instead of silently retargeting it. Defaults to the cluster name. */
    clusterIdentifier: z.string().min(1, "must not be empty").optional(),
    /** API server host and port as the Cilium agents reach them (kubeProxyReplacement needs them). */
    apiServer: z.strictObject({ host: hostname, port }),
});

/** A Cilium LB-IPAM pool as an inclusive range of addresses. */
export const LoadBalancerPoolSchema = z.strictObject({
    name: dnsLabel,
    start: ipv4,
    stop: ipv4,
});

/** A named gateway address (Gateway API listener IP). */
export const GatewayIpSchema = z.strictObject({ name: dnsLabel, ip: ipv4 });

/** The cluster's address plan. */
export const NetworkSchema = z.strictObject({
    podCidr: cidrv4,
    serviceCidr: cidrv4,
    loadBalancerPools: z.array(LoadBalancerPoolSchema).min(1, "must list at least one pool"),
    clusterMeshIp: ipv4,
    gatewayIps: z.array(GatewayIpSchema).min(1, "must list at least one gateway address"),
});

/** The Cilium release. */
export const CiliumSchema = z
    .strictObject({
        /** Exact chart version, identical on every stack. */
        chartVersion: exactSemver,
        /** Chart repository. Defaults to the official https://helm.cilium.io. */
        repository: z.string().url("must be a URL").default("https://helm.cilium.io"),
        /**
         * Adopt the bootstrap Helm release `kube-system/cilium` instead of installing: the release is
         * declared with the `import` option so Pulumi takes it over without touching a pod.
         */
        adoptExistingRelease: z.boolean().default(false),
        /**
         * The stack's explicit statement that its cluster has no bootstrap Cilium release, so the
         * release is installed: the only case CIL-TECH-001 allows `adoptExistingRelease: false` in.
         */
        noBootstrapRelease: z.boolean().default(false),
    })
    .superRefine((c, ctx) => {
        if (!c.adoptExistingRelease && !c.noBootstrapRelease) {
            ctx.addIssue({
                code: "custom",
                path: ["adoptExistingRelease"],
                message:
                    'CIL-TECH-001 (score 6, a blocker: "Implement Helm adoption strategy (not reinstall)"): adoptExistingRelease is false, so pulumi up would install Cilium over the bootstrap release and restart every pod\'s networking; set adoptExistingRelease: true to import kube-system/cilium, or, if this cluster has no bootstrap release, state it with noBootstrapRelease: true',
            });
        }
        if (c.adoptExistingRelease && c.noBootstrapRelease) {
            ctx.addIssue({
                code: "custom",
                path: ["noBootstrapRelease"],
                message:
                    "contradicts adoptExistingRelease: true (there is no bootstrap release to import); keep the one that holds for this cluster",
            });
        }
    });

/** BGP peering of the cluster with its upstream router. */
export const BgpSchema = z.strictObject({
    localAsn: asn,
    peerAsn: asn,
    peerAddress: ipv4,
    /** Name of the Secret in kube-system holding the BGP session password (key `password`). */
    authSecretName: dnsLabel,
});

/** The floe data platform, when enabled. */
export const FloeEnabledSchema = z.strictObject({
    enabled: z.literal(true),
    environment: z.enum(["dev", "staging", "prod"]).default("prod"),
    platformNamespace: dnsLabel.default("floe-platform"),
    jobsNamespace: dnsLabel.default("floe-jobs"),
    /** Exact Dagster chart version (https://dagster-io.github.io/helm). */
    dagsterChartVersion: exactSemver.default("1.12.17"),
    /** Exact CloudNativePG operator chart version (https://cloudnative-pg.github.io/charts). */
    cnpgChartVersion: exactSemver.default("0.27.0"),
    polarisImageTag: z
        .string()
        .regex(/^\d+\.\d+\.\d+(-[a-z0-9.]+)?$/, "must be an exact version such as 1.3.0-incubating")
        .default("1.3.0-incubating"),
    /** Polaris metastore: relational-jdbc on the CNPG cluster; in-memory only for dev stacks. */
    polarisPersistence: z.enum(["relational-jdbc", "in-memory"]).default("relational-jdbc"),
    postgres: z
        .strictObject({
            instances: z
                .int("must be an integer")
                .min(1, "must be between 1 and 9")
                .max(9, "must be between 1 and 9")
                .default(3),
            storageSize: quantity.default("100Gi"),
            storageClass: dnsLabel.default("premium-ssd"),
        })
        .prefault({}),
    /** Object store for PostgreSQL backups and job data. */
    objectStore: z.strictObject({
        /** s3://bucket/prefix for the PostgreSQL base backups and WAL. */
        backupPath: z.string().regex(/^s3:\/\/[a-z0-9][a-z0-9.-]+(\/.*)?$/, "must be an s3://bucket[/prefix] URL"),
        endpointUrl: z.string().url("must be a URL such as http://minio.storage.svc:9000"),
        /** Secret in the platform namespace with ACCESS_KEY_ID and ACCESS_SECRET_KEY. */
        credentialsSecret: dnsLabel,
        /** CIDR and port of the object store, for the NetworkPolicy egress rules. */
        cidr: cidrv4,
        port: port.default(9000),
    }),
    /**
     * The Iceberg catalog Polaris serves (floe R-4), declared as its management-API create request.
     * Polaris hands the catalog's properties to Iceberg, which applies every `table-default.` one to
     * each table the catalog creates (docs/floe.md).
     */
    catalog: z
        .strictObject({
            /** The catalog's name (the `warehouse` clients connect to). */
            name: dnsLabel.default("floe"),
            /** Where the catalog places tables (`default-base-location`); unset: `warehouse/` in the bucket of objectStore.backupPath. */
            warehouseLocation: z
                .string()
                .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]+(\/.*)?$/, "must be an s3://bucket[/prefix] URL")
                .optional(),
            /** Previous metadata files each new table keeps (Iceberg `write.metadata.previous-versions-max`); R-4 asks 10. */
            previousVersionsMax: z
                .int("must be an integer")
                .min(10, "must be at least 10 (floe R-4 keeps 10 previous metadata versions)")
                .max(1000, "must be at most 1000")
                .default(10),
        })
        .prefault({}),
    /** Namespace of the Ingress controller that fronts the Dagster UI. */
    ingressNamespace: dnsLabel.default("ingress-nginx"),
    /** Where the database passwords come from: a ClusterSecretStore and a per-cluster remote key (properties dagster-db-password, polaris-db-password). */
    secrets: z.strictObject({ secretStore: dnsLabel, remoteKey: z.string().min(1, "must not be empty") }),
});

/** The floe data platform: off, or on with its settings. */
export const FloeSchema = z.discriminatedUnion("enabled", [
    z.strictObject({ enabled: z.literal(false) }),
    FloeEnabledSchema,
]);

/** The settings of an enabled floe platform. */
export type FloeConfig = z.infer<typeof FloeEnabledSchema>;

/** Components enabled on the stack and their settings. */
export const ComponentsSchema = z.strictObject({
    dragonfly: DragonflySchema.prefault({ enabled: false }),
    floe: FloeSchema.default({ enabled: false }),
});

/**
 * Where every Helm chart of the stack comes from when the upstream repositories are out of reach
 * (air-gapped clusters; floe document R-3): an OCI registry holding `<registry>/<chart>:<version>`,
 * or a local directory holding each chart unpacked as `<directory>/<chart>/` (what
 * `helm pull <chart> --version <v> --untar` writes). Unset: the charts' official sources.
 */
export const ChartMirrorSchema = z.discriminatedUnion("type", [
    z.strictObject({
        type: z.literal("oci"),
        /** Registry and path prefix, e.g. oci://registry.example.io/helm-mirror. */
        url: z
            .string()
            .regex(
                /^oci:\/\/[^\s/]+(\/[^\s]*)?[^/\s]$/,
                "must be an oci:// reference such as oci://registry.example.io/charts",
            ),
    }),
    z.strictObject({
        type: z.literal("directory"),
        /** Absolute, or relative to the project directory (where Pulumi runs the program and the provider). */
        path: z.string().min(1, "must not be empty"),
    }),
]);

/** A configured chart mirror. */
export type ChartMirror = z.infer<typeof ChartMirrorSchema>;

/** The whole stack configuration: every `cluster-platform:<key>` of a `Pulumi.<stack>.yaml`. */
export const StackConfigSchema = z.strictObject({
    cluster: ClusterSchema,
    kubernetes: KubernetesSchema,
    network: NetworkSchema,
    cilium: CiliumSchema,
    bgp: BgpSchema,
    components: ComponentsSchema.prefault({}),
    /** Client namespaces allowed to reach shared services (the cache). */
    clientNamespaces: z.array(dnsLabel).default([]),
    /** Whether the stack runs Prometheus-operator monitoring, and its namespace (scrapes the admin port). */
    monitoring: z
        .strictObject({ enabled: z.boolean(), namespace: dnsLabel.default("observability") })
        .prefault({ enabled: false }),
    /** Optional chart mirror (OCI registry or local directory) every Helm release resolves through. */
    chartMirror: ChartMirrorSchema.optional(),
});

/** The validated stack configuration. */
export type StackConfig = z.infer<typeof StackConfigSchema>;

/**
 * Config keys that hold secret values. They are never part of {@link StackConfig}; `index.ts` reads
 * them with `requireSecret`/`getSecret`, and a stack file must carry them as `secure:` values only.
 */
export const SECRET_KEYS = ["dragonflyPassword"] as const;

/** Top-level keys of {@link StackConfigSchema}, in declaration order. */
export const CONFIG_KEYS = Object.keys(StackConfigSchema.shape) as (keyof StackConfig)[];

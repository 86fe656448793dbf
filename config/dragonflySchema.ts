// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The Dragonfly part of the stack config schema.
import { z } from "zod";
import { cidrv4, dnsLabel, exactVSemver, port, quantity } from "./primitives";

/** Where Dragonfly snapshots go: nowhere, a per-pod PVC, or an S3-compatible object store. */
export const DragonflySnapshotSchema = z.discriminatedUnion("mode", [
    z.strictObject({ mode: z.literal("none") }),
    z.strictObject({
        mode: z.literal("pvc"),
        cron: z.string().regex(/^(\S+\s+){4}\S+$/, "must be a 5-field cron expression such as 0 */6 * * *"),
        size: quantity,
        storageClass: dnsLabel,
    }),
    z.strictObject({
        mode: z.literal("s3"),
        cron: z.string().regex(/^(\S+\s+){4}\S+$/, "must be a 5-field cron expression such as 0 */6 * * *"),
        /** s3://bucket[/prefix] */
        dir: z.string().regex(/^s3:\/\/[a-z0-9][a-z0-9.-]+(\/.*)?$/, "must be an s3://bucket[/prefix] URL"),
        /** host:port of the object store. */
        endpoint: z.string().regex(/^[a-z0-9.-]+(:\d+)?$/, "must be host[:port]"),
        useHttps: z.boolean().default(true),
        /** Secret in the cache namespace with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; unset means backups stay off. */
        credentialsSecret: dnsLabel.optional(),
        /** CIDR of the object store, for the NetworkPolicy egress rule. */
        cidr: cidrv4,
        port: port.default(9000),
    }),
]);

/** The Dragonfly operator and cache cluster. */
export const DragonflySchema = z.strictObject({
    enabled: z.boolean(),
    /** Exact `dragonfly-operator` chart version, with its `v` prefix. */
    operatorChartVersion: exactVSemver.default("v1.6.1"),
    /** Dragonfly image tag; must be the one tested with the operator version. */
    imageTag: exactVSemver.default("v1.39.0"),
    namespace: dnsLabel.default("dragonfly-system"),
    operatorNamespace: dnsLabel.default("dragonfly-operator-system"),
    /** Name of the Dragonfly CR (and of the Service the operator creates). */
    name: dnsLabel.default("dragonfly"),
    replicas: z
        .int("must be an integer")
        .min(1, "must be between 1 and 10")
        .max(10, "must be between 1 and 10")
        .default(3),
    cpuRequest: quantity.default("500m"),
    cpuLimit: quantity.default("2000m"),
    memoryRequest: quantity.default("1Gi"),
    memoryLimit: quantity.default("2Gi"),
    /** `--maxmemory` as a percentage of the memory limit (must stay below 100 to leave room for overhead). */
    maxMemoryPercent: z
        .int("must be an integer")
        .min(50, "must be between 50 and 90")
        .max(90, "must be between 50 and 90")
        .default(75),
    proactorThreads: z
        .int("must be an integer")
        .min(1, "must be between 1 and 16")
        .max(16, "must be between 1 and 16")
        .default(2),
    /** `--cache_mode` (evict keys at maxmemory); off by default as the validation report lists it ("Default false"). */
    cacheMode: z.boolean().default(false),
    slowlogThresholdMicros: z.int("must be an integer").min(0).default(10000),
    slowlogMaxLen: z.int("must be an integer").min(1).default(128),
    /** Lua flags (e.g. allow-undeclared-keys for BullMQ); only passed when set. */
    luaFlags: z
        .string()
        .regex(/^[a-z-]+(,[a-z-]+)*$/, "must be comma-separated Lua flags such as allow-undeclared-keys")
        .optional(),
    /** Where the auth password comes from: an ExternalSecret path, or the Pulumi secret `cluster-platform:dragonflyPassword`. */
    auth: z
        .discriminatedUnion("source", [
            z.strictObject({
                source: z.literal("externalSecret"),
                secretStore: dnsLabel,
                remoteKey: z.string().min(1, "must not be empty"),
                refreshInterval: z
                    .string()
                    .regex(/^\d+[smh]$/, "must be a duration such as 1h")
                    .default("1h"),
            }),
            z.strictObject({ source: z.literal("pulumiSecret") }),
        ])
        .default({ source: "pulumiSecret" }),
    /**
     * Per-tenant ACL users through aclFromSecret: the ExternalSecret renders acl.conf from each
     * user's password (remote property `acl-<name>`) with the user's key pattern and command rules.
     */
    acl: z
        .strictObject({
            users: z
                .array(
                    z.strictObject({
                        name: z.string().regex(/^[a-z][a-z0-9_]*$/, "must be a lowercase user name (a-z, 0-9, _)"),
                        keyPattern: z.string().regex(/^[^\s]+$/, "must be one key pattern such as keycloak:*"),
                        commands: z.string().default("+@read +@write +@connection -@dangerous"),
                    }),
                )
                .min(1, "must list at least one user"),
        })
        .optional(),
    snapshot: DragonflySnapshotSchema.default({ mode: "none" }),
    /** Secret with tls.crt/tls.key; enables TLS on the Redis port. */
    tlsSecretName: dnsLabel.optional(),
    /**
     * ClusterMesh global Service `dragonfly-global`: `owner` exports this cluster's master to the mesh;
     * `consumer` declares the same Service without local endpoints so clients here reach the owner's master.
     */
    globalService: z.enum(["none", "owner", "consumer"]).default("none"),
    /** Latency SLOs of the change proposal (milliseconds, p95). */
    latencySlo: z
        .strictObject({ inClusterP95Ms: z.number().positive(), crossClusterP95Ms: z.number().positive() })
        .default({ inClusterP95Ms: 10, crossClusterP95Ms: 20 }),
    operatorPriorityClass: dnsLabel.default("system-cluster-critical"),
});

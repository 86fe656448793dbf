// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Pure builders of the Dragonfly CR: its spec and the server flags.
import { DragonflyDerived } from "../../config/derived";
import { DRAGONFLY_IMAGE } from "../../config/catalog";
import { DragonflySettings } from "../../config/slices";
import { preferHostAntiAffinity, RESTRICTED_CONTAINER, RUNTIME_DEFAULT_SECCOMP } from "../shared/hardening";
import { AUTH_ACL_KEY, AUTH_PASSWORD_KEY, AUTH_SECRET_NAME, dataPodLabels } from "./naming";

/** The `args` of the Dragonfly container, after the operator's own defaults. */
export function dragonflyArgs(config: DragonflySettings, derived: DragonflyDerived): string[] {
    const df = config.components.dragonfly;
    const args = [
        `--maxmemory=${derived.maxMemoryBytes}`,
        `--proactor_threads=${df.proactorThreads}`,
        `--cache_mode=${df.cacheMode}`,
        `--slowlog_log_slower_than=${df.slowlogThresholdMicros}`,
        `--slowlog_max_len=${df.slowlogMaxLen}`,
    ];
    if (df.luaFlags) {
        args.push(`--default_lua_flags=${df.luaFlags}`);
    }
    if (df.snapshot.mode === "s3" && derived.backupsEnabled) {
        args.push(
            `--s3_endpoint=${df.snapshot.endpoint}`,
            `--s3_use_https=${df.snapshot.useHttps}`,
            "--dbfilename=snapshot",
        );
    }
    return args;
}

/** The `spec` of the Dragonfly CR (dragonflydb.io/v1alpha1). */
export function dragonflySpec(config: DragonflySettings, derived: DragonflyDerived): Record<string, unknown> {
    const df = config.components.dragonfly;
    const spec: Record<string, unknown> = {
        replicas: df.replicas,
        image: `${DRAGONFLY_IMAGE}:${df.imageTag}`,
        imagePullPolicy: "IfNotPresent",
        args: dragonflyArgs(config, derived),
        resources: {
            requests: { cpu: df.cpuRequest, memory: df.memoryRequest },
            limits: { cpu: df.cpuLimit, memory: df.memoryLimit },
        },
        podSecurityContext: {
            runAsNonRoot: true,
            runAsUser: 10001,
            runAsGroup: 10001,
            fsGroup: 10001,
            seccompProfile: RUNTIME_DEFAULT_SECCOMP,
        },
        containerSecurityContext: RESTRICTED_CONTAINER,
        authentication: { passwordFromSecret: { name: AUTH_SECRET_NAME, key: AUTH_PASSWORD_KEY } },
        serviceSpec: { type: "ClusterIP" },
        // One PDB for the data pods, made by the operator from this field (risk DFLY-OPS-001).
        pdb: { minAvailable: 2 },
        // Spread on labels the operator really sets (risk DFLY-TECH-001).
        topologySpreadConstraints: [
            {
                maxSkew: 1,
                topologyKey: "kubernetes.io/hostname",
                whenUnsatisfiable: "ScheduleAnyway",
                labelSelector: { matchLabels: dataPodLabels(df.name) },
            },
        ],
        affinity: preferHostAntiAffinity(dataPodLabels(df.name)),
    };
    if (df.replicas < 3) {
        spec.pdb = { maxUnavailable: 1 };
    }
    if (df.acl) {
        spec.aclFromSecret = { name: AUTH_SECRET_NAME, key: AUTH_ACL_KEY };
    }
    if (df.tlsSecretName) {
        spec.tlsSecretRef = { name: df.tlsSecretName };
    }
    const snap = df.snapshot;
    if (snap.mode === "pvc") {
        spec.snapshot = {
            cron: snap.cron,
            persistentVolumeClaimSpec: {
                accessModes: ["ReadWriteOnce"],
                storageClassName: snap.storageClass,
                resources: { requests: { storage: snap.size } },
            },
        };
    } else if (snap.mode === "s3" && derived.backupsEnabled) {
        spec.snapshot = { dir: snap.dir, cron: snap.cron };
        spec.env = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"].map((key) => ({
            name: key,
            valueFrom: { secretKeyRef: { name: snap.credentialsSecret, key } },
        }));
    }
    return spec;
}

/** The Dragonfly CR (dragonflydb.io/v1alpha1) of the stack. */
export function dragonflyResource(
    config: DragonflySettings,
    derived: DragonflyDerived,
): { apiVersion: string; kind: string; metadata: Record<string, string>; spec: Record<string, unknown> } {
    const df = config.components.dragonfly;
    return {
        apiVersion: "dragonflydb.io/v1alpha1",
        kind: "Dragonfly",
        metadata: { name: df.name, namespace: df.namespace },
        spec: dragonflySpec(config, derived),
    };
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// ADR-0022 identities: the platform's ServiceAccounts and the jobs namespace's Roles.
import * as k8s from "@pulumi/kubernetes";
import { FloeConfig } from "../../config/schema";

/** ADR-0022 RBAC: Dagster manages Jobs and reads pods/logs in the jobs namespace only; the job runner reads only its named secrets and config map. */
export function floeRoles(): {
    dagster: k8s.types.input.rbac.v1.PolicyRule[];
    jobRunner: k8s.types.input.rbac.v1.PolicyRule[];
} {
    return {
        dagster: [
            { apiGroups: ["batch"], resources: ["jobs"], verbs: ["create", "get", "list", "watch", "delete"] },
            { apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list", "watch"] },
        ],
        jobRunner: [
            {
                apiGroups: [""],
                resources: ["secrets"],
                resourceNames: ["compute-credentials", "catalog-credentials"],
                verbs: ["get"],
            },
            { apiGroups: [""], resources: ["configmaps"], resourceNames: ["floe-job-config"], verbs: ["get"] },
        ],
    };
}

/** A ServiceAccount of the platform, under its component role, and the namespace role it waits for. */
export interface FloeServiceAccount {
    role: "dagster" | "polaris" | "jobRunner";
    namespaceRole: "platformNamespace" | "jobsNamespace";
    args: { metadata: { name: string; namespace: string } };
}

/** The platform's ServiceAccounts: Dagster and Polaris in the platform namespace, the job runner in the jobs one. */
export function floeServiceAccounts(floe: FloeConfig): FloeServiceAccount[] {
    const sa = (name: string, namespace: string) => ({ metadata: { name, namespace } });
    return [
        { role: "dagster", namespaceRole: "platformNamespace", args: sa("floe-dagster", floe.platformNamespace) },
        { role: "polaris", namespaceRole: "platformNamespace", args: sa("floe-polaris", floe.platformNamespace) },
        { role: "jobRunner", namespaceRole: "jobsNamespace", args: sa("floe-job-runner", floe.jobsNamespace) },
    ];
}

/** A Role of the jobs namespace and the binding that grants it, under its component role. */
export interface FloeJobsRole {
    role: "dagster" | "jobRunner";
    roleArgs: k8s.rbac.v1.RoleArgs;
    bindingArgs: k8s.rbac.v1.RoleBindingArgs;
}

/** The jobs namespace's Roles: Dagster launches Jobs there, the job runner reads its named inputs. */
export function floeJobsRoles(floe: FloeConfig): FloeJobsRole[] {
    const rules = floeRoles();
    const grant = (role: FloeJobsRole["role"], name: string, sa: { name: string; namespace: string }) => ({
        role,
        roleArgs: { metadata: { name, namespace: floe.jobsNamespace }, rules: rules[role] },
        bindingArgs: {
            metadata: { name, namespace: floe.jobsNamespace },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
            subjects: [{ kind: "ServiceAccount", ...sa }],
        },
    });
    return [
        grant("dagster", "floe-dagster-jobs", { name: "floe-dagster", namespace: floe.platformNamespace }),
        grant("jobRunner", "floe-job-runner", { name: "floe-job-runner", namespace: floe.jobsNamespace }),
    ];
}

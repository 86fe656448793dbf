// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Pure builders of the cache's credentials: the ExternalSecret and its ACL template.
import * as pulumi from "@pulumi/pulumi";
import { DragonflySettings } from "../../config/slices";
import { AUTH_ACL_KEY, AUTH_PASSWORD_KEY, AUTH_SECRET_NAME } from "./naming";

/** The acl.conf template the ExternalSecret renders: one line per tenant, password from the store, never in the program. */
export function aclTemplate(users: readonly { name: string; keyPattern: string; commands: string }[]): string {
    return (
        users.map((u) => `user ${u.name} on >{{ index . "acl-${u.name}" }} ~${u.keyPattern} ${u.commands}`).join("\n") +
        "\n"
    );
}

/** The ExternalSecret that materialises the auth Secret: target and key equal what the CR references (risk DFLY-OPS-002). */
export function authExternalSecret(config: DragonflySettings): Record<string, unknown> | undefined {
    const df = config.components.dragonfly;
    if (df.auth.source !== "externalSecret") {
        return undefined;
    }
    const data = [{ secretKey: AUTH_PASSWORD_KEY, remoteRef: { key: df.auth.remoteKey, property: "password" } }];
    for (const u of df.acl?.users ?? []) {
        data.push({ secretKey: `acl-${u.name}`, remoteRef: { key: df.auth.remoteKey, property: `acl-${u.name}` } });
    }
    const template = df.acl
        ? {
              template: {
                  engineVersion: "v2",
                  mergePolicy: "Merge",
                  data: { [AUTH_ACL_KEY]: aclTemplate(df.acl.users) },
              },
          }
        : {};
    return {
        apiVersion: "external-secrets.io/v1beta1",
        kind: "ExternalSecret",
        metadata: { name: AUTH_SECRET_NAME, namespace: df.namespace },
        spec: {
            refreshInterval: df.auth.refreshInterval,
            secretStoreRef: { kind: "ClusterSecretStore", name: df.auth.secretStore },
            target: { name: AUTH_SECRET_NAME, creationPolicy: "Owner", ...template },
            data,
        },
    };
}

/** The auth Secret made from a Pulumi secret (`auth.source: pulumiSecret`); the value stays a secret Output. */
export function authSecretArgs(
    config: DragonflySettings,
    password: pulumi.Input<string>,
): {
    metadata: { name: string; namespace: string };
    type: string;
    stringData: Record<string, pulumi.Output<string>>;
} {
    return {
        metadata: { name: AUTH_SECRET_NAME, namespace: config.components.dragonfly.namespace },
        type: "Opaque",
        stringData: { [AUTH_PASSWORD_KEY]: pulumi.secret(password) },
    };
}

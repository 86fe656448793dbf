// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import {
    allContainers,
    containerFieldPath,
    describeOwner,
    HELM_RELEASE_TYPE,
    objectNameOf,
    namespaceOf,
    specTemplatesOf,
    DRAGONFLY_TYPE,
    walkLeaves,
} from "../../lib/kube";
import { ResourceRule } from "../../lib/rule";
import { effectiveWords, flagValue } from "../../lib/exposure/command";
import { arrayAt, recordAt } from "../../lib/propertyPaths";

/** Names that hold a secret value (not a reference to one). */
export const SECRET_NAME =
    /(password|passwd|passphrase|token|secret[-_]?key|access[-_]?key|private[-_]?key|api[-_]?key|credentials?)$/i;

/** Command-line flags that take a password (Redis/Dragonfly `--requirepass`, `--masterauth`, generic `--password`). */
const PASSWORD_FLAGS = ["requirepass", "masterauth", "password"];

/**
 * Whether an env var of this name carries a credential where the software reads it: a secret-like
 * name, Dragonfly's `DFLY_<flag>` for a password flag (Dragonfly reads every flag from `DFLY_<flag>`;
 * dragonfly-operator itself passes the password as `DFLY_requirepass`), or redis-cli's `REDISCLI_AUTH`.
 */
export function isSecretEnvName(name: string): boolean {
    return SECRET_NAME.test(name) || PASSWORD_FLAGS.some((f) => name === `DFLY_${f}`) || name === "REDISCLI_AUTH";
}

/** Whether an env entry gives a credential a literal value (not valueFrom, not a `$(VAR)` reference). */
function literalSecretEnv(e: Record<string, unknown>): boolean {
    return (
        typeof e.name === "string" &&
        isSecretEnvName(e.name) &&
        typeof e.value === "string" &&
        e.value !== "" &&
        !/^\$\(\w+\)$/.test(e.value)
    );
}

/** Password flags given a literal value (a `$(VAR)` reference to an env var is not one); never the value itself. */
export function literalPasswordFlags(command: unknown, args: unknown): string[] {
    const words = effectiveWords(arrayAt(command).map(String), arrayAt(args).map(String));
    return PASSWORD_FLAGS.filter((f) => {
        const v = flagValue(words, f);
        return v !== undefined && v !== "" && !/^\$\(\w+\)$/.test(v);
    });
}

/**
 * Checks that no secret value is written in plaintext: an env var that carries a credential (named
 * like a secret, or one the software reads a password from, such as Dragonfly's DFLY_requirepass)
 * must use valueFrom.secretKeyRef, a ConfigMap must not carry secret-named keys, and Helm values must
 * reference secrets (existingSecret, secretKeyRef) rather than contain them, and no container (nor a
 * Dragonfly CR's args) passes a password flag with a literal value. Secret objects are not
 * judged here: whether their data came from a Pulumi secret is invisible to a policy.
 */
export const plaintextSecrets: ResourceRule = {
    name: "cluster-platform-plaintext-secrets",
    kind: "resource",
    description: "No password, token or key is written in plaintext in an env var, a ConfigMap or Helm values.",
    risks: ["HYG-SECRETS-001", "CIL-SEC-003"],
    remediationSteps:
        "Keep the value in a Secret fed by a Pulumi secret or an ExternalSecret, and reference it (valueFrom.secretKeyRef, existingSecret).",
    check: (r, report) => {
        if (r.type === HELM_RELEASE_TYPE) {
            walkLeaves(r.props.values, (path, v) => {
                const key = String(path[path.length - 1] ?? "");
                if (SECRET_NAME.test(key) && typeof v === "string" && v !== "") {
                    report(
                        "CIL-SEC-003",
                        `Helm release ${String(r.props.name ?? r.name)} has a plaintext value at values.${path.join(".")}; move it to a Secret and reference it (for example an existingSecret key of the chart).`,
                    );
                }
            });
            return;
        }
        if (r.type === "kubernetes:core/v1:ConfigMap") {
            const data = r.props.data;
            if (typeof data === "object" && data !== null) {
                for (const [k, v] of Object.entries(data)) {
                    if (SECRET_NAME.test(k) && typeof v === "string" && v !== "") {
                        report(
                            "HYG-SECRETS-001",
                            `ConfigMap ${namespaceOf(r.props)}/${objectNameOf(r.props, r.name)} holds the secret-named key data.${k} in plaintext; move it to a Secret.`,
                        );
                    }
                }
            }
            return;
        }
        if (r.type === DRAGONFLY_TYPE) {
            const spec = recordAt(r.props, "spec");
            const who = `Dragonfly ${namespaceOf(r.props)}/${objectNameOf(r.props, r.name)}`;
            for (const flag of literalPasswordFlags(undefined, spec.args)) {
                report(
                    "HYG-SECRETS-001",
                    `${who} passes --${flag} with a literal value in spec.args; the password is in plaintext in Git and in the pod spec. Use spec.authentication.passwordFromSecret instead.`,
                );
            }
            arrayAt(spec.env).forEach((raw, i) => {
                const e = recordAt(raw);
                if (literalSecretEnv(e)) {
                    report(
                        "HYG-SECRETS-001",
                        `${who} sets ${String(e.name)} in plaintext at spec.env[${i}].value; ${e.name === "DFLY_requirepass" ? "use spec.authentication.passwordFromSecret instead" : "use valueFrom.secretKeyRef instead"}.`,
                    );
                }
            });
            return;
        }
        for (const view of specTemplatesOf(r.type, r.props, r.name)) {
            for (const { container, index, init } of allContainers(view)) {
                const raw = container as unknown as Record<string, unknown>;
                for (const flag of literalPasswordFlags(raw.command, raw.args)) {
                    report(
                        "HYG-SECRETS-001",
                        `container "${container.name}" of ${describeOwner(view)} passes --${flag} with a literal value at ${containerFieldPath(view, index, "args", init)}; read it from a Secret (an env var from valueFrom.secretKeyRef, passed as $(VAR)).`,
                    );
                }
                (container.env ?? []).forEach((e, i) => {
                    if (literalSecretEnv(e as unknown as Record<string, unknown>)) {
                        report(
                            "HYG-SECRETS-001",
                            `container "${container.name}" of ${describeOwner(view)} sets ${e.name} in plaintext at ${containerFieldPath(view, index, "env", init)}[${i}].value; use valueFrom.secretKeyRef instead.`,
                        );
                    }
                });
            }
        }
    },
};

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { StackRule } from "../../lib/rule";
import { arrayAt, recordAt } from "../../lib/propertyPaths";
import { buildStackView } from "../../lib/stackView";
import { effectiveWords, flagValue } from "../../lib/exposure/command";

const EXTERNAL_SECRET_TYPES = [
    "kubernetes:external-secrets.io/v1beta1:ExternalSecret",
    "kubernetes:external-secrets.io/v1:ExternalSecret",
];

/**
 * How an ExternalSecret's target Secret gets a key: from `target.template` (its `data` or
 * `templateFrom`), from `data[]` or `dataFrom` (whose keys are the remote secret's, unknowable here, so
 * counted), unless a template with the default mergePolicy Replace drops what it does not write.
 */
export function producedKey(
    spec: Record<string, unknown>,
    key: string,
): "template" | "data" | "dataFrom" | "dropped" | "missing" {
    const template = recordAt(spec, "target.template");
    const templateKeys = Object.keys(recordAt(template, "data"));
    if (templateKeys.includes(key) || arrayAt(template, "templateFrom").length > 0) {
        return "template";
    }
    const replaces = templateKeys.length > 0 && template.mergePolicy !== "Merge";
    const fetched = arrayAt(spec, "data").some((d) => recordAt(d).secretKey === key);
    if (fetched || arrayAt(spec, "dataFrom").length > 0) {
        return replaces ? "dropped" : fetched ? "data" : "dataFrom";
    }
    return "missing";
}

/**
 * Where a Dragonfly CR's password comes from: `spec.authentication.passwordFromSecret`, else the
 * `DFLY_requirepass` env var from a secretKeyRef (what dragonfly-operator itself sets; Dragonfly reads
 * every flag from `DFLY_<flag>`); "literal" for a value in env or a `--requirepass` in args; undefined
 * when the cache has no password at all.
 */
export function passwordRef(spec: Record<string, unknown>): { name: string; key: string } | "literal" | undefined {
    const own = recordAt(spec, "authentication.passwordFromSecret");
    if (typeof own.name === "string" && typeof own.key === "string") {
        return { name: own.name, key: own.key };
    }
    const env = arrayAt(spec, "env")
        .map((e) => recordAt(e))
        .filter((e) => e.name === "DFLY_requirepass")
        .pop();
    const fromEnv = recordAt(env, "valueFrom.secretKeyRef");
    if (typeof fromEnv.name === "string" && typeof fromEnv.key === "string") {
        return { name: fromEnv.name, key: fromEnv.key };
    }
    const words = effectiveWords(undefined, arrayAt(spec, "args").map(String));
    if ((typeof env?.value === "string" && env.value !== "") || flagValue(words, "requirepass") !== undefined) {
        return "literal";
    }
    return undefined;
}

/**
 * Checks that the Secret a Dragonfly CR authenticates with will exist with the key it reads:
 * declared as a Secret, or produced by an ExternalSecret whose target and key match, with a
 * non-empty remote key and a store; and that the ACL comes from a Secret, not a mounted file.
 */
export const dragonflyAuthSecret: StackRule = {
    name: "cluster-platform-dragonfly-auth-secret",
    kind: "stack",
    description: "The Secret and key a Dragonfly CR authenticates with are produced in its namespace.",
    risks: ["DFLY-OPS-002", "DFLY-VR-04.4", "DFLY-VR-04.10", "DFLY-VR-10.1"],
    remediationSteps:
        "Set spec.authentication.passwordFromSecret {name, key} and declare that Secret, or an ExternalSecret with target.name = name and data[].secretKey = key from a per-cluster remoteRef.key; use spec.aclFromSecret for ACLs, one user per tenant with ~prefix:*, +@connection and -@dangerous.",
    check: (resources, report) => {
        const view = buildStackView(resources);
        for (const df of view.dragonflies) {
            const who = `Dragonfly ${df.namespace}/${df.name}`;
            const words = effectiveWords(undefined, arrayAt(df.spec, "args").map(String));
            if (flagValue(words, "aclfile") !== undefined) {
                report(
                    "DFLY-VR-04.10",
                    `${who} reads ACLs from a file (--aclfile in spec.args); ACL rules carry passwords, so use spec.aclFromSecret {name, key} instead.`,
                    df.urn,
                );
            }
            const ref = passwordRef(df.spec);
            if (ref === "literal") {
                // The cache authenticates; the plaintext password is cluster-platform-plaintext-secrets' finding.
                continue;
            }
            if (ref === undefined) {
                report(
                    "DFLY-VR-04.4",
                    `${who} has no spec.authentication.passwordFromSecret, so the cache accepts unauthenticated clients; set it to the auth Secret's name and key.`,
                    df.urn,
                );
                continue;
            }
            const secret = view.ofType("kubernetes:core/v1:Secret", df.namespace).find((s) => s.name === ref.name);
            if (secret) {
                const keys = [
                    ...Object.keys(recordAt(secret.props, "data")),
                    ...Object.keys(recordAt(secret.props, "stringData")),
                ];
                if (!keys.includes(ref.key)) {
                    report(
                        "DFLY-OPS-002",
                        `${who} reads key ${ref.key} of Secret ${df.namespace}/${ref.name}, which only has ${JSON.stringify(keys)}; add the key or fix passwordFromSecret.key.`,
                        df.urn,
                    );
                }
                continue;
            }
            const externals = EXTERNAL_SECRET_TYPES.flatMap((t) => view.ofType(t, df.namespace));
            const producing = externals.find(
                (e) => String(recordAt(e.props, "spec.target").name ?? e.name) === ref.name,
            );
            if (!producing) {
                const targets = externals.map((e) => String(recordAt(e.props, "spec.target").name ?? e.name));
                report(
                    "DFLY-OPS-002",
                    `${who} authenticates with Secret ${df.namespace}/${ref.name}, but nothing in the stack creates it (ExternalSecret targets here: ${JSON.stringify(targets)}); make an ExternalSecret's target.name ${ref.name} or fix passwordFromSecret.name.`,
                    df.urn,
                );
                continue;
            }
            const spec = recordAt(producing.props, "spec");
            const data = arrayAt(spec, "data").map((d) => recordAt(d));
            const entry = data.find((d) => d.secretKey === ref.key);
            const produced = producedKey(spec, ref.key);
            if (produced === "dropped") {
                report(
                    "DFLY-OPS-002",
                    `ExternalSecret ${producing.namespace}/${producing.name} fetches ${ref.key} in data[] but its target.template (mergePolicy Replace) writes only ${JSON.stringify(Object.keys(recordAt(spec, "target.template.data")))}, so the Secret lacks the key ${who} reads; add ${ref.key} to target.template.data or set target.template.mergePolicy: Merge.`,
                    producing.urn,
                );
            } else if (produced === "missing") {
                report(
                    "DFLY-OPS-002",
                    `ExternalSecret ${producing.namespace}/${producing.name} does not produce key ${ref.key} that ${who} reads (it produces ${JSON.stringify(data.map((d) => d.secretKey))}, no dataFrom, no template for it); add data[].secretKey ${ref.key}.`,
                    producing.urn,
                );
            } else if (
                produced === "data" &&
                entry &&
                (typeof recordAt(entry, "remoteRef").key !== "string" || recordAt(entry, "remoteRef").key === "")
            ) {
                report(
                    "DFLY-OPS-002",
                    `ExternalSecret ${producing.namespace}/${producing.name} reads ${ref.key} from an empty remoteRef.key; set the per-cluster secret path.`,
                    producing.urn,
                );
            }
            const aclRef = recordAt(df.spec, "aclFromSecret");
            const aclText = recordAt(spec, "target.template.data")[String(aclRef.key)];
            if (aclRef.name === ref.name && typeof aclText === "string") {
                for (const line of aclText.split("\n").filter((l) => l.startsWith("user "))) {
                    const user = line.split(" ")[1];
                    const missing = [
                        !/\s~\S+/.test(line) ? "a key pattern (~prefix:*)" : "",
                        !line.includes("+@connection") ? "+@connection" : "",
                        !line.includes("-@dangerous") && !line.includes("+@all") ? "-@dangerous" : "",
                    ].filter((x) => x);
                    if (missing.length > 0) {
                        report(
                            "DFLY-VR-10.1",
                            `ACL user ${user} of ${who} lacks ${missing.join(", ")}; tenant users need their own key pattern, +@connection for health checks and -@dangerous.`,
                            producing.urn,
                        );
                    }
                }
            }
            if (typeof recordAt(spec, "secretStoreRef").name !== "string") {
                report(
                    "DFLY-OPS-002",
                    `ExternalSecret ${producing.namespace}/${producing.name} names no secretStoreRef; set the (Cluster)SecretStore it reads from.`,
                    producing.urn,
                );
            }
        }
    },
};

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { stackPolicy } from "../../../../policies/lib/rule";
import { dragonflyAuthSecret } from "../../../../policies/rules/dragonfly/authSecret";
import { describeCommon, stackViolationsOf } from "../../helpers";
import { changed, CR, dragonflyStack, without } from "./stack";

const policy = stackPolicy(dragonflyAuthSecret) as StackValidationPolicy;
const ES = "infra-dragonfly-authExternalSecret";

describe("policy cluster-platform-dragonfly-auth-secret", () => {
    describeCommon(policy, {
        name: "cluster-platform-dragonfly-auth-secret",
        enforcementLevel: "advisory",
        severity: "medium",
        risks: ["DFLY-OPS-002", "DFLY-VR-04.4", "DFLY-VR-04.10", "DFLY-VR-10.1"],
    });

    it("#1 passes the component's ExternalSecret and a plain Secret with the key", async () => {
        assert.deepStrictEqual(await stackViolationsOf(policy, dragonflyStack()), []);
        const list = without(ES);
        list.push({
            type: "kubernetes:core/v1:Secret",
            name: "s",
            props: {
                metadata: { name: "dragonfly-auth", namespace: "dragonfly-system" },
                stringData: { password: "x" },
            },
        });
        assert.deepStrictEqual(await stackViolationsOf(policy, list), []);
    });

    it("#2 reports a CR without passwordFromSecret", async () => {
        assert.deepStrictEqual(
            await stackViolationsOf(
                policy,
                changed((n) => delete n(CR).props.spec.authentication),
            ),
            [
                "[infra-dragonfly-dragonfly] [DFLY-VR-04.4 · score 4] Dragonfly dragonfly-system/dragonfly has no spec.authentication.passwordFromSecret, so the cache accepts unauthenticated clients; set it to the auth Secret's name and key.",
            ],
        );
    });

    it("#3 reports an ExternalSecret whose target name differs", async () => {
        assert.deepStrictEqual(
            await stackViolationsOf(
                policy,
                changed((n) => (n(ES).props.spec.target.name = "dragonfly-password")),
            ),
            [
                '[infra-dragonfly-dragonfly] [DFLY-OPS-002 · score 4] Dragonfly dragonfly-system/dragonfly authenticates with Secret dragonfly-system/dragonfly-auth, but nothing in the stack creates it (ExternalSecret targets here: ["dragonfly-password"]); make an ExternalSecret\'s target.name dragonfly-auth or fix passwordFromSecret.name.',
            ],
        );
    });

    it("#4 reports an ExternalSecret that does not produce the key", async () => {
        assert.deepStrictEqual(
            await stackViolationsOf(
                policy,
                changed((n) => (n(ES).props.spec.data[0].secretKey = "redis-password")),
            ),
            [
                '[infra-dragonfly-authExternalSecret] [DFLY-OPS-002 · score 4] ExternalSecret dragonfly-system/dragonfly-auth does not produce key password that Dragonfly dragonfly-system/dragonfly reads (it produces ["redis-password"], no dataFrom, no template for it); add data[].secretKey password.',
            ],
        );
    });

    it("#5 reports an empty remote key and a missing store", async () => {
        const list = changed((n) => {
            n(ES).props.spec.data[0].remoteRef.key = "";
            delete n(ES).props.spec.secretStoreRef;
        });
        assert.deepStrictEqual(await stackViolationsOf(policy, list), [
            "[infra-dragonfly-authExternalSecret] [DFLY-OPS-002 · score 4] ExternalSecret dragonfly-system/dragonfly-auth reads password from an empty remoteRef.key; set the per-cluster secret path.",
            "[infra-dragonfly-authExternalSecret] [DFLY-OPS-002 · score 4] ExternalSecret dragonfly-system/dragonfly-auth names no secretStoreRef; set the (Cluster)SecretStore it reads from.",
        ]);
    });

    it("#7 checks tenant ACL lines rendered by the ExternalSecret", async () => {
        const withAcl = (line: string) =>
            changed((n) => {
                n(CR).props.spec.aclFromSecret = { name: "dragonfly-auth", key: "acl.conf" };
                n(ES).props.spec.target.template = {
                    engineVersion: "v2",
                    mergePolicy: "Merge",
                    data: { "acl.conf": `${line}\n` },
                };
            });
        assert.deepStrictEqual(
            await stackViolationsOf(
                policy,
                withAcl(
                    'user keycloak on >{{ index . "acl-keycloak" }} ~keycloak:* +@read +@write +@connection -@dangerous',
                ),
            ),
            [],
        );
        assert.deepStrictEqual(
            await stackViolationsOf(policy, withAcl('user appcache on >{{ index . "acl-appcache" }} +@read +@write')),
            [
                "[infra-dragonfly-authExternalSecret] [DFLY-VR-10.1 · score 2] ACL user appcache of Dragonfly dragonfly-system/dragonfly lacks a key pattern (~prefix:*), +@connection, -@dangerous; tenant users need their own key pattern, +@connection for health checks and -@dangerous.",
            ],
        );
    });

    it("#6 reports ACLs from a mounted file", async () => {
        assert.deepStrictEqual(
            await stackViolationsOf(
                policy,
                changed((n) => n(CR).props.spec.args.push("--aclfile=/etc/dragonfly/acl.conf")),
            ),
            [
                "[infra-dragonfly-dragonfly] [DFLY-VR-04.10 · score 3] Dragonfly dragonfly-system/dragonfly reads ACLs from a file (--aclfile in spec.args); ACL rules carry passwords, so use spec.aclFromSecret {name, key} instead.",
            ],
        );
    });

    it("#8 counts a key produced by dataFrom or by target.template, and reports one a Replace template drops", async () => {
        const viaDataFrom = changed((n) => {
            n(ES).props.spec.data = [];
            n(ES).props.spec.dataFrom = [{ extract: { key: "infra/dragonfly/auth" } }];
        });
        assert.deepStrictEqual(await stackViolationsOf(policy, viaDataFrom), []);
        const viaTemplate = changed((n) => {
            n(ES).props.spec.data[0].secretKey = "pw";
            n(ES).props.spec.target.template = { data: { password: "{{ .pw }}" } };
        });
        assert.deepStrictEqual(await stackViolationsOf(policy, viaTemplate), []);
        const dropped = changed((n) => (n(ES).props.spec.target.template = { data: { other: "{{ .password }}" } }));
        assert.deepStrictEqual(await stackViolationsOf(policy, dropped), [
            '[infra-dragonfly-authExternalSecret] [DFLY-OPS-002 · score 4] ExternalSecret dragonfly-system/dragonfly-auth fetches password in data[] but its target.template (mergePolicy Replace) writes only ["other"], so the Secret lacks the key Dragonfly dragonfly-system/dragonfly reads; add password to target.template.data or set target.template.mergePolicy: Merge.',
        ]);
        const merged = changed(
            (n) => (n(ES).props.spec.target.template = { mergePolicy: "Merge", data: { other: "{{ .password }}" } }),
        );
        assert.deepStrictEqual(await stackViolationsOf(policy, merged), []);
    });

    it("#9 reads the password where Dragonfly reads it: DFLY_requirepass from a Secret is checked like passwordFromSecret", async () => {
        const viaEnv = (name: string) =>
            changed((n) => {
                delete n(CR).props.spec.authentication;
                n(CR).props.spec.env = [
                    { name: "DFLY_requirepass", valueFrom: { secretKeyRef: { name, key: "password" } } },
                ];
            });
        assert.deepStrictEqual(await stackViolationsOf(policy, viaEnv("dragonfly-auth")), []);
        assert.deepStrictEqual(await stackViolationsOf(policy, viaEnv("other-auth")), [
            '[infra-dragonfly-dragonfly] [DFLY-OPS-002 · score 4] Dragonfly dragonfly-system/dragonfly authenticates with Secret dragonfly-system/other-auth, but nothing in the stack creates it (ExternalSecret targets here: ["dragonfly-auth"]); make an ExternalSecret\'s target.name other-auth or fix passwordFromSecret.name.',
        ]);
    });

    it("#10 a literal DFLY_requirepass or --requirepass authenticates (its plaintext is the plaintext-secrets rule's finding)", async () => {
        const literalEnv = changed((n) => {
            delete n(CR).props.spec.authentication;
            n(CR).props.spec.env = [{ name: "DFLY_requirepass", value: "x" }];
        });
        assert.deepStrictEqual(await stackViolationsOf(policy, literalEnv), []);
        const literalArg = changed((n) => {
            delete n(CR).props.spec.authentication;
            n(CR).props.spec.args.push("--requirepass", "x");
        });
        assert.deepStrictEqual(await stackViolationsOf(policy, literalArg), []);
    });

    it("#11 reads --aclfile as the program parses it (--aclfile value, -aclfile=)", async () => {
        for (const args of [["--aclfile", "/etc/acl.conf"], ["-aclfile=/etc/acl.conf"]]) {
            assert.deepStrictEqual(
                await stackViolationsOf(
                    policy,
                    changed((n) => n(CR).props.spec.args.push(...args)),
                ),
                [
                    "[infra-dragonfly-dragonfly] [DFLY-VR-04.10 · score 3] Dragonfly dragonfly-system/dragonfly reads ACLs from a file (--aclfile in spec.args); ACL rules carry passwords, so use spec.aclFromSecret {name, key} instead.",
                ],
            );
        }
    });
});

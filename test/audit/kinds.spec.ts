// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { AUDIT_KINDS, NOT_LISTED } from "../../engine/audit/kinds";
import { clusterRbacYaml, releaseRbacYaml } from "../../engine/audit/rbac";
import { releaseNamespacesOf, declaredResources } from "../../engine/audit/audit";
import { loadStackConfig } from "../../config/load";
import { PROJECT_DIR } from "../cluster/support";

/** Every `.ts` file under a directory. */
function sources(dir: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) =>
            e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [],
        );
}

describe("audit: the kinds it reads and the RBAC it needs", () => {
    it("reads every kind a rule of the pack names, except those it says why not", () => {
        const text = [
            ...sources(path.join(PROJECT_DIR, "policies", "lib")),
            ...sources(path.join(PROJECT_DIR, "policies", "rules")),
        ]
            .map((f) => fs.readFileSync(f, "utf8"))
            .join("\n");
        const named = new Set<string>();
        for (const m of text.matchAll(/"kubernetes:([a-zA-Z0-9./-]+):([A-Za-z]+)"/g)) {
            named.add(
                `${m[1]
                    .replace(/^core\//, "")
                    .replace(/\/.*$/, "")
                    .replace(/^v1$/, "")}/${m[2]}`,
            );
        }
        for (const m of text.matchAll(/endsWith\(":([A-Za-z]+)"\)/g)) {
            named.add(`cilium.io/${m[1]}`);
        }
        const notListed = new Set(
            Object.keys(NOT_LISTED).map((t) =>
                t
                    .replace(/^kubernetes:(core\/)?/, "")
                    .replace(/\/[^/:]+:/, "/")
                    .replace(/^v1:/, "/"),
            ),
        );
        const listed = new Set(AUDIT_KINDS.map((k) => `${k.group}/${k.kind}`));
        const missing = [...named].filter((n) => !listed.has(n) && !notListed.has(n)).sort();
        assert.deepStrictEqual(missing, []);
        assert.ok(named.size >= 25, `only ${named.size} kinds found in the rules: the scan is broken`);
    });

    it("ships a ClusterRole with get and list only, on exactly the kinds read, and no Secret", () => {
        const file = fs.readFileSync(path.join(PROJECT_DIR, "deploy", "rbac", "audit-reader.yaml"), "utf8");
        assert.strictEqual(
            file,
            `${clusterRbacYaml().trimEnd()}\n`,
            "deploy/rbac/audit-reader.yaml is stale: npm run -s audit -- --print-rbac > deploy/rbac/audit-reader.yaml",
        );
        const [role] = parseAllDocuments(file).map(
            (d) => d.toJS() as { kind: string; rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] },
        );
        assert.strictEqual(role.kind, "ClusterRole");
        const granted = role.rules
            .flatMap((r) => r.resources.map((res) => `${r.apiGroups[0]}/${res}:${r.verbs.join(",")}`))
            .sort();
        assert.deepStrictEqual(granted, AUDIT_KINDS.map((k) => `${k.group}/${k.resource}:get,list`).sort());
        assert.ok(!granted.some((g) => g.startsWith("/secrets")));
    });

    for (const stack of ["infra", "apps"]) {
        it(`ships ${stack}'s Helm release Roles: Secrets only in the namespaces of its releases`, async () => {
            const namespaces = releaseNamespacesOf(await declaredResources(loadStackConfig(stack, PROJECT_DIR).config));
            const file = fs.readFileSync(
                path.join(PROJECT_DIR, "deploy", "rbac", `audit-helm-releases-${stack}.yaml`),
                "utf8",
            );
            assert.strictEqual(file, `${releaseRbacYaml(stack, namespaces).trimEnd()}\n`);
            const docs = parseAllDocuments(file).map(
                (d) => d.toJS() as { kind: string; metadata: { namespace: string }; rules?: unknown },
            );
            assert.deepStrictEqual(
                docs.filter((d) => d.kind === "Role").map((d) => [d.metadata.namespace, d.rules]),
                namespaces.map((ns) => [ns, [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "list"] }]]),
            );
            assert.ok(namespaces.includes("kube-system"));
        });
    }
});

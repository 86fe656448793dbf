// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Issue 13: hostile and careless stack files give clean issues naming file and key, never a throw.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { formatIssue } from "../../config/issues";
import { Labelled, overlappingPairs } from "../../config/network";
import { parseStackFile, readStackFile } from "../../config/stackFile";
import { validateStackFiles } from "../../config/validate";
import { YAML_LIMITS } from "../../config/yaml";
import { readManifests } from "../../engine/manifests/read";
import { edited, original, problems } from "./stackFiles";
import { scratchDir } from "../support/scratch";

/** The real infra file with extra lines appended under `config:`. */
const withLines = (...lines: string[]): string => `${original("infra")}${lines.map((l) => `  ${l}\n`).join("")}`;

function aliasBomb(): string {
    let text =
        "config:\n  pulumi:disable-default-providers: [kubernetes]\n  x:a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    // Eight levels of nine references each: 9^8 (43 million) strings once expanded.
    for (const i of [1, 2, 3, 4, 5, 6, 7, 8]) {
        text += `  x:a${i}: &a${i} [${Array(9)
            .fill(`*a${i - 1}`)
            .join(", ")}]\n`;
    }
    return text;
}

describe("config: hostile stack files (issue 13)", () => {
    it("defect 2: a YAML alias bomb is a clean issue naming the file", () => {
        assert.deepStrictEqual(problems({ infra: aliasBomb() }), [
            `Pulumi.infra.yaml: expands more than ${YAML_LIMITS.maxAliasCount} aliases (a YAML alias bomb?); write the values out`,
        ]);
    });

    it("defect 2: nesting beyond the depth limit is a clean issue with its line", () => {
        const deep = `config:\n  x:deep: ${"[".repeat(70)}${"]".repeat(70)}\n`;
        assert.deepStrictEqual(problems({ infra: deep }), [
            `Pulumi.infra.yaml:2: nests deeper than ${YAML_LIMITS.maxDepth} levels`,
        ]);
    });

    it("defect 2: a file over the size limit is refused before parsing", () => {
        const big = `config:\n  x:big: "${"a".repeat(YAML_LIMITS.maxBytes)}"\n`;
        assert.deepStrictEqual(problems({ infra: big }), [
            `Pulumi.infra.yaml: is ${YAML_LIMITS.maxBytes + 20} bytes; the limit is ${YAML_LIMITS.maxBytes} bytes`,
        ]);
    });

    it("a stack file larger than the limit is refused from its size, without being read", () => {
        const file = path.join(scratchDir("huge-stack-"), "Pulumi.infra.yaml");
        // Sparse: 4 GiB on paper, nothing on disk; read whole it would fail as a string too long, not as too large.
        fs.closeSync(fs.openSync(file, "w"));
        fs.truncateSync(file, 4 * 2 ** 30);
        const parsed = readStackFile(file, "Pulumi.infra.yaml");
        assert.deepStrictEqual(
            parsed.issues.map((i) => formatIssue(i)),
            [`Pulumi.infra.yaml: is ${4 * 2 ** 30} bytes; the limit is ${YAML_LIMITS.maxBytes} bytes`],
        );
    });

    it("defect 2: manifest mode names the file of an alias bomb", () => {
        const dir = scratchDir("bomb-");
        const file = path.join(dir, "bomb.yaml");
        fs.writeFileSync(
            file,
            aliasBomb()
                .replace(/^config:\n/, "")
                .replace(/^ {2}/gm, ""),
        );
        assert.throws(
            () => readManifests([file], "infra"),
            (err: Error) =>
                err.message ===
                `${file}: document 0: expands more than ${YAML_LIMITS.maxAliasCount} aliases (a YAML alias bomb?); write the values out`,
        );
    });

    it("defect 10: an unknown YAML tag is an issue, not a silent string", () => {
        assert.deepStrictEqual(problems({ infra: withLines("x:tagged: !vault secret/data") }), [
            "Pulumi.infra.yaml:63: unsupported YAML: Unresolved tag: !vault",
        ]);
    });

    it("defect 3: a `cluster-platform:__proto__` key is an unknown setting, not a prototype", () => {
        const issues = problems({ infra: withLines("cluster-platform:__proto__:", "  polluted: true") });
        assert.deepStrictEqual(issues, [
            "Pulumi.infra.yaml:63: cluster-platform:__proto__: is not a known setting; known keys are cluster, kubernetes, network, cilium, bgp, components, clientNamespaces, monitoring, chartMirror, dragonflyPassword",
        ]);
        assert.strictEqual(({} as Record<string, unknown>).polluted, undefined);
    });

    it("defect 3: a nested `__proto__` key is an unknown key of its section", () => {
        const text = original("infra").replace("    name: infra\n", "    name: infra\n    __proto__: { id: 7 }\n");
        assert.deepStrictEqual(problems({ infra: text }), [
            "Pulumi.infra.yaml:9: cluster-platform:cluster.__proto__: is not a known setting (misspelt, or misplaced?)",
        ]);
    });

    it("defect 4: a plaintext secret in a misspelt namespace is flagged twice: look-alike and plaintext", () => {
        assert.deepStrictEqual(problems({ infra: withLines("cluster-platfrom:dragonflyPassword: hunter2hunter2") }), [
            'Pulumi.infra.yaml:63: cluster-platfrom:dragonflyPassword: the namespace "cluster-platfrom" looks like a misspelling of "cluster-platform"; settings under it are ignored by this program. Write cluster-platform:dragonflyPassword',
            "Pulumi.infra.yaml:63: cluster-platfrom:dragonflyPassword: looks like a secret value in plaintext; keep secrets out of structured settings and use a secret key set with `pulumi config set --secret`",
        ]);
    });

    it("defect 4: a homoglyph namespace (Cyrillic о) holding a second cluster block is flagged", () => {
        assert.deepStrictEqual(problems({ infra: withLines("cluster-platfоrm:cluster:", "  name: apps", "  id: 9") }), [
            'Pulumi.infra.yaml:63: cluster-platfоrm:cluster: the namespace "cluster-platfоrm" is a look-alike (homoglyph or case variant) of "cluster-platform"; settings under it are ignored by this program. Write cluster-platform:cluster',
        ]);
    });

    it("defect 4: another project's plaintext password and nested token are flagged", () => {
        assert.deepStrictEqual(
            problems({ infra: withLines("billing:dbPassword: s3cr3t", "billing:api:", "  token: abc") }),
            [
                "Pulumi.infra.yaml:63: billing:dbPassword: looks like a secret value in plaintext; keep secrets out of structured settings and use a secret key set with `pulumi config set --secret`",
                "Pulumi.infra.yaml:64: billing:api.token: looks like a secret value in plaintext; keep secrets out of structured settings and use a secret key set with `pulumi config set --secret`",
            ],
        );
    });

    for (const [name, secure, message] of [
        ["empty", '""', "has an empty secure: value"],
        [
            "garbage",
            "not a ciphertext",
            "has a secure: value that is not a Pulumi ciphertext (v1:<nonce>:<data> or base64)",
        ],
    ] as const) {
        it(`defect 10: a secure: value that is ${name} is refused`, () => {
            const text =
                edited("infra", (doc) => {
                    doc.setIn(["config", "cluster-platform:components", "dragonfly", "auth"], {
                        source: "pulumiSecret",
                    });
                }) + `  cluster-platform:dragonflyPassword:\n    secure: ${secure}\n`;
            assert.deepStrictEqual(problems({ infra: text }), [
                `Pulumi.infra.yaml:61: cluster-platform:dragonflyPassword: ${message}; set it with: pulumi config set --secret cluster-platform:dragonflyPassword --stack infra`,
            ]);
        });
    }

    it("defect 10: a BGP peer inside the service CIDR is refused", () => {
        const text = edited("infra", (doc) =>
            doc.setIn(["config", "cluster-platform:bgp", "peerAddress"], "10.245.0.1"),
        );
        assert.deepStrictEqual(problems({ infra: text }), [
            "Pulumi.infra.yaml:34: cluster-platform:bgp.peerAddress: 10.245.0.1 lies inside the serviceCidr 10.245.0.0/16; the peer must be the upstream router, outside the cluster's own ranges",
        ]);
    });

    it("defect 10: a BGP peer on another cluster's ClusterMesh address is refused", () => {
        const apps = parseDocument(original("apps")).getIn(["config", "cluster-platform:network", "clusterMeshIp"]);
        const text = edited("infra", (doc) => doc.setIn(["config", "cluster-platform:bgp", "peerAddress"], apps));
        assert.deepStrictEqual(problems({ infra: text, apps: original("apps") }), [
            `Pulumi.infra.yaml:34: cluster-platform:bgp.peerAddress: ${String(apps)} is Pulumi.apps.yaml cluster-platform:network.clusterMeshIp; the peer must be the upstream router`,
        ]);
    });

    it("defect 10: /32 pod and service CIDRs are refused", () => {
        const text = edited("infra", (doc) => {
            doc.setIn(["config", "cluster-platform:network", "podCidr"], "10.244.0.0/32");
            doc.setIn(["config", "cluster-platform:network", "serviceCidr"], "10.245.0.0/32");
        });
        assert.deepStrictEqual(problems({ infra: text }), [
            "Pulumi.infra.yaml:16: cluster-platform:network.podCidr: 10.244.0.0/32 is too small: every node gets a /24 of it; use /24 or larger (e.g. /16)",
            "Pulumi.infra.yaml:17: cluster-platform:network.serviceCidr: 10.245.0.0/32 must be between /12 and /28 (kube-apiserver limit; room for the cluster's Services)",
        ]);
    });

    for (const [asn, reason] of [
        [23456, "AS 23456 is AS_TRANS, reserved for 4-byte ASN transition (RFC 6793)"],
        [64496, "AS 64496 is reserved for documentation (RFC 5398)"],
        [65535, "AS 65535 is reserved (RFC 7300)"],
        [65551, "AS 65551 is reserved for documentation (RFC 5398)"],
        [4294967295, "AS 4294967295 is reserved (RFC 7300)"],
    ] as const) {
        it(`defect 10: the reserved local ASN ${asn} is refused`, () => {
            const text = edited("infra", (doc) => doc.setIn(["config", "cluster-platform:bgp", "localAsn"], asn));
            assert.deepStrictEqual(problems({ infra: text }), [
                `Pulumi.infra.yaml:32: cluster-platform:bgp.localAsn: ${reason}; choose a private ASN (64512-65534 or 4200000000-4294967294)`,
            ]);
        });
    }

    it("defect 10: a protocol-reserved peer ASN is refused (AS 0 by the schema, AS_TRANS here)", () => {
        const text = edited("infra", (doc) => doc.setIn(["config", "cluster-platform:bgp", "peerAsn"], 23456));
        assert.deepStrictEqual(problems({ infra: text }), [
            "Pulumi.infra.yaml:33: cluster-platform:bgp.peerAsn: AS 23456 is AS_TRANS, reserved for 4-byte ASN transition (RFC 6793); no BGP speaker can use it",
        ]);
    });

    it("defect 10: 100,000 client namespaces and 100,000 overlapping ranges give one issue each, not one per pair", () => {
        const clients = Array.from({ length: 100000 }, (_, i) => `client-${i % 99999}`);
        const text = edited("infra", (doc) => doc.setIn(["config", "cluster-platform:clientNamespaces"], clients));
        const file = parseStackFile("Pulumi.infra.yaml", text);
        const { results } = validateStackFiles([file]);
        assert.deepStrictEqual(results[0].issues.map(formatIssue), [
            "Pulumi.infra.yaml:59: cluster-platform:clientNamespaces: lists client-0 more than once",
        ]);
        // The sweep itself on 100k overlapping ranges: one pair per range after the first.
        const ranges: Labelled<number>[] = Array.from({ length: 100000 }, (_, i) => ({
            first: i * 10,
            last: i * 10 + 15,
            item: i,
        }));
        const pairs = overlappingPairs(ranges);
        assert.strictEqual(pairs.length, 99999);
        assert.deepStrictEqual(
            [pairs[0], pairs[99998]],
            [
                [0, 1],
                [99998, 99999],
            ],
        );
    });

    it("defect 10: 5,000 mutually overlapping pools give one issue per pool, not 12.5 million", () => {
        const pools = Array.from({ length: 5000 }, (_, i) => ({
            name: `p${i}`,
            start: "10.25.11.100",
            stop: "10.25.11.119",
        }));
        const issues = problems({
            infra: edited("infra", (doc) =>
                doc.setIn(["config", "cluster-platform:network", "loadBalancerPools"], pools),
            ),
        });
        assert.strictEqual(issues.length, 4999);
        assert.strictEqual(
            issues[0],
            "Pulumi.infra.yaml:22: cluster-platform:network.loadBalancerPools[1]: 10.25.11.100-10.25.11.119 overlaps pool p0",
        );
    });

    it("the sweep pairs only ranges of different groups when asked", () => {
        const r = (first: number, last: number, item: string): Labelled<string> => ({ first, last, item });
        assert.deepStrictEqual(
            overlappingPairs([r(0, 100, "a1"), r(10, 20, "a2"), r(15, 30, "b1"), r(200, 300, "b2")], (x) => x[0]),
            [["a1", "b1"]],
        );
    });

    it("issue 23: a FIFO named like a stack file is refused without being opened (reading it would wait forever)", () => {
        const dir = scratchDir("cp-fifo-stack-");
        const fifo = path.join(dir, "Pulumi.infra.yaml");
        assert.strictEqual(spawnSync("mkfifo", [fifo]).status, 0);
        const parsed = readStackFile(fifo, "Pulumi.infra.yaml");
        assert.deepStrictEqual(parsed.issues.map(formatIssue), [
            "Pulumi.infra.yaml: cannot read the file: not a regular file (a directory, FIFO, device or socket); refused without reading it",
        ]);
    });
});

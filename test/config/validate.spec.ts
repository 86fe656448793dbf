// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Per-stack validation of the real stack files: each case edits one file and expects exactly these messages.
import * as assert from "assert";
import { CIPHERTEXT, EditCase, del, edited, itReportsEach, original, problems, set } from "./stackFiles";

const cases: EditCase[] = [
    {
        name: "missing required key",
        stack: "infra",
        edit: del(["cluster-platform:network", "podCidr"]),
        expect: ["Pulumi.infra.yaml:15: cluster-platform:network.podCidr: is required (expected a string)"],
    },
    {
        name: "missing whole section",
        stack: "infra",
        edit: del(["cluster-platform:bgp"]),
        expect: ["Pulumi.infra.yaml:3: cluster-platform:bgp: is required (expected an object)"],
    },
    {
        name: "wrong type",
        stack: "infra",
        edit: set(["cluster-platform:kubernetes", "apiServer", "port"], "6443"),
        expect: [
            'Pulumi.infra.yaml:14: cluster-platform:kubernetes.apiServer.port: must be a number (got string "6443")',
        ],
    },
    {
        name: "port out of range",
        stack: "infra",
        edit: set(["cluster-platform:kubernetes", "apiServer", "port"], 70000),
        expect: [
            "Pulumi.infra.yaml:14: cluster-platform:kubernetes.apiServer.port: must be between 1 and 65535 (got 70000)",
        ],
    },
    {
        name: "cluster id out of range",
        stack: "infra",
        edit: set(["cluster-platform:cluster", "id"], 256),
        expect: ["Pulumi.infra.yaml:9: cluster-platform:cluster.id: must be between 1 and 255 (got 256)"],
    },
    {
        name: "cluster name differs from the stack",
        stack: "infra",
        edit: set(["cluster-platform:cluster", "name"], "prod"),
        expect: [
            'Pulumi.infra.yaml:8: cluster-platform:cluster.name: is "prod" but this is the stack file of "infra"; the cluster name must equal the stack name',
            'Pulumi.infra.yaml:53: cluster-platform:components.dragonfly.auth.remoteKey: "kubernetes/infra/dragonfly/auth" does not contain the cluster name "prod"; each cluster reads its own secret path',
        ],
    },
    {
        name: "invalid CIDR syntax",
        stack: "infra",
        edit: set(["cluster-platform:network", "podCidr"], "10.244.0.0/33"),
        expect: [
            'Pulumi.infra.yaml:16: cluster-platform:network.podCidr: must be an IPv4 CIDR such as 10.244.0.0/16 (got "10.244.0.0/33")',
        ],
    },
    {
        name: "CIDR with host bits",
        stack: "infra",
        edit: set(["cluster-platform:network", "podCidr"], "10.244.1.0/16"),
        expect: [
            "Pulumi.infra.yaml:16: cluster-platform:network.podCidr: 10.244.1.0/16 has host bits set; write the network address of the block",
        ],
    },
    {
        name: "service CIDR overlaps pod CIDR",
        stack: "infra",
        edit: set(["cluster-platform:network", "serviceCidr"], "10.244.128.0/17"),
        expect: [
            "Pulumi.infra.yaml:17: cluster-platform:network.serviceCidr: 10.244.128.0/17 overlaps the pod CIDR 10.244.0.0/16",
        ],
    },
    {
        name: "peer address with prefix length",
        stack: "apps",
        edit: set(["cluster-platform:bgp", "peerAddress"], "10.25.11.1/32"),
        expect: [
            'Pulumi.apps.yaml:36: cluster-platform:bgp.peerAddress: must be a plain IPv4 address such as 10.25.11.1 (no prefix length) (got "10.25.11.1/32")',
        ],
    },
    {
        name: "ClusterMesh IP outside its pool",
        stack: "apps",
        edit: set(["cluster-platform:network", "clusterMeshIp"], "10.25.11.101"),
        expect: [
            "Pulumi.apps.yaml:24: cluster-platform:network.clusterMeshIp: 10.25.11.101 is outside this cluster's load-balancer pools (10.25.11.120-10.25.11.139)",
        ],
    },
    {
        name: "gateway IP outside its pool",
        stack: "apps",
        edit: set(["cluster-platform:network", "gatewayIps", 0, "ip"], "10.25.11.140"),
        expect: [
            "Pulumi.apps.yaml:27: cluster-platform:network.gatewayIps[0].ip: 10.25.11.140 is outside this cluster's load-balancer pools (10.25.11.120-10.25.11.139)",
        ],
    },
    {
        name: "gateway IP equal to the ClusterMesh IP",
        stack: "apps",
        edit: set(["cluster-platform:network", "gatewayIps", 0, "ip"], "10.25.11.120"),
        expect: [
            "Pulumi.apps.yaml:27: cluster-platform:network.gatewayIps[0].ip: 10.25.11.120 is already used by clusterMeshIp",
        ],
    },
    {
        name: "pool stop before start",
        stack: "infra",
        edit: set(["cluster-platform:network", "loadBalancerPools", 0, "stop"], "10.25.11.90"),
        expect: [
            "Pulumi.infra.yaml:21: cluster-platform:network.loadBalancerPools[0].stop: 10.25.11.90 comes before start 10.25.11.100",
            "Pulumi.infra.yaml:22: cluster-platform:network.clusterMeshIp: 10.25.11.100 is outside this cluster's load-balancer pools (10.25.11.100-10.25.11.90)",
            "Pulumi.infra.yaml:25: cluster-platform:network.gatewayIps[0].ip: 10.25.11.110 is outside this cluster's load-balancer pools (10.25.11.100-10.25.11.90)",
            "Pulumi.infra.yaml:27: cluster-platform:network.gatewayIps[1].ip: 10.25.11.111 is outside this cluster's load-balancer pools (10.25.11.100-10.25.11.90)",
        ],
    },
    {
        name: "version range instead of a pin",
        stack: "apps",
        edit: set(["cluster-platform:cilium", "chartVersion"], "~1.18.3"),
        expect: [
            "Pulumi.apps.yaml:30: cluster-platform:cilium.chartVersion: must be an exact version such as 1.18.3 (no range, no 'v', no wildcard) (got \"~1.18.3\")",
        ],
    },
    {
        name: "operator chart without its v prefix",
        stack: "infra",
        edit: set(["cluster-platform:components", "dragonfly", "operatorChartVersion"], "1.6.1"),
        expect: [
            "Pulumi.infra.yaml:39: cluster-platform:components.dragonfly.operatorChartVersion: must be an exact version with a 'v' prefix such as v1.6.1 (no range) (got \"1.6.1\")",
        ],
    },
    {
        name: "operator and image tag not a tested pair",
        stack: "infra",
        edit: set(["cluster-platform:components", "dragonfly", "imageTag"], "v1.34.2"),
        expect: [
            "Pulumi.infra.yaml:40: cluster-platform:components.dragonfly.imageTag: v1.34.2 is not the image tested with operator v1.6.1; use v1.39.0",
        ],
    },
    {
        name: "placeholder left",
        stack: "infra",
        edit: set(["cluster-platform:kubernetes", "context"], "${CLUSTER}"),
        expect: [
            "Pulumi.infra.yaml:11: cluster-platform:kubernetes.context: contains the unresolved placeholder ${CLUSTER}; write the real value",
        ],
    },
    {
        name: "unknown key (typo)",
        stack: "infra",
        edit: set(["cluster-platform:network", "podCIDR"], "10.244.0.0/16"),
        expect: [
            "Pulumi.infra.yaml:28: cluster-platform:network.podCIDR: is not a known setting (misspelt, or misplaced?)",
        ],
    },
    {
        name: "unknown top-level key",
        stack: "infra",
        edit: set(["cluster-platform:clusterName"], "infra"),
        expect: [
            "Pulumi.infra.yaml:63: cluster-platform:clusterName: is not a known setting; known keys are cluster, kubernetes, network, cilium, bgp, components, clientNamespaces, monitoring, chartMirror, dragonflyPassword",
        ],
    },
    {
        name: "plaintext secret key",
        stack: "infra",
        edit: set(["cluster-platform:dragonflyPassword"], "hunter2"),
        expect: [
            "Pulumi.infra.yaml:63: cluster-platform:dragonflyPassword: is a secret and must not be in plaintext; set it with: pulumi config set --secret cluster-platform:dragonflyPassword --stack infra",
        ],
    },
    {
        name: "secret-looking value inside a setting",
        stack: "infra",
        edit: set(["cluster-platform:bgp", "password"], "hunter2"),
        expect: [
            "Pulumi.infra.yaml:36: cluster-platform:bgp.password: looks like a secret value in plaintext; keep secrets out of structured settings and use a secret key set with `pulumi config set --secret`",
            "Pulumi.infra.yaml:36: cluster-platform:bgp.password: is not a known setting (misspelt, or misplaced?)",
        ],
    },
    {
        name: "pulumiSecret auth without the secret",
        stack: "infra",
        edit: set(["cluster-platform:components", "dragonfly", "auth"], { source: "pulumiSecret" }),
        expect: [
            "Pulumi.infra.yaml:3: cluster-platform:dragonflyPassword: is required when components.dragonfly.auth.source is pulumiSecret; set it with: pulumi config set --secret cluster-platform:dragonflyPassword --stack infra",
        ],
    },
    {
        name: "ExternalSecret path of another cluster",
        stack: "apps",
        edit: set(["cluster-platform:components", "dragonfly", "auth", "remoteKey"], "kubernetes/infra/dragonfly/auth"),
        expect: [
            'Pulumi.apps.yaml:55: cluster-platform:components.dragonfly.auth.remoteKey: "kubernetes/infra/dragonfly/auth" does not contain the cluster name "apps"; each cluster reads its own secret path',
        ],
    },
    {
        name: "default providers not disabled",
        stack: "infra",
        edit: del(["pulumi:disable-default-providers"]),
        expect: [
            'Pulumi.infra.yaml:3: pulumi:disable-default-providers: must list "kubernetes" so no resource can reach a cluster through the ambient kubeconfig context',
        ],
    },
    {
        name: "local ASN equals the peer ASN",
        stack: "infra",
        edit: set(["cluster-platform:bgp", "peerAsn"], 64512),
        expect: [
            "Pulumi.infra.yaml:32: cluster-platform:bgp.localAsn: 64512 equals the peer ASN; the cluster needs its own ASN for eBGP",
        ],
    },
    {
        name: "duplicate client namespace",
        stack: "infra",
        edit: set(["cluster-platform:clientNamespaces"], ["harbor", "harbor"]),
        expect: ["Pulumi.infra.yaml:59: cluster-platform:clientNamespaces: lists harbor more than once"],
    },
    {
        name: "namespace that is not a DNS label",
        stack: "infra",
        edit: set(["cluster-platform:clientNamespaces"], ["GitLab_System"]),
        expect: [
            "Pulumi.infra.yaml:60: cluster-platform:clientNamespaces[0]: must be a lowercase RFC 1123 label (a-z, 0-9, '-') (got \"GitLab_System\")",
        ],
    },
    {
        name: "ACL users with Pulumi-secret auth",
        stack: "infra",
        edit: (doc) => {
            set(["cluster-platform:components", "dragonfly", "auth"], { source: "pulumiSecret" })(doc);
            set(["cluster-platform:dragonflyPassword"], { secure: CIPHERTEXT })(doc);
            set(["cluster-platform:components", "dragonfly", "acl"], {
                users: [{ name: "keycloak", keyPattern: "keycloak:*" }],
            })(doc);
        },
        expect: [
            "Pulumi.infra.yaml:52: cluster-platform:components.dragonfly.acl: needs auth.source externalSecret: the ACL file carries each tenant's password, rendered by the ExternalSecret from the secret store",
        ],
    },
    {
        name: "floe secret path of another cluster",
        stack: "apps",
        edit: set(["cluster-platform:components", "floe", "secrets", "remoteKey"], "kubernetes/infra/floe/postgres"),
        expect: [
            'Pulumi.apps.yaml:71: cluster-platform:components.floe.secrets.remoteKey: "kubernetes/infra/floe/postgres" does not contain the cluster name "apps"; each cluster reads its own secret path',
        ],
    },
    {
        name: "floe catalog keeping fewer metadata versions than R-4 asks",
        stack: "apps",
        edit: set(["cluster-platform:components", "floe", "catalog"], {
            previousVersionsMax: 3,
            warehouseLocation: "minio://lake",
        }),
        expect: [
            'Pulumi.apps.yaml:74: cluster-platform:components.floe.catalog.warehouseLocation: must be an s3://bucket[/prefix] URL (got "minio://lake")',
            "Pulumi.apps.yaml:73: cluster-platform:components.floe.catalog.previousVersionsMax: must be at least 10 (floe R-4 keeps 10 previous metadata versions) (got 3)",
        ],
    },
    // Cross-stack rules: the message names both files.
];

describe("config: stack file validation", () => {
    it("accepts both real stack files together", () => {
        assert.deepStrictEqual(problems({ infra: original("infra"), apps: original("apps") }), []);
    });

    // Each case edits one real file (the other stays as is) and expects exactly these messages.

    itReportsEach(cases);

    it("reports every problem of a file together", () => {
        const text = edited("infra", (doc) => {
            set(["cluster-platform:cluster", "id"], 0)(doc);
            set(["cluster-platform:network", "podCidr"], "nope")(doc);
            del(["cluster-platform:kubernetes", "context"])(doc);
        });
        assert.deepStrictEqual(problems({ infra: text }), [
            "Pulumi.infra.yaml:9: cluster-platform:cluster.id: must be between 1 and 255 (got 0)",
            "Pulumi.infra.yaml:10: cluster-platform:kubernetes.context: is required (expected a string)",
            'Pulumi.infra.yaml:15: cluster-platform:network.podCidr: must be an IPv4 CIDR such as 10.244.0.0/16 (got "nope")',
        ]);
    });

    it("reports malformed YAML with file and line", () => {
        assert.deepStrictEqual(problems({ infra: "config:\n  cluster-platform:cluster:\n    name: [infra\n" }), [
            "Pulumi.infra.yaml:4: malformed YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
        ]);
    });

    it("reports a file without a config mapping", () => {
        assert.deepStrictEqual(problems({ infra: "- a\n- b\n" }), [
            "Pulumi.infra.yaml:1: the top level must be a mapping with a `config:` key",
        ]);
    });

    it("reports an empty file", () => {
        assert.deepStrictEqual(problems({ infra: "" }), [
            "Pulumi.infra.yaml: the file is empty; it needs a top-level `config:` mapping",
        ]);
    });

    it("accepts a secret set as a secure value", () => {
        const text = edited("infra", (doc) => {
            set(["cluster-platform:components", "dragonfly", "auth"], { source: "pulumiSecret" })(doc);
            set(["cluster-platform:dragonflyPassword"], { secure: CIPHERTEXT })(doc);
        });
        assert.deepStrictEqual(problems({ infra: text, apps: original("apps") }), []);
    });
});

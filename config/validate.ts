// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { z } from "zod";
import { DRAGONFLY_OPERATOR_IMAGE_TAGS } from "./catalog";
import { ConfigError, ConfigIssue } from "./issues";
import { addressRange, cidrRange, Ipv4Range, isNetworkAddress, rangeContains, rangesOverlap } from "./network";
import { CONFIG_KEYS, PROJECT, SECRET_KEYS, StackConfig, StackConfigSchema } from "./schema";
import { configPath, isPlainObject, isSecureValue, StackFile, walkStrings } from "./stackFile";

/** A stack file that passed its own validation, with its typed config. */
export interface ValidStack {
    file: string;
    stack: string;
    config: StackConfig;
    /** Secret keys the file sets (as `secure:` values). */
    secretKeys: ReadonlySet<string>;
}

/** The outcome of validating one stack file. */
export interface StackValidation {
    file: string;
    stack: string;
    issues: ConfigIssue[];
    /** Present only when the file has no issue at all. */
    valid?: ValidStack;
    /** The top-level settings that passed their own schema, for the cross-stack rules. */
    parsed: PartialStack;
}

/** The parts of a stack's config that parsed, with the file they came from. */
export interface PartialStack {
    file: string;
    stack: string;
    config: Partial<StackConfig>;
    /** 1-based line of a config key path, when the file is known. */
    lineOf?: StackFile["lineOf"];
}

const PLACEHOLDER = /\$\{[^}]*\}/;
const SECRET_LIKE_KEY = /(password|passwd|passphrase|token|secretkey|accesskey|privatekey|apikey)$/i;

/**
 * Validates one parsed stack file: shape (zod), then the semantic rules of one stack. Every issue of
 * the file is returned together; the config is returned only when there is none.
 */
export function validateStackFile(file: StackFile): StackValidation {
    const issues: ConfigIssue[] = [...file.issues];
    const at = (segments: readonly PropertyKey[], message: string): void => {
        issues.push({
            file: file.file,
            path: configPath(segments),
            line: file.lineOf([`${PROJECT}:${String(segments[0])}`, ...segments.slice(1)]),
            message,
        });
    };
    const atOther = (key: string, message: string): void => {
        issues.push({ file: file.file, path: key, line: file.lineOf([key]), message });
    };
    const parsed: Partial<StackConfig> = {};
    const partial: PartialStack = { file: file.file, stack: file.stack, config: parsed, lineOf: file.lineOf };
    if (file.issues.length > 0 && Object.keys(file.config).length === 0) {
        return { file: file.file, stack: file.stack, issues, parsed: partial };
    }

    checkPlaceholders(file, at, atOther);
    const secretKeys = checkSecrets(file, at);
    checkDefaultProviders(file, atOther);

    for (const key of Object.keys(file.config)) {
        if (!(CONFIG_KEYS as string[]).includes(key) && !(SECRET_KEYS as readonly string[]).includes(key)) {
            at([key], `is not a known setting; known keys are ${[...CONFIG_KEYS, ...SECRET_KEYS].join(", ")}`);
        }
    }
    for (const key of CONFIG_KEYS) {
        const schema = StackConfigSchema.shape[key] as z.ZodType;
        const raw = file.config[key];
        const result = schema.safeParse(raw);
        if (result.success) {
            (parsed as Record<string, unknown>)[key] = result.data;
        } else {
            for (const issue of result.error.issues) {
                reportZodIssue(issue, [key], raw, at);
            }
        }
    }
    checkSemantics(file.stack, parsed, secretKeys, at);

    if (issues.length > 0) {
        return { file: file.file, stack: file.stack, issues, parsed: partial };
    }
    return {
        file: file.file,
        stack: file.stack,
        issues,
        parsed: partial,
        valid: {
            file: file.file,
            stack: file.stack,
            config: StackConfigSchema.parse(withoutSecrets(file.config)),
            secretKeys,
        },
    };
}

function reportZodIssue(
    issue: z.core.$ZodIssue,
    base: PropertyKey[],
    raw: unknown,
    at: (segments: readonly PropertyKey[], message: string) => void,
): void {
    const segments = [...base, ...issue.path];
    if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) {
            at([...segments, key], "is not a known setting (misspelt, or misplaced?)");
        }
        return;
    }
    if (issue.code === "invalid_type" && valueAt(raw, issue.path) === undefined) {
        at(segments, `is required (expected ${article(issue.expected)} ${issue.expected})`);
        return;
    }
    if (issue.code === "invalid_type") {
        at(
            segments,
            `must be ${article(issue.expected)} ${issue.expected} (got ${describe(valueAt(raw, issue.path))})`,
        );
        return;
    }
    const got = valueAt(raw, issue.path);
    const suffix = got !== undefined && typeof got !== "object" ? ` (got ${JSON.stringify(got)})` : "";
    at(segments, `${issue.message}${suffix}`);
}

function checkPlaceholders(
    file: StackFile,
    at: (segments: readonly PropertyKey[], message: string) => void,
    atOther: (key: string, message: string) => void,
): void {
    for (const [key, value] of Object.entries(file.config)) {
        walkStrings(value, (s, segs) => {
            const m = PLACEHOLDER.exec(s);
            if (m) {
                at([key, ...segs], `contains the unresolved placeholder ${m[0]}; write the real value`);
            }
        });
    }
    for (const [key, value] of Object.entries(file.otherConfig)) {
        walkStrings(value, (s) => {
            const m = PLACEHOLDER.exec(s);
            if (m) {
                atOther(key, `contains the unresolved placeholder ${m[0]}; write the real value`);
            }
        });
    }
}

function checkSecrets(file: StackFile, at: (segments: readonly PropertyKey[], message: string) => void): Set<string> {
    const secretKeys = new Set<string>();
    for (const key of SECRET_KEYS) {
        const value = file.config[key];
        if (value === undefined) {
            continue;
        }
        if (isSecureValue(value)) {
            secretKeys.add(key);
        } else {
            at(
                [key],
                `is a secret and must not be in plaintext; set it with: pulumi config set --secret ${PROJECT}:${key} --stack ${file.stack}`,
            );
        }
    }
    for (const [key, value] of Object.entries(file.config)) {
        if ((SECRET_KEYS as readonly string[]).includes(key)) {
            continue;
        }
        walkSecretLike(value, [key], at);
    }
    return secretKeys;
}

function walkSecretLike(
    value: unknown,
    segments: PropertyKey[],
    at: (segments: readonly PropertyKey[], message: string) => void,
): void {
    const last = segments[segments.length - 1];
    if (typeof last === "string" && SECRET_LIKE_KEY.test(last) && typeof value === "string") {
        at(
            segments,
            "looks like a secret value in plaintext; keep secrets out of structured settings and use a secret key set with `pulumi config set --secret`",
        );
        return;
    }
    if (Array.isArray(value)) {
        value.forEach((v, i) => walkSecretLike(v, [...segments, i], at));
    } else if (isPlainObject(value) && !isSecureValue(value)) {
        for (const [k, v] of Object.entries(value)) {
            walkSecretLike(v, [...segments, k], at);
        }
    }
}

function checkDefaultProviders(file: StackFile, atOther: (key: string, message: string) => void): void {
    const key = "pulumi:disable-default-providers";
    const value = file.otherConfig[key];
    if (!Array.isArray(value) || !value.includes("kubernetes")) {
        atOther(
            key,
            'must list "kubernetes" so no resource can reach a cluster through the ambient kubeconfig context',
        );
    }
}

function checkSemantics(
    stack: string,
    c: Partial<StackConfig>,
    secretKeys: ReadonlySet<string>,
    at: (segments: readonly PropertyKey[], message: string) => void,
): void {
    if (c.cluster && stack && c.cluster.name !== stack) {
        at(
            ["cluster", "name"],
            `is ${JSON.stringify(c.cluster.name)} but this is the stack file of ${JSON.stringify(stack)}; the cluster name must equal the stack name`,
        );
    }
    if (c.network) {
        const n = c.network;
        for (const key of ["podCidr", "serviceCidr"] as const) {
            if (!isNetworkAddress(n[key])) {
                at(["network", key], `${n[key]} has host bits set; write the network address of the block`);
            }
        }
        if (rangesOverlap(cidrRange(n.podCidr), cidrRange(n.serviceCidr))) {
            at(["network", "serviceCidr"], `${n.serviceCidr} overlaps the pod CIDR ${n.podCidr}`);
        }
        const pools: { name: string; range: Ipv4Range; index: number }[] = [];
        n.loadBalancerPools.forEach((pool, index) => {
            const range = addressRange(pool.start, pool.stop);
            if (range.first > range.last) {
                at(["network", "loadBalancerPools", index, "stop"], `${pool.stop} comes before start ${pool.start}`);
                return;
            }
            for (const key of ["podCidr", "serviceCidr"] as const) {
                if (rangesOverlap(range, cidrRange(n[key]))) {
                    at(
                        ["network", "loadBalancerPools", index],
                        `${pool.start}-${pool.stop} overlaps the ${key} ${n[key]}`,
                    );
                }
            }
            for (const other of pools) {
                if (rangesOverlap(range, other.range)) {
                    at(
                        ["network", "loadBalancerPools", index],
                        `${pool.start}-${pool.stop} overlaps pool ${other.name}`,
                    );
                }
            }
            pools.push({ name: pool.name, range, index });
        });
        const inPool = (ip: string): boolean => pools.some((p) => rangeContains(p.range, ip));
        const poolText = n.loadBalancerPools.map((p) => `${p.start}-${p.stop}`).join(", ");
        if (!inPool(n.clusterMeshIp)) {
            at(
                ["network", "clusterMeshIp"],
                `${n.clusterMeshIp} is outside this cluster's load-balancer pools (${poolText})`,
            );
        }
        const seen = new Map<string, string>([[n.clusterMeshIp, "clusterMeshIp"]]);
        n.gatewayIps.forEach((g, index) => {
            if (!inPool(g.ip)) {
                at(
                    ["network", "gatewayIps", index, "ip"],
                    `${g.ip} is outside this cluster's load-balancer pools (${poolText})`,
                );
            }
            const prior = seen.get(g.ip);
            if (prior) {
                at(["network", "gatewayIps", index, "ip"], `${g.ip} is already used by ${prior}`);
            }
            seen.set(g.ip, `gatewayIps[${index}]`);
        });
        if (c.bgp && (inPool(c.bgp.peerAddress) || rangeContains(cidrRange(n.podCidr), c.bgp.peerAddress))) {
            at(
                ["bgp", "peerAddress"],
                `${c.bgp.peerAddress} lies inside the cluster's own pod CIDR or load-balancer pools; it must be the upstream router`,
            );
        }
    }
    if (c.bgp && c.bgp.localAsn === c.bgp.peerAsn) {
        at(["bgp", "localAsn"], `${c.bgp.localAsn} equals the peer ASN; the cluster needs its own ASN for eBGP`);
    }
    if (c.clientNamespaces) {
        const dupes = c.clientNamespaces.filter((ns, i, all) => all.indexOf(ns) !== i);
        for (const ns of new Set(dupes)) {
            at(["clientNamespaces"], `lists ${ns} more than once`);
        }
    }
    const fl = c.components?.floe;
    if (fl?.enabled && c.cluster && !fl.secrets.remoteKey.includes(c.cluster.name)) {
        at(
            ["components", "floe", "secrets", "remoteKey"],
            `${JSON.stringify(fl.secrets.remoteKey)} does not contain the cluster name ${JSON.stringify(c.cluster.name)}; each cluster reads its own secret path`,
        );
    }
    const df = c.components?.dragonfly;
    if (df?.enabled) {
        const tested = DRAGONFLY_OPERATOR_IMAGE_TAGS[df.operatorChartVersion];
        if (!tested) {
            at(
                ["components", "dragonfly", "operatorChartVersion"],
                `${df.operatorChartVersion} is not a tested operator version; tested: ${Object.keys(DRAGONFLY_OPERATOR_IMAGE_TAGS).join(", ")}`,
            );
        } else if (tested !== df.imageTag) {
            at(
                ["components", "dragonfly", "imageTag"],
                `${df.imageTag} is not the image tested with operator ${df.operatorChartVersion}; use ${tested}`,
            );
        }
        if (df.auth.source === "externalSecret" && c.cluster && !df.auth.remoteKey.includes(c.cluster.name)) {
            at(
                ["components", "dragonfly", "auth", "remoteKey"],
                `${JSON.stringify(df.auth.remoteKey)} does not contain the cluster name ${JSON.stringify(c.cluster.name)}; each cluster reads its own secret path`,
            );
        }
        if (df.acl && df.auth.source !== "externalSecret") {
            at(
                ["components", "dragonfly", "acl"],
                "needs auth.source externalSecret: the ACL file carries each tenant's password, rendered by the ExternalSecret from the secret store",
            );
        }
        if (df.auth.source === "pulumiSecret" && !secretKeys.has("dragonflyPassword")) {
            at(
                ["dragonflyPassword"],
                `is required when components.dragonfly.auth.source is pulumiSecret; set it with: pulumi config set --secret ${PROJECT}:dragonflyPassword --stack ${stack}`,
            );
        }
    }
}

/**
 * The cross-stack rules: identity, address plan, ASNs and the Cilium version across stacks. Each rule
 * runs on every pair of stacks whose settings it needs parsed, so one broken key elsewhere in a file
 * does not hide a clash.
 */
export function validateAcrossStacks(stacks: readonly PartialStack[]): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const issue = (s: PartialStack, path: string, message: string): void => {
        const segments = path
            .split(/\.|\[(\d+)\]/)
            .filter((x) => x !== undefined && x !== "")
            .map((x) => (/^\d+$/.test(x) ? Number(x) : x));
        const line = s.lineOf?.([`${PROJECT}:${String(segments[0])}`, ...segments.slice(1)]);
        issues.push({ file: s.file, path: `${PROJECT}:${path}`, message, ...(line !== undefined ? { line } : {}) });
    };
    for (let j = 1; j < stacks.length; j++) {
        const b = stacks[j];
        const B = b.config;
        for (let i = 0; i < j; i++) {
            const a = stacks[i];
            const A = a.config;
            const other = (path: string): string => `${a.file} ${PROJECT}:${path}`;
            if (A.cluster && B.cluster) {
                if (A.cluster.name === B.cluster.name) {
                    issue(b, "cluster.name", `${B.cluster.name} is also the cluster name in ${other("cluster.name")}`);
                }
                if (A.cluster.id === B.cluster.id) {
                    issue(
                        b,
                        "cluster.id",
                        `${B.cluster.id} is also the cluster id in ${other("cluster.id")}; ClusterMesh needs unique ids`,
                    );
                }
            }
            if (A.kubernetes && B.kubernetes && A.kubernetes.context === B.kubernetes.context) {
                issue(
                    b,
                    "kubernetes.context",
                    `${JSON.stringify(B.kubernetes.context)} is also the context of ${other("kubernetes.context")}; two stacks would deploy to one cluster`,
                );
            }
            if (A.network && B.network) {
                for (const bb of addressBlocks(B.network)) {
                    for (const ab of addressBlocks(A.network)) {
                        if (rangesOverlap(bb.range, ab.range)) {
                            issue(b, bb.path, `${bb.text} overlaps ${other(ab.path)} (${ab.text})`);
                        }
                    }
                }
                for (const bi of singleAddresses(B.network)) {
                    for (const ai of singleAddresses(A.network)) {
                        if (bi.ip === ai.ip) {
                            issue(b, bi.path, `${bi.ip} is also used by ${other(ai.path)}`);
                        }
                    }
                }
            }
            if (A.bgp && B.bgp) {
                if (A.bgp.localAsn === B.bgp.localAsn) {
                    issue(b, "bgp.localAsn", `${B.bgp.localAsn} is also the local ASN of ${other("bgp.localAsn")}`);
                }
                if (B.bgp.localAsn === A.bgp.peerAsn && B.bgp.localAsn !== B.bgp.peerAsn) {
                    issue(b, "bgp.localAsn", `${B.bgp.localAsn} is the peer ASN of ${other("bgp.peerAsn")}`);
                }
                if (A.bgp.localAsn === B.bgp.peerAsn && A.bgp.localAsn !== A.bgp.peerAsn) {
                    issue(b, "bgp.peerAsn", `${B.bgp.peerAsn} is the local ASN of ${other("bgp.localAsn")}`);
                }
            }
            if (A.cilium && B.cilium && A.cilium.chartVersion !== B.cilium.chartVersion) {
                issue(
                    b,
                    "cilium.chartVersion",
                    `${B.cilium.chartVersion} differs from ${other("cilium.chartVersion")} (${A.cilium.chartVersion}); every cluster runs the same Cilium version`,
                );
            }
        }
    }
    return issues;
}

function addressBlocks(n: StackConfig["network"]): { path: string; text: string; range: Ipv4Range }[] {
    return [
        { path: "network.podCidr", text: n.podCidr, range: cidrRange(n.podCidr) },
        { path: "network.serviceCidr", text: n.serviceCidr, range: cidrRange(n.serviceCidr) },
        ...n.loadBalancerPools.map((p, i) => ({
            path: `network.loadBalancerPools[${i}]`,
            text: `${p.start}-${p.stop}`,
            range: addressRange(p.start, p.stop),
        })),
    ];
}

function singleAddresses(n: StackConfig["network"]): { path: string; ip: string }[] {
    return [
        { path: "network.clusterMeshIp", ip: n.clusterMeshIp },
        ...n.gatewayIps.map((g, i) => ({ path: `network.gatewayIps[${i}].ip`, ip: g.ip })),
    ];
}

/** Validates several stack files together: each on its own, then the cross-stack rules among the valid ones. */
export function validateStackFiles(files: readonly StackFile[]): {
    results: StackValidation[];
    crossStack: ConfigIssue[];
} {
    const results = files.map(validateStackFile);
    return { results, crossStack: validateAcrossStacks(results.map((r) => r.parsed)) };
}

/** Throws a {@link ConfigError} listing every issue, or returns the valid stacks. */
export function assertValid(files: readonly StackFile[]): ValidStack[] {
    const { results, crossStack } = validateStackFiles(files);
    const issues = [...results.flatMap((r) => r.issues), ...crossStack];
    if (issues.length > 0) {
        throw new ConfigError(issues);
    }
    return results.map((r) => r.valid as ValidStack);
}

function withoutSecrets(config: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(config).filter(([k]) => !(SECRET_KEYS as readonly string[]).includes(k)));
}

function valueAt(root: unknown, segments: readonly PropertyKey[]): unknown {
    let cur: unknown = root;
    for (const seg of segments) {
        if (cur === null || typeof cur !== "object") {
            return undefined;
        }
        cur = (cur as Record<PropertyKey, unknown>)[seg];
    }
    return cur;
}

function describe(value: unknown): string {
    if (value === null) {
        return "null";
    }
    if (Array.isArray(value)) {
        return "a list";
    }
    if (typeof value === "object") {
        return "a mapping";
    }
    return `${typeof value} ${JSON.stringify(value)}`;
}

function article(word: string): string {
    return /^[aeiou]/.test(word) ? "an" : "a";
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// What the pack knows of each Cilium chart version it can vouch for: the chart's own
// values.schema.json (vendored unmodified, vendor/SOURCES.md) and the value guards of its templates
// that fail `helm template`/`install` on the values alone. Only versions listed here are checked;
// any other pinned version is reported as one the pack cannot vouch for.
import cilium1183Schema from "../vendor/cilium-1.18.3.values.schema.json";
import { assertSupportedSchema, describeValue, JsonSchema } from "./jsonSchema";
import { asRecord } from "./propertyPaths";

/** One template guard that would fail the chart's render. */
export interface GuardFailure {
    /** Key path of the offending value (`kubeProxyReplacement`, `encryption.keyFile`). */
    path: string;
    /** The offending value as shown in the message. */
    shown: string;
    /** Where the guard is, `templates/<file>:<lines>` in the chart. */
    source: string;
    /** The chart's own `fail` text. */
    text: string;
    /** The fix. */
    fix: string;
}

/** A chart version the pack vouches for. */
export interface CiliumChartKnowledge {
    version: string;
    schema: JsonSchema;
    /** The guards of this version's templates that are pure checks of the values. */
    guards: (values: Record<string, unknown>) => GuardFailure[];
}

type Rec = Record<string, unknown>;

/** Go template truth (`{{ if x }}`): false, 0, nil, "" and empty maps and lists are false. */
function truthy(v: unknown): boolean {
    if (v === undefined || v === null || v === false || v === 0 || v === "") {
        return false;
    }
    if (Array.isArray(v)) {
        return v.length > 0;
    }
    return typeof v === "object" ? Object.keys(v).length > 0 : true;
}

/** Sprig `dig`: the value at a key path, or undefined. */
function dig(values: Rec, path: string): unknown {
    let cur: unknown = values;
    for (const k of path.split(".")) {
        const r = asRecord(cur);
        if (!r || !Object.prototype.hasOwnProperty.call(r, k)) {
            return undefined;
        }
        cur = r[k];
    }
    return cur;
}

/** Sprig `toString` as the templates use it (Go's `%v`; nil prints `<nil>`). */
function toGoString(v: unknown): string {
    return v === undefined || v === null ? "<nil>" : typeof v === "string" ? v : JSON.stringify(v);
}

/** Sprig `int` (cast.ToInt): integral part of a number, a decimal string's value, else 0. */
function toGoInt(v: unknown): number {
    if (typeof v === "number") {
        return Math.trunc(v);
    }
    if (typeof v === "boolean") {
        return v ? 1 : 0;
    }
    return typeof v === "string" && /^[+-]?\d+$/.test(v.trim()) ? Number(v.trim()) : 0;
}

/** Options removed from the chart: templates/validate.yaml of 1.18.3, lines 3–51 (each `fail`s when set). */
const REMOVED_1_18_3: readonly { paths: string[]; lines: string; text: string; fix: string; asString?: true }[] = [
    {
        paths: ["enableCiliumEndpointSlice"],
        lines: "4-6",
        text: "enableCiliumEndpointSlice was deprecated in v1.16 and has been removed in v1.18. For details please refer to https://docs.cilium.io/en/v1.18/operations/upgrade/#helm-options",
        fix: "use ciliumEndpointSlice.enabled instead",
    },
    {
        paths: ["ciliumEndpointSlice.sliceMode"],
        lines: "7-9",
        text: "ciliumEndpointSlice.sliceMode has been removed in v1.18. For details please refer to https://docs.cilium.io/en/v1.18/operations/upgrade/#helm-options",
        fix: "remove it",
    },
    {
        paths: ["encryption.keyFile", "encryption.mountPath", "encryption.secretName", "encryption.interface"],
        lines: "12-19",
        text: "encryption.{keyFile,mountPath,secretName,interface} were deprecated in v1.14 and has been removed in v1.16. For details please refer to https://docs.cilium.io/en/v1.16/operations/upgrade/#helm-options",
        fix: "move it under encryption.ipsec",
    },
    {
        // `toString` makes even `enabled: false` a non-empty string, so any value fails (line 21).
        paths: ["proxy.prometheus.enabled", "proxy.prometheus.port"],
        lines: "20-25",
        text: "proxy.prometheus.enabled and proxy.prometheus.port were deprecated in v1.14 and has been removed in v1.16. For details please refer to https://docs.cilium.io/en/v1.16/operations/upgrade/#helm-options",
        fix: "remove it and use envoy.prometheus",
        asString: true,
    },
    {
        paths: ["endpointStatus"],
        lines: "26-28",
        text: "endpointStatus has been removed in v1.16. For details please refer to https://docs.cilium.io/en/v1.16/operations/upgrade/#helm-options",
        fix: "remove it",
    },
    {
        paths: ["remoteNodeIdentity"],
        lines: "29-31",
        text: "remoteNodeIdentity was deprecated in v1.15 and has been removed in v1.16. For details please refer to https://docs.cilium.io/en/v1.16/operations/upgrade/#helm-options",
        fix: "remove it",
    },
    {
        paths: ["containerRuntime.integration"],
        lines: "32-34",
        text: "containerRuntime.integration was deprecated in v1.14 and has been removed in v1.16. For details please refer to https://docs.cilium.io/en/v1.16/operations/upgrade/#helm-options",
        fix: "remove it",
    },
    {
        paths: ["etcd.managed"],
        lines: "35-37",
        text: "etcd.managed was deprecated in v1.10 has been removed in v1.16. For details please refer to https://docs.cilium.io/en/v1.16/operations/upgrade/#helm-options",
        fix: "remove it",
    },
    {
        paths: ["tunnel"],
        lines: "40-42",
        text: "tunnel was deprecated in v1.14 and has been removed in v1.15. For details please refer to https://docs.cilium.io/en/v1.15/operations/upgrade/#helm-options",
        fix: "remove it and set routingMode (and tunnelProtocol for routingMode: tunnel)",
    },
    {
        paths: ["clustermesh.apiserver.tls.ca.cert", "clustermesh.apiserver.tls.ca.key"],
        lines: "43-45",
        text: "clustermesh.apiserver.tls.ca.cert and clustermesh.apiserver.tls.ca.key were deprecated in v1.14 and has been removed in v1.15. For details please refer to https://docs.cilium.io/en/v1.15/operations/upgrade/#helm-options",
        fix: "remove it and set tls.ca.cert and tls.ca.key (the chart-wide CA)",
    },
    {
        paths: ["enableK8sEventHandover"],
        lines: "46-48",
        text: "enableK8sEventHandover was deprecated in v1.14 and has been removed in v1.15. For details please refer to https://docs.cilium.io/en/v1.15/operations/upgrade/#helm-options",
        fix: "remove it",
    },
    {
        paths: ["enableCnpStatusUpdates"],
        lines: "49-51",
        text: "enableCnpStatusUpdates was deprecated in v1.14 and has been removed in v1.15. For details please refer to https://docs.cilium.io/en/v1.15/operations/upgrade/#helm-options",
        fix: "remove it",
    },
];

/** `major.minor` of a version string as a comparable pair, or undefined. */
function majorMinor(v: unknown): [number, number] | undefined {
    const m = /^v?(\d+)\.(\d+)/.exec(String(v));
    return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/**
 * The guards of chart 1.18.3 that decide on the values alone (no cluster capabilities, no
 * `include`d helpers), each evaluated as the template does with the chart's default for a key the
 * values leave out (values.yaml of 1.18.3: cluster.name `default` l.141, cluster.id 0 l.145,
 * kubeProxyReplacement "false" l.2118). Guards needing other defaults (hubble ui/relay, CRD
 * capabilities, identity allocation) are not modelled.
 */
function guards1183(values: Rec): GuardFailure[] {
    const out: GuardFailure[] = [];
    const v = "templates/validate.yaml";
    for (const removed of REMOVED_1_18_3) {
        for (const path of removed.paths) {
            const value = dig(values, path);
            const fails = removed.asString ? value !== undefined : truthy(value);
            if (fails) {
                out.push({
                    path,
                    shown: describeValue(value),
                    source: `${v}:${removed.lines}`,
                    text: removed.text,
                    fix: removed.fix,
                });
                break;
            }
        }
    }
    // templates/cilium-configmap.yaml, lines 76-82 of 1.18.3:
    //   {{- $stringValueKPR := (toString .Values.kubeProxyReplacement) -}}
    //   {{- if (eq $stringValueKPR "<nil>") }} {{- $stringValueKPR = "" -}} {{- end}}
    //   {{- $kubeProxyReplacement := (coalesce $stringValueKPR $defaultKubeProxyReplacement) -}}
    //   {{- if and (ne $kubeProxyReplacement "true") (ne $kubeProxyReplacement "false") }}
    //     {{ fail "kubeProxyReplacement must be explicitly set to a valid value (true or false) to continue." }}
    // The default is "false" unless upgradeCompatibility is below 1.14 (lines 13-63: "probe"/"disabled").
    if ("kubeProxyReplacement" in values) {
        const raw = values.kubeProxyReplacement;
        let kpr = toGoString(raw) === "<nil>" ? "" : toGoString(raw);
        if (kpr === "") {
            const compat = majorMinor(values.upgradeCompatibility ?? "1.14");
            kpr = compat && (compat[0] > 1 || compat[1] >= 14) ? "false" : "disabled";
        }
        if (kpr !== "true" && kpr !== "false") {
            const meant: Record<string, string> = {
                strict: "set kubeProxyReplacement: true (what strict meant)",
                disabled: "set kubeProxyReplacement: false",
                partial: "set kubeProxyReplacement: false and enable the partial features one by one",
                probe: "set kubeProxyReplacement: true or false",
            };
            out.push({
                path: "kubeProxyReplacement",
                shown: describeValue(raw),
                source: "templates/cilium-configmap.yaml:76-82",
                text: "kubeProxyReplacement must be explicitly set to a valid value (true or false) to continue.",
                fix: meant[kpr] ?? "set kubeProxyReplacement: true or false",
            });
        }
    }
    // validate.yaml l.54-56: a host and a host ConfigMap reference are exclusive.
    if (truthy(dig(values, "k8sServiceHostRef.name")) && truthy(dig(values, "k8sServiceHostRef.key"))) {
        if (truthy(values.k8sServiceHost)) {
            out.push({
                path: "k8sServiceHostRef",
                shown: describeValue(values.k8sServiceHostRef),
                source: `${v}:54-56`,
                text: "Both k8sServiceHostRef and k8sServiceHost are set. Please set only one of them.",
                fix: "set only one of k8sServiceHost and k8sServiceHostRef",
            });
        }
    }
    // l.90-92: header redaction takes an allow list or a deny list.
    if (
        truthy(dig(values, "hubble.redact.http.headers.allow")) &&
        truthy(dig(values, "hubble.redact.http.headers.deny"))
    ) {
        out.push({
            path: "hubble.redact.http.headers",
            shown: "allow and deny",
            source: `${v}:90-92`,
            text: "Only one of .Values.hubble.redact.http.headers.allow, .Values.hubble.redact.http.headers.deny can be specified",
            fix: "keep only one of allow and deny",
        });
    }
    // l.152-163: the cluster name (default "default", id 0).
    const cluster = asRecord(values.cluster) ?? {};
    const name = "name" in cluster ? cluster.name : "default";
    if (typeof name === "string") {
        const nameFail = (lines: string, text: string, fix: string): void => {
            out.push({ path: "cluster.name", shown: describeValue(name), source: `${v}:${lines}`, text, fix });
        };
        if (name === "") {
            nameFail("152-154", "The cluster name is invalid: cannot be empty", "set the cluster's name");
        } else if (name.length > 32) {
            nameFail(
                "155-157",
                "The cluster name is invalid: must not be more than 32 characters",
                "shorten it to 32 characters",
            );
        } else if (!/^([a-z0-9][-a-z0-9]*)?[a-z0-9]$/.test(name)) {
            nameFail(
                "158-160",
                "The cluster name is invalid: must consist of lower case alphanumeric characters and '-', and must start and end with an alphanumeric character",
                "use lower-case letters, digits and '-' only",
            );
        } else if (name === "default" && toGoInt(cluster.id ?? 0) !== 0) {
            nameFail(
                "161-163",
                "The cluster name is invalid: cannot use default value with cluster.id != 0",
                "set cluster.name to the cluster's own name",
            );
        }
    }
    // l.173-175 and 206-208: kvstoreMode and maxConnectedClusters (defaults "internal" and 255 pass).
    const mode = dig(values, "clustermesh.apiserver.kvstoremesh.kvstoreMode");
    if (mode !== undefined && mode !== "internal" && mode !== "external") {
        out.push({
            path: "clustermesh.apiserver.kvstoremesh.kvstoreMode",
            shown: describeValue(mode),
            source: `${v}:173-175`,
            text: ".Values.clustermesh.apiserver.kvstoremesh.kvstoreMode must have the value of external or internal",
            fix: "set internal or external",
        });
    }
    const max = dig(values, "clustermesh.maxConnectedClusters");
    if (max !== undefined && toGoInt(max) !== 255 && toGoInt(max) !== 511) {
        out.push({
            path: "clustermesh.maxConnectedClusters",
            shown: describeValue(max),
            source: `${v}:206-208`,
            text: "max-connected-clusters must be set to 255 or 511",
            fix: "set 255 or 511",
        });
    }
    return out;
}

/** Every chart version the pack vouches for, by exact version. */
export const CILIUM_CHARTS: Readonly<Record<string, CiliumChartKnowledge>> = {
    "1.18.3": { version: "1.18.3", schema: cilium1183Schema as JsonSchema, guards: guards1183 },
};

for (const chart of Object.values(CILIUM_CHARTS)) {
    assertSupportedSchema(chart.schema, `cilium ${chart.version} values.schema.json#`);
}

/** The knowledge for a pinned version (`1.18.3` or `v1.18.3`), or undefined. */
export function ciliumChart(version: string): CiliumChartKnowledge | undefined {
    return CILIUM_CHARTS[version.trim().replace(/^v/, "")];
}

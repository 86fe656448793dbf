// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Input normalisation for plain manifests: `kind: List` documents (what `kubectl get -o yaml` prints)
// are unwrapped, and a Flux HelmRelease is turned into the shape of a `helm.v3.Release` so the same
// release rules judge it, carrying its Flux settings (flux.ts) for the rules whose fields differ.
import { parse } from "yaml";
import { recordAt } from "../propertyPaths";
import { MAX_PATH_SEGMENTS, mergeValues, nestsDeeperThan, safeSegments } from "../safePaths";
import { FluxChartSource, fluxReleaseName, fluxSettings } from "./flux";

export { mergeValues };

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => recordAt(v);

/** Raised for a document that cannot be normalised; names the object and the key path. */
export class NormalizeError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "NormalizeError";
    }
}

/** Whether a document is a list wrapper: `kind: List` or `<Kind>List` with an `items` array. */
export function isListDocument(doc: Rec): boolean {
    return typeof doc.kind === "string" && doc.kind.endsWith("List") && Array.isArray(doc.items);
}

/**
 * The objects of a document: itself, or the items of a list (recursively). An item of a typed list
 * (`NetworkPolicyList`) without its own kind gets the list's element kind and apiVersion.
 */
export function unwrapList(doc: Rec): Rec[] {
    if (!isListDocument(doc)) {
        return [doc];
    }
    const elementKind = doc.kind === "List" ? undefined : String(doc.kind).slice(0, -"List".length);
    return (doc.items as unknown[]).flatMap((raw, i) => {
        const item = rec(raw);
        const filled: Rec = {
            ...(elementKind && item.kind === undefined ? { kind: elementKind, apiVersion: doc.apiVersion } : {}),
            ...item,
        };
        if (typeof filled.kind !== "string" || typeof filled.apiVersion !== "string") {
            throw new NormalizeError(
                `items[${i}] of the ${String(doc.kind)}: not a Kubernetes object (apiVersion and kind are required)`,
            );
        }
        return unwrapList(filled);
    });
}

/** The Flux HelmRelease API versions the normaliser reads. */
export const FLUX_HELMRELEASE_VERSIONS = [
    "helm.toolkit.fluxcd.io/v2",
    "helm.toolkit.fluxcd.io/v2beta1",
    "helm.toolkit.fluxcd.io/v2beta2",
];

/** Whether a document is a Flux HelmRelease. */
export function isFluxHelmRelease(doc: Rec): boolean {
    return doc.kind === "HelmRelease" && FLUX_HELMRELEASE_VERSIONS.includes(String(doc.apiVersion));
}

/**
 * A `valuesFrom` value put at its `targetPath` as helm-controller does (Helm's `--set` parser): the
 * path splits at dots not escaped as `\\.`, and the text is typed as `--set` types it (true, false,
 * null, an integer without a leading zero; anything else stays a string). Returns the values to merge,
 * or a reason the path cannot be followed (list indexes, which this checker does not model). A path
 * that names a prototype slot, has an empty segment or nests deeper than a YAML document is an input
 * error (safePaths.ts), never a silent skip: `where` names it.
 */
export function targetPathValues(path: string, text: string, where = "targetPath"): Rec | string {
    const keys = safeSegments(path, where, (p) => p.split(/(?<!\\)\./).map((k) => k.replace(/\\\./g, ".")));
    const bad = keys.find((k) => /[[\]]/.test(k));
    if (bad !== undefined) {
        return `targetPath ${JSON.stringify(path)} has the segment ${JSON.stringify(bad)}, which this checker does not follow`;
    }
    const lower = text.toLowerCase();
    const typed: unknown =
        lower === "true"
            ? true
            : lower === "false"
              ? false
              : lower === "null"
                ? null
                : text === "0" || /^[1-9][0-9]*$|^[-+][0-9]+$/.test(text)
                  ? Number(text)
                  : text;
    const out: Rec = {};
    let cur = out;
    keys.forEach((k, i) => {
        cur[k] = i === keys.length - 1 ? typed : {};
        cur = cur[k] as Rec;
    });
    return out;
}

/** The Release-shaped view of a Flux HelmRelease, with what could not be resolved from the input. */
export interface FluxReleaseView {
    /**
     * Props in the shape of `kubernetes:helm.sh/v3:Release` (name and namespace as helm-controller
     * composes them, chart, version, repositoryOpts, values), plus `fluxHelmRelease`: the HelmRelease's
     * own settings (flux.ts) that the release rules judge in Flux's terms.
     */
    props: Rec;
    /** Sources named by the release that the input does not contain (valuesFrom, sourceRef, chartRef). */
    unresolved: string[];
}

/**
 * Turns a Flux HelmRelease into a helm.v3.Release view. `objects` are the other documents of the
 * input, where the HelmRepository/OCIRepository and the valuesFrom ConfigMaps are looked up. Values
 * merge as Flux does: every valuesFrom in order, then `spec.values` on top. A Secret in valuesFrom
 * cannot be read (its data is not in the clear) and is listed as unresolved.
 */
export function fluxHelmReleaseView(doc: Rec, objects: readonly Rec[]): FluxReleaseView {
    const meta = rec(doc.metadata);
    const spec = rec(doc.spec);
    const namespace = String(meta.namespace ?? "default");
    const where = `HelmRelease ${namespace}/${String(meta.name ?? "?")}`;
    const find = (kind: string, name: unknown, ns: unknown): Rec | undefined =>
        objects.find(
            (o) =>
                o.kind === kind &&
                rec(o.metadata).name === name &&
                String(rec(o.metadata).namespace ?? namespace) === String(ns ?? namespace),
        );
    const unresolved: string[] = [];
    const chartSpec = rec(rec(spec.chart).spec);
    const objectName = (kind: string, ref: Rec) =>
        `${kind} ${String(ref.namespace ?? namespace)}/${String(ref.name ?? "?")}`;
    let chart: string | undefined = typeof chartSpec.chart === "string" ? chartSpec.chart : undefined;
    let version: unknown = chartSpec.version;
    let repo: string | undefined;
    let chartSource: FluxChartSource;
    if (spec.chart !== undefined) {
        const ref = rec(chartSpec.sourceRef);
        const kind = String(ref.kind ?? "HelmRepository");
        const source = find(kind, ref.name, ref.namespace);
        const named = `${objectName(kind, ref)} (spec.chart.spec.sourceRef)`;
        chartSource = {
            ref: named,
            repository: objectName(kind, ref),
            url: null,
            versionField: "spec.chart.spec.version",
        };
        if (!source) {
            unresolved.push(named);
        } else {
            const url = String(rec(source.spec).url ?? "");
            chartSource.url = url;
            if (url.startsWith("oci://") || rec(source.spec).type === "oci") {
                chart = `${url.replace(/\/$/, "")}/${chart ?? ""}`;
            } else {
                repo = url;
            }
        }
    } else if (spec.chartRef !== undefined) {
        const ref = rec(spec.chartRef);
        const kind = String(ref.kind ?? "?");
        const source = find(kind, ref.name, ref.namespace);
        const named = `${objectName(kind, ref)} (spec.chartRef)`;
        chartSource = {
            ref: named,
            repository: objectName(kind, ref),
            url: null,
            versionField: `the chart version of ${objectName(kind, ref)}`,
        };
        if (!source) {
            unresolved.push(named);
        } else if (ref.kind === "OCIRepository") {
            chart = String(rec(source.spec).url ?? "");
            version = rec(rec(source.spec).ref).tag ?? rec(rec(source.spec).ref).semver;
            chartSource.url = chart;
        } else {
            chart = String(rec(source.spec).chart ?? "");
            version = rec(source.spec).version;
            const inner = rec(rec(source.spec).sourceRef);
            const innerKind = String(inner.kind ?? "HelmRepository");
            const repoObj = find(innerKind, inner.name, inner.namespace ?? ref.namespace);
            chartSource.repository = objectName(innerKind, { namespace: ref.namespace, ...inner });
            chartSource.versionField = `spec.version of ${objectName(kind, ref)}`;
            if (repoObj) {
                repo = String(rec(repoObj.spec).url ?? "");
                chartSource.url = repo;
            } else {
                unresolved.push(`${chartSource.repository} (spec.sourceRef of ${objectName(kind, ref)})`);
            }
        }
        if (ref.kind === "OCIRepository") {
            chartSource.versionField = `spec.ref.tag of ${objectName(kind, ref)}`;
        }
    } else {
        throw new NormalizeError(`${where}: spec.chart and spec.chartRef are both missing`);
    }
    let values: Rec = {};
    (Array.isArray(spec.valuesFrom) ? spec.valuesFrom : []).forEach((raw, i) => {
        const v = rec(raw);
        const key = String(v.valuesKey ?? "values.yaml");
        const what = `${String(v.kind)} ${namespace}/${String(v.name)} key ${key} (spec.valuesFrom[${i}])`;
        if (v.kind !== "ConfigMap") {
            // A Secret's values are not judged as if written in the clear; its keys stay unknown.
            unresolved.push(what);
            return;
        }
        const text = rec(rec(find("ConfigMap", v.name, namespace)).data)[key];
        if (typeof text !== "string") {
            // helm-controller skips a missing optional reference and fails the release on any other.
            if (v.optional !== true) {
                unresolved.push(what);
            }
            return;
        }
        if (typeof v.targetPath === "string" && v.targetPath !== "") {
            const at = targetPathValues(v.targetPath, text, `${where}: spec.valuesFrom[${i}].targetPath`);
            if (typeof at === "string") {
                unresolved.push(`${what}: ${at}`);
                return;
            }
            values = mergeValues(values, at);
            return;
        }
        const source = `${where}: spec.valuesFrom[${i}]: ${String(v.kind)} ${String(v.name)} key ${key}`;
        const tooDeep = `${source} nests deeper than ${MAX_PATH_SEGMENTS} levels, the limit of every YAML input; flatten it`;
        let parsed: unknown;
        try {
            parsed = parse(text);
        } catch (err) {
            // The parser recurses per level: a value nested thousands deep overflows its stack before any limit applies.
            throw new NormalizeError(
                err instanceof RangeError || /Maximum call stack size exceeded/.test(String((err as Error).message))
                    ? tooDeep
                    : `${source} is not YAML: ${(err as Error).message.split("\n")[0]}`,
            );
        }
        if (nestsDeeperThan(parsed)) {
            throw new NormalizeError(tooDeep);
        }
        values = mergeValues(values, rec(parsed));
    });
    values = mergeValues(values, rec(spec.values));
    const props: Rec = {
        name: fluxReleaseName(String(meta.name ?? ""), spec),
        namespace:
            typeof spec.targetNamespace === "string" && spec.targetNamespace !== "" ? spec.targetNamespace : namespace,
        chart: chart ?? "",
        version: typeof version === "string" ? version : undefined,
        values,
    };
    if (repo) {
        props.repositoryOpts = { repo };
    }
    props.fluxHelmRelease = fluxSettings(doc, chartSource);
    return { props, unresolved };
}

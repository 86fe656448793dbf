// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// A Flux HelmRelease's settings read as helm-controller reads them (api/v2 helmrelease_types.go,
// docs/spec/v2/helmreleases.md): defaults filled in, Go durations in seconds, the release name composed.
// The normaliser attaches them to the Release-shaped view as `fluxHelmRelease`, so the release rules judge
// Flux's own fields and name them in their findings.
import { createHash } from "crypto";
import { recordAt } from "../propertyPaths";

type Rec = Record<string, unknown>;

/** The annotation the Cilium risk profile names for Flux adoption; Flux reads it only on rendered objects. */
export const FLUX_DRIFT_ANNOTATION = "helm.toolkit.fluxcd.io/driftDetection";

/** Flux's timeout default (`.spec.timeout`: "The default value is `5m0s`"). */
export const FLUX_DEFAULT_TIMEOUT = "5m";

/** Flux's maxHistory default (`defaultMaxHistory = 5`). */
export const FLUX_DEFAULT_MAX_HISTORY = 5;

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/**
 * Seconds of a duration in the form the HelmRelease CRD admits (`^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$`,
 * a Go duration without sign or sub-millisecond units), e.g. `15m`, `1h30m`, `90s`; undefined otherwise.
 */
export function fluxDurationSeconds(value: unknown): number | undefined {
    if (typeof value !== "string" || !/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/.test(value)) {
        return undefined;
    }
    let total = 0;
    for (const part of value.matchAll(/([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)/g)) {
        total += parseFloat(part[1]) * UNIT_SECONDS[part[2]];
    }
    return total;
}

/**
 * The Helm release name helm-controller uses: `spec.releaseName`, else `[<targetNamespace>-]<name>`,
 * shortened past 53 characters to its first 40 characters, a dash and 12 hex digits of its SHA-256.
 */
export function fluxReleaseName(name: string, spec: Rec): string {
    if (typeof spec.releaseName === "string" && spec.releaseName !== "") {
        return spec.releaseName;
    }
    const composed =
        typeof spec.targetNamespace === "string" && spec.targetNamespace !== ""
            ? `${spec.targetNamespace}-${name}`
            : name;
    if (composed.length <= 53) {
        return composed;
    }
    return `${composed.slice(0, 40)}-${createHash("sha256").update(composed).digest("hex").slice(0, 12)}`;
}

/** One Helm action's effective timeout: the field that sets it, its text, and its seconds (null if not a duration). */
export interface FluxTimeout {
    action: "install" | "upgrade";
    field: string;
    value: string;
    /** True when neither field is set and Flux's default applies. */
    defaulted: boolean;
    seconds: number | null;
}

/** What helm-controller does when an upgrade fails. */
export interface FluxUpgradeFailure {
    /** `spec.upgrade.strategy.name`: RemediateOnFailure (default) or RetryOnFailure (no remediation at all). */
    strategy: string;
    /** `spec.upgrade.remediation.strategy`: rollback (default) or uninstall. */
    remediation: string;
    /** `spec.upgrade.remediation.retries` (0 by default, negative for unlimited). */
    retries: number;
    /** `spec.upgrade.remediation.remediateLastFailure`, defaulting to retries > 0. */
    remediateLastFailure: boolean;
    /** `spec.upgrade.cleanupOnFail`. */
    cleanupOnFail: boolean;
}

/**
 * Where a HelmRelease's chart comes from, in Flux's terms: the source object it names and the
 * repository object whose `spec.url` says where the chart is fetched from.
 */
export interface FluxChartSource {
    /** What the HelmRelease names, with its field: `HelmRepository kube-system/cilium (spec.chart.spec.sourceRef)`. */
    ref: string;
    /** The object whose `spec.url` is the chart's source: `HelmRepository kube-system/cilium`. */
    repository: string;
    /** That object's `spec.url`; null when the object is not in the input, so the source is unknown. */
    url: string | null;
    /** The field that sets the chart version: `spec.chart.spec.version`, or the source object's own field. */
    versionField: string;
}

/** A Flux HelmRelease's settings that the release rules judge, with helm-controller's defaults. */
export interface FluxSettings {
    /** `HelmRelease <namespace>/<name>`, for messages. */
    object: string;
    apiVersion: string;
    /** Where Helm keeps the release's history (`spec.storageNamespace`, default the HelmRelease's namespace). */
    storageNamespace: string;
    /** `spec.driftDetection.mode` (enabled, warn, disabled; disabled when unset). */
    driftDetection: string;
    /** The HelmRelease's own `helm.toolkit.fluxcd.io/driftDetection` annotation, null when absent. */
    driftAnnotation: string | null;
    timeouts: FluxTimeout[];
    upgradeFailure: FluxUpgradeFailure;
    /** `spec.maxHistory`, 5 when unset, 0 for unlimited. */
    maxHistory: number;
    /** Where the chart comes from (resolved against the other objects of the input by the caller). */
    chartSource: FluxChartSource;
}

/** A Flux HelmRelease's settings as helm-controller applies them; `chartSource` is resolved by the caller. */
export function fluxSettings(doc: Rec, chartSource: FluxChartSource): FluxSettings {
    const meta = recordAt(doc, "metadata");
    const spec = recordAt(doc, "spec");
    const namespace = String(meta.namespace ?? "default");
    const annotation = recordAt(meta, "annotations")[FLUX_DRIFT_ANNOTATION];
    const timeouts = (["install", "upgrade"] as const).map((action): FluxTimeout => {
        const own = recordAt(spec, action).timeout;
        const [field, value] =
            own !== undefined
                ? [`spec.${action}.timeout`, own]
                : ["spec.timeout", spec.timeout ?? FLUX_DEFAULT_TIMEOUT];
        const defaulted = own === undefined && spec.timeout === undefined;
        return { action, field, value: String(value), defaulted, seconds: fluxDurationSeconds(value) ?? null };
    });
    const upgrade = recordAt(spec, "upgrade");
    const remediation = recordAt(upgrade, "remediation");
    const retries = typeof remediation.retries === "number" ? remediation.retries : 0;
    return {
        object: `HelmRelease ${namespace}/${String(meta.name ?? "?")}`,
        apiVersion: String(doc.apiVersion),
        storageNamespace:
            typeof spec.storageNamespace === "string" && spec.storageNamespace !== ""
                ? spec.storageNamespace
                : namespace,
        driftDetection: String(recordAt(spec, "driftDetection").mode ?? "disabled"),
        driftAnnotation: typeof annotation === "string" ? annotation : null,
        timeouts,
        upgradeFailure: {
            strategy: String(recordAt(upgrade, "strategy").name ?? "RemediateOnFailure"),
            remediation: String(remediation.strategy ?? "rollback"),
            retries,
            remediateLastFailure:
                typeof remediation.remediateLastFailure === "boolean" ? remediation.remediateLastFailure : retries > 0,
            cleanupOnFail: upgrade.cleanupOnFail === true,
        },
        maxHistory: typeof spec.maxHistory === "number" ? spec.maxHistory : FLUX_DEFAULT_MAX_HISTORY,
        chartSource,
    };
}

/** The Flux settings of a Release-shaped view made from a HelmRelease, undefined for a Pulumi Release. */
export function fluxOf(props: Rec): FluxSettings | undefined {
    const flux = props.fluxHelmRelease;
    return typeof flux === "object" && flux !== null && typeof (flux as Rec).object === "string"
        ? (flux as FluxSettings)
        : undefined;
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Label selectors as the API server evaluates them, and the labels a namespace carries.
import { Labels } from "./kube";

/** A Kubernetes LabelSelector. */
export interface LabelSelector {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** The namespace label Kubernetes sets on every namespace (v1.21+). */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/**
 * True when the selector selects the labels: every matchLabels pair AND every matchExpression must
 * hold. An empty selector (`{}`) selects everything; a missing one (`undefined`/`null`) selects
 * nothing, as for a PodDisruptionBudget's null selector. Unknown operators select nothing.
 */
export function selectorMatches(selector: LabelSelector | null | undefined, labels: Labels): boolean {
    if (typeof selector !== "object" || selector === null || Array.isArray(selector)) {
        return false;
    }
    // Parts the API server would reject count as absent, exactly as if they were removed.
    const { matchLabels, matchExpressions } = selector as { matchLabels?: unknown; matchExpressions?: unknown };
    const pairs = typeof matchLabels === "object" && matchLabels !== null ? Object.entries(matchLabels) : [];
    for (const [k, v] of pairs) {
        if (typeof v === "string" && labels[k] !== v) {
            return false;
        }
    }
    const exprs = Array.isArray(matchExpressions) ? (matchExpressions as unknown[]) : [];
    for (const e of exprs) {
        const expr = e as { key?: unknown; operator?: unknown; values?: unknown };
        if (typeof expr !== "object" || expr === null || typeof expr.key !== "string") {
            continue;
        }
        const key = expr.key;
        const has = Object.prototype.hasOwnProperty.call(labels, key);
        const values: unknown[] = Array.isArray(expr.values) ? expr.values : [];
        switch (expr.operator) {
            case "In":
                if (!has || !values.includes(labels[key])) {
                    return false;
                }
                break;
            case "NotIn":
                if (has && values.includes(labels[key])) {
                    return false;
                }
                break;
            case "Exists":
                if (!has) {
                    return false;
                }
                break;
            case "DoesNotExist":
                if (has) {
                    return false;
                }
                break;
            default:
                return false;
        }
    }
    return true;
}

/**
 * {@link selectorMatches} remembered per selector as written and per labels object: a stack of copies
 * holds hundreds of monitors with the same selector, each tested against the same pods. A selector
 * JSON cannot write (a BigInt, a cycle) is evaluated every time.
 */
export class SelectorMatchCache {
    private readonly byKey = new Map<string, WeakMap<object, boolean>>();
    /** Each selector object's key, written once: the same props object is asked about for every pod. */
    private readonly keys = new WeakMap<object, string | null>();

    /** Same answer as `selectorMatches(selector, labels)`. */
    public matches(selector: unknown, labels: Labels): boolean {
        if (typeof selector !== "object" || selector === null) {
            return selectorMatches(selector as LabelSelector, labels);
        }
        let key = this.keys.get(selector);
        if (key === undefined) {
            try {
                key = JSON.stringify(selector);
            } catch {
                key = null;
            }
            this.keys.set(selector, key);
        }
        if (key === null) {
            return selectorMatches(selector as LabelSelector, labels);
        }
        let answers = this.byKey.get(key);
        if (!answers) {
            answers = new WeakMap();
            this.byKey.set(key, answers);
        }
        let hit = answers.get(labels);
        if (hit === undefined) {
            hit = selectorMatches(selector as LabelSelector, labels);
            answers.set(labels, hit);
        }
        return hit;
    }
}

/** True when the selector has no matchLabels and no matchExpressions (selects all). */
export function isEmptySelector(selector: LabelSelector | null | undefined): boolean {
    return (
        !!selector &&
        Object.keys(selector.matchLabels ?? {}).length === 0 &&
        (selector.matchExpressions ?? []).length === 0
    );
}

/** The labels of a namespace: the ones declared on its Namespace object plus `kubernetes.io/metadata.name`. */
export class NamespaceDirectory {
    private readonly declared = new Map<string, Labels>();

    /** Records a declared Namespace's labels. */
    public add(name: string, labels: Labels): void {
        this.declared.set(name, { ...labels });
    }

    /** Labels of a namespace as the API server would show them. */
    public labelsOf(name: string): Labels {
        return { ...(this.declared.get(name) ?? {}), [NAMESPACE_NAME_LABEL]: name };
    }

    /** Whether a namespace object is declared. */
    public has(name: string): boolean {
        return this.declared.has(name);
    }
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The Ajv the component specs validate against upstream CRD and chart schemas. Kubernetes OpenAPI
// schemas use the formats int32, int64 and date-time, which Ajv does not know; unknown formats are
// ignored with a warning per use (hundreds per run). Registering real checks for them both silences
// that noise and applies them. `strict: false` only tolerates the OpenAPI keywords of CRD schemas
// (x-kubernetes-*); Ajv's logger stays on, so any other warning still shows.
import Ajv from "ajv";

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
/** RFC 3339 date-time, as Kubernetes serialises metav1.Time. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** The Kubernetes OpenAPI formats, checked for real. */
export const KUBERNETES_FORMATS = {
    int32: {
        type: "number" as const,
        validate: (n: number) => Number.isInteger(n) && n >= INT32.min && n <= INT32.max,
    },
    int64: { type: "number" as const, validate: (n: number) => Number.isSafeInteger(n) },
    "date-time": {
        type: "string" as const,
        validate: (s: string) => RFC3339.test(s) && !Number.isNaN(Date.parse(s)),
    },
};

/** A fresh Ajv for Kubernetes schemas: every error reported, the Kubernetes formats registered. */
export function kubernetesAjv(): Ajv {
    return new Ajv({ strict: false, allErrors: true, formats: KUBERNETES_FORMATS });
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Field types the config schemas share, each with the message a user sees when a value is wrong.
import { z } from "zod";

/** An exact semantic version with no range operator, e.g. `1.18.3`. */
export const EXACT_SEMVER = /^\d+\.\d+\.\d+$/;
/** An exact semantic version with the `v` prefix some charts and images use, e.g. `v1.6.1`. */
export const EXACT_V_SEMVER = /^v\d+\.\d+\.\d+$/;

/** A lowercase RFC 1123 label: namespaces, names, stack names. */
export const dnsLabel = z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a lowercase RFC 1123 label (a-z, 0-9, '-')")
    .max(63, "must be at most 63 characters");
/** A DNS host name. */
export const hostname = z
    .string()
    .regex(
        /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
        "must be a DNS host name such as infra-k8s.example.io",
    );
/** A plain IPv4 address. */
export const ipv4 = z.ipv4({ message: "must be a plain IPv4 address such as 10.25.11.1 (no prefix length)" });
/** An IPv4 CIDR. */
export const cidrv4 = z.cidrv4({ message: "must be an IPv4 CIDR such as 10.244.0.0/16" });
/** A TCP/UDP port. */
export const port = z
    .int("must be an integer")
    .min(1, "must be between 1 and 65535")
    .max(65535, "must be between 1 and 65535");
/** A BGP autonomous system number (4-byte). */
export const asn = z
    .int("must be an integer")
    .min(1, "must be between 1 and 4294967295")
    .max(4294967295, "must be between 1 and 4294967295");
/** An exact chart version such as 1.18.3. */
export const exactSemver = z
    .string()
    .regex(EXACT_SEMVER, "must be an exact version such as 1.18.3 (no range, no 'v', no wildcard)");
/** An exact version with a `v` prefix such as v1.6.1. */
export const exactVSemver = z
    .string()
    .regex(EXACT_V_SEMVER, "must be an exact version with a 'v' prefix such as v1.6.1 (no range)");
/** A Kubernetes quantity such as 500m or 2Gi. */
export const quantity = z
    .string()
    .regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$/, "must be a Kubernetes quantity such as 500m, 256Mi or 2Gi");

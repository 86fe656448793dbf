// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as pulumi from "@pulumi/pulumi";

/**
 * Options for a component's first child: parented on the component and carrying the component's
 * own `dependsOn`. The engine does not make children wait for their parent's dependencies, so
 * without this a namespace could be created before the CNI release it was meant to follow.
 */
export function rootChildOptions(
    parent: pulumi.ComponentResource,
    opts?: pulumi.ComponentResourceOptions,
): pulumi.CustomResourceOptions {
    return opts?.dependsOn ? { parent, dependsOn: opts.dependsOn } : { parent };
}

/**
 * Options of a resource that holds data or the cluster's network: `pulumi destroy`, a removed
 * component or a rename that would replace it stops at the protection instead of deleting it, and
 * removing it from the program leaves it in the cluster. A namespace holding such a resource gets
 * the same options: deleting a namespace deletes everything in it, protected or not.
 */
export const KEEP_DATA = { protect: true, retainOnDelete: true } as const;

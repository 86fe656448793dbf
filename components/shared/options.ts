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

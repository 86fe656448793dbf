// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Program entry of the cluster tests' project copy: the real program (index.ts) unchanged, plus one
// resource transform that skips the provider's readiness awaits that need a node. The test's API
// server has no kubelet or scheduler: a Deployment's pods stay Pending, a Service never gets an
// endpoint, so these awaits would only time out. (Helm releases keep their wait, which `atomic`
// implies: the stub charts' workloads count as ready, see test/charts/cilium/templates/deployment.yaml.)
// Nothing else is changed: every object is still created, validated and admitted by the server.
import * as pulumi from "@pulumi/pulumi";

/** Resource types whose await needs running pods; the provider's `pulumi.com/skipAwait` annotation turns it off. */
export const AWAITS_NEEDING_A_NODE = new Set([
    "kubernetes:apps/v1:Deployment",
    "kubernetes:apps/v1:StatefulSet",
    "kubernetes:apps/v1:DaemonSet",
    "kubernetes:core/v1:Service",
    "kubernetes:core/v1:Pod",
    "kubernetes:batch/v1:Job",
    "kubernetes:core/v1:PersistentVolumeClaim",
]);

pulumi.runtime.registerResourceTransform((args) => {
    if (!AWAITS_NEEDING_A_NODE.has(args.type)) {
        return undefined;
    }
    // Spread, not a JSON copy: the values may be Outputs (a namespace name, a secret).
    const metadata = (args.props.metadata ?? {}) as Record<string, unknown>;
    const annotations = pulumi
        .output(metadata.annotations as pulumi.Input<Record<string, string>> | undefined)
        .apply((a) => ({ ...a, "pulumi.com/skipAwait": "true" }));
    const props = { ...args.props, metadata: { ...metadata, annotations } };
    return { props, opts: args.opts };
});

// eslint-disable-next-line @typescript-eslint/no-require-imports
module.exports = require("../../index");

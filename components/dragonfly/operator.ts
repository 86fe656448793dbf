// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DragonflyDerived } from "../../config/derived";
import { DragonflySettings } from "../../config/slices";
import { rootChildOptions } from "../shared/options";
import { dragonflyNamespaceArgs } from "./naming";
import { operatorPdbArgs, operatorReleaseArgs } from "./operatorSpecs";

/** Arguments of {@link DragonflyOperator}. */
export interface DragonflyOperatorArgs {
    /** The stack settings the operator reads (Dragonfly must be enabled). */
    config: DragonflySettings;
    /** Settings derived once in the config layer. */
    derived: DragonflyDerived;
}

/**
 * The Dragonfly operator: its namespace (Pod Security `restricted`), the official chart at an exact
 * version from its OCI registry (CRDs installed and kept, two leader-elected replicas, hardened
 * manager), and the operator PDB the chart lacks.
 */
export class DragonflyOperator extends pulumi.ComponentResource {
    /** The operator's Helm release; the cache cluster waits for it (CRDs). */
    public readonly release: k8s.helm.v3.Release;
    /** The operator namespace name. */
    public readonly namespace: pulumi.Output<string>;

    constructor(name: string, args: DragonflyOperatorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cluster-platform:dragonfly:Operator", name, {}, opts);
        const df = args.config.components.dragonfly;
        const ns = new k8s.core.v1.Namespace(
            `${name}-namespace`,
            dragonflyNamespaceArgs(df.operatorNamespace),
            rootChildOptions(this, opts),
        );
        this.release = new k8s.helm.v3.Release(`${name}-release`, operatorReleaseArgs(args.config, args.derived), {
            parent: this,
            dependsOn: [ns],
        });
        new k8s.policy.v1.PodDisruptionBudget(`${name}-pdb`, operatorPdbArgs(args.config), {
            parent: this,
            dependsOn: [this.release],
        });
        this.namespace = ns.metadata.name;
        this.registerOutputs({ namespace: this.namespace });
    }
}

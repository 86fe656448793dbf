// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Hand-made evaluations for report renderer specs (no program run, no pack server).
import { StackEvaluation } from "../../engine/evaluate";
import { defaultResourceOptions } from "../../engine/manifests/read";
import { RecordedResource } from "../../engine/recording/program";
import { Finding } from "../../policies/lib/findings";
import { computeGate } from "../../policies/lib/gate";
import { GATE_REGISTER } from "../../engine/evaluate";

/** A recorded resource of a type, named `name`, under parent URN `parent`. */
export function resource(stack: string, type: string, name: string, parent = ""): RecordedResource {
    return {
        type,
        name,
        urn: `urn:pulumi:${stack}::cluster-platform::${type}::${name}`,
        parent,
        provider: "",
        custom: !type.startsWith("cluster-platform:"),
        inputs: {},
        wireInputs: {},
        dependencies: [],
        propertyDependencies: {},
        options: defaultResourceOptions(),
    };
}

/** An evaluation of `stack` with these resources and findings; the gate computed as the engine does. */
export function evaluation(stack: string, resources: RecordedResource[], findings: Finding[]): StackEvaluation {
    return {
        stack,
        resources,
        diagnostics: [],
        findings,
        gate: computeGate(findings, GATE_REGISTER),
        blocked: findings.some((f) => f.enforcement === "mandatory" && !f.waiver),
    };
}

/** A mandatory DFLY-SEC-001 finding with `message` and a waived advisory DFLY-TECH-001 one, both on `urn`. */
export function cacheFindings(urn: string, message: string): Finding[] {
    return [
        {
            risk: "DFLY-SEC-001",
            score: 6,
            policy: "cluster-platform-dragonfly-network-isolation",
            enforcement: "mandatory",
            resource: urn,
            message,
        },
        {
            risk: "DFLY-TECH-001",
            score: 4,
            policy: "cluster-platform-dragonfly-spread",
            enforcement: "advisory",
            resource: urn,
            message: "no spread",
            waiver: { owner: "platform-team", expires: "2099-01-01", reason: "single node lab" },
        },
    ];
}

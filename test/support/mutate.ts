// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { RecordedResource } from "../../engine/record";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A deep copy of a recorded graph with one resource's wire-form inputs changed. */
export function mutateResource(
    resources: readonly RecordedResource[],
    name: string,
    change: (props: Props) => void,
): RecordedResource[] {
    const copy = JSON.parse(JSON.stringify(resources)) as RecordedResource[];
    const target = copy.find((r) => r.name === name);
    if (!target) {
        throw new Error(`no recorded resource named ${name}`);
    }
    change(target.wireInputs as Props);
    return copy;
}

/** A copy of a recorded graph without the named resources. */
export function dropResources(resources: readonly RecordedResource[], ...names: string[]): RecordedResource[] {
    for (const n of names) {
        if (!resources.some((r) => r.name === n)) {
            throw new Error(`no recorded resource named ${n}`);
        }
    }
    return JSON.parse(JSON.stringify(resources.filter((r) => !names.includes(r.name)))) as RecordedResource[];
}

/** A copy of a recorded graph with one more resource cloned from `like`, renamed, with new inputs. */
export function addResource(
    resources: readonly RecordedResource[],
    like: string,
    name: string,
    type: string,
    inputs: Props,
): RecordedResource[] {
    const copy = JSON.parse(JSON.stringify(resources)) as RecordedResource[];
    const base = copy.find((r) => r.name === like)!;
    copy.push({
        ...JSON.parse(JSON.stringify(base)),
        name,
        type,
        urn: base.urn.replace(/::[^:]+$/, `::${name}`).replace(base.type, type),
        wireInputs: inputs,
        inputs,
    });
    return copy;
}

/** Asserts a mutation was caught: at least one finding of the risk, all at the expected enforcement, and the run blocked exactly when that is mandatory. */
export function assertCaught(
    r: { findings: { risk: string; enforcement: string; message: string }[]; blocked: boolean },
    risk: string,
    enforcement: "mandatory" | "advisory",
): void {
    const hits = r.findings.filter((f) => f.risk === risk);
    if (hits.length === 0) {
        throw new Error(`no ${risk} finding; got ${JSON.stringify(r.findings.map((f) => [f.risk, f.message]))}`);
    }
    const wrong = hits.filter((f) => f.enforcement !== enforcement);
    if (wrong.length > 0) {
        throw new Error(`${risk} reported as ${wrong[0].enforcement}, expected ${enforcement}`);
    }
    if (r.blocked !== (enforcement === "mandatory")) {
        throw new Error(
            `blocked is ${r.blocked}, expected ${enforcement === "mandatory"}: ${JSON.stringify(r.findings.map((f) => [f.risk, f.enforcement]))}`,
        );
    }
}

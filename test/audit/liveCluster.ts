// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// A stack's declared objects as an API server would list them after `pulumi up`, plus what
// dragonfly-operator v1.6.1 creates for the CR (its NetworkPolicy and PDB, owned by the CR) and
// Helm's release record of every declared release: the input of the fake-server audit tests.
import { gzipSync } from "zlib";
import { operatorObjects } from "../../policies/lib/exposure/dragonflyOperator";
import { redactWire } from "../../engine/manifests/read";
import { RecordedResource } from "../../engine/recording/program";
import { AUDIT_KINDS, listPath } from "../../engine/audit/kinds";
import { declaredIdentity, RELEASE_TYPE } from "../../engine/audit/live";

type Rec = Record<string, unknown>;

/** A release Secret as Helm's secret driver writes it: data.release = base64(base64(gzip(JSON))). */
export function releaseSecret(
    name: string,
    namespace: string,
    revision: number,
    status: string,
    chart: { name: string; version: string },
    config: unknown,
): Rec {
    const release = {
        name,
        namespace,
        version: revision,
        info: { status },
        chart: { metadata: chart },
        config,
        manifest: "",
    };
    const helm = gzipSync(Buffer.from(JSON.stringify(release))).toString("base64");
    return {
        metadata: {
            name: `sh.helm.release.v1.${name}.v${revision}`,
            namespace,
            labels: { owner: "helm", name, status, version: String(revision) },
        },
        type: "helm.sh/release.v1",
        data: { release: Buffer.from(helm).toString("base64") },
    };
}

/** The objects dragonfly-operator creates for a CR as it writes them (owned by the CR). */
export function operatorCreated(cr: Rec): Rec[] {
    const meta = cr.metadata as { name: string; namespace: string; uid?: string };
    const model = operatorObjects({ name: meta.name, namespace: meta.namespace, spec: cr.spec as Rec }, undefined);
    const owner = [
        {
            apiVersion: "dragonflydb.io/v1alpha1",
            kind: "Dragonfly",
            name: meta.name,
            uid: meta.uid ?? "uid-cr",
            controller: true,
            blockOwnerDeletion: true,
        },
    ];
    const labels = { app: meta.name, "app.kubernetes.io/name": "dragonfly", "app.kubernetes.io/part-of": "dragonfly" };
    const out: Rec[] = [];
    if (model.networkPolicy) {
        out.push({
            apiVersion: "networking.k8s.io/v1",
            kind: "NetworkPolicy",
            metadata: { name: meta.name, namespace: meta.namespace, labels, ownerReferences: owner },
            spec: model.networkPolicy.spec,
        });
    }
    if (model.pdb) {
        out.push({
            apiVersion: "policy/v1",
            kind: "PodDisruptionBudget",
            metadata: { name: meta.name, namespace: meta.namespace, labels, ownerReferences: owner },
            spec: { selector: { matchLabels: model.pdb.selector }, ...model.pdb.budget },
        });
    }
    return out;
}

/** The list paths of a fake API server holding the stack's objects as deployed (and the operator's). */
export function deployedCluster(declared: readonly RecordedResource[]): Map<string, Rec[]> {
    const lists = new Map<string, Rec[]>();
    const add = (o: Rec): void => {
        const [group] = String(o.apiVersion).includes("/") ? String(o.apiVersion).split("/") : [""];
        const kind = AUDIT_KINDS.find((k) => k.group === group && k.kind === o.kind);
        if (!kind) {
            return;
        }
        // The server serves every version of a kind with the same objects.
        for (const v of kind.versions) {
            const p = listPath(kind, v);
            lists.set(p, [...(lists.get(p) ?? []), { ...o, apiVersion: group ? `${group}/${v}` : v }]);
        }
    };
    for (const r of declared) {
        if (r.type === RELEASE_TYPE) {
            const ns = String(r.inputs.namespace);
            const chart = String(r.inputs.chart).split("/").pop()!;
            const p = listPath({ group: "", resource: "secrets" }, "v1", ns);
            lists.set(p, [
                ...(lists.get(p) ?? []),
                releaseSecret(
                    String(r.inputs.name),
                    ns,
                    1,
                    "deployed",
                    { name: chart, version: String(r.inputs.version) },
                    redactWire((r.wireInputs as Rec).values ?? {}),
                ),
            ]);
            continue;
        }
        if (!declaredIdentity(r)) {
            continue;
        }
        const [, apiVersion, kind] = /^kubernetes:([^:]+):(.+)$/.exec(r.type)!;
        const body = { ...(redactWire(r.wireInputs) as Rec), apiVersion: apiVersion.replace(/^core\//, ""), kind };
        add(body);
        if (kind === "Dragonfly") {
            operatorCreated(body).forEach(add);
        }
    }
    for (const k of AUDIT_KINDS) {
        const p = listPath(k, k.versions[0]);
        if (!lists.has(p)) {
            lists.set(p, []);
        }
    }
    return lists;
}

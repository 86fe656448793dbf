// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The bench's inputs: a large multi-document YAML built from our rendered stacks, copied into many
// namespaces with one weakness per copy, and kube-score's own test fixtures made into one file.
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments, stringify } from "yaml";
import { redactWire } from "../engine/manifests/read";
import { RecordedResource } from "../engine/recording/program";
import { preferHostAntiAffinity } from "../components/shared/hardening";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Kubernetes objects of a recorded stack as plain manifests (secrets redacted; Helm releases left out: no peer reads them). */
export function manifestsOf(resources: readonly RecordedResource[]): Obj[] {
    return resources
        .filter((r) => r.type.startsWith("kubernetes:") && r.type !== "kubernetes:helm.sh/v3:Release")
        .map((r) => {
            const [, apiVersion, kind] = /^kubernetes:([^:]+):(.+)$/.exec(r.type)!;
            return {
                apiVersion: apiVersion.startsWith("core/") ? apiVersion.slice(5) : apiVersion,
                kind,
                ...(redactWire(r.wireInputs) as Obj),
            };
        });
}

/** The weakness a copy carries, by copy index: most copies are sound, one in ten of each kind is not. */
export const WEAKNESSES = [
    "none",
    "image tag latest",
    "no probes",
    "no resources",
    "no securityContext",
    "no PDB",
    "no NetworkPolicy",
    "no anti-affinity",
    "none",
    "none",
] as const;

/** An application workload of the copy: Deployment, Service, PDB and NetworkPolicy with every mitigation. */
function appObjects(namespace: string, copy: number): Obj[] {
    const labels = { app: `web-${copy}` };
    return [
        {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: `web-${copy}`, namespace, labels },
            spec: {
                replicas: 3,
                selector: { matchLabels: labels },
                template: {
                    metadata: { labels },
                    spec: {
                        affinity: preferHostAntiAffinity(labels),
                        securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001 },
                        containers: [
                            {
                                name: "app",
                                image: `registry.example.io/web:1.${copy % 7}.0`,
                                imagePullPolicy: "Always",
                                ports: [{ name: "http", containerPort: 8080 }],
                                securityContext: {
                                    runAsNonRoot: true,
                                    runAsUser: 10001,
                                    runAsGroup: 10001,
                                    readOnlyRootFilesystem: true,
                                    allowPrivilegeEscalation: false,
                                    privileged: false,
                                    capabilities: { drop: ["ALL"] },
                                },
                                livenessProbe: { httpGet: { path: "/healthz", port: 8080 } },
                                readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
                                resources: {
                                    requests: { cpu: "50m", memory: "64Mi", "ephemeral-storage": "100Mi" },
                                    limits: { cpu: "500m", memory: "128Mi", "ephemeral-storage": "100Mi" },
                                },
                            },
                        ],
                    },
                },
            },
        },
        {
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: `web-${copy}`, namespace },
            spec: { selector: labels, ports: [{ name: "http", port: 80, targetPort: 8080 }] },
        },
        {
            apiVersion: "policy/v1",
            kind: "PodDisruptionBudget",
            metadata: { name: `web-${copy}`, namespace },
            spec: { minAvailable: 2, selector: { matchLabels: labels } },
        },
        {
            apiVersion: "networking.k8s.io/v1",
            kind: "NetworkPolicy",
            metadata: { name: `web-${copy}`, namespace },
            spec: {
                podSelector: { matchLabels: labels },
                policyTypes: ["Ingress", "Egress"],
                ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 8080 }] }],
                egress: [{ ports: [{ port: 53, protocol: "UDP" }] }],
            },
        },
    ];
}

function podSpecsOf(o: Obj): Obj[] {
    return ["Deployment", "StatefulSet", "DaemonSet"].includes(o.kind) && o.spec?.template?.spec
        ? [o.spec.template.spec]
        : [];
}

function weaken(objects: Obj[], weakness: (typeof WEAKNESSES)[number]): Obj[] {
    if (weakness === "no PDB") {
        return objects.filter((o) => o.kind !== "PodDisruptionBudget");
    }
    if (weakness === "no NetworkPolicy") {
        return objects.filter((o) => o.kind !== "NetworkPolicy" && o.kind !== "CiliumNetworkPolicy");
    }
    for (const spec of objects.flatMap(podSpecsOf)) {
        for (const c of spec.containers ?? []) {
            if (weakness === "image tag latest") {
                c.image = String(c.image).replace(/:[^:/]+$/, ":latest");
            } else if (weakness === "no probes") {
                delete c.livenessProbe;
                delete c.readinessProbe;
            } else if (weakness === "no resources") {
                delete c.resources;
            } else if (weakness === "no securityContext") {
                delete c.securityContext;
            }
        }
        if (weakness === "no securityContext") {
            delete spec.securityContext;
        } else if (weakness === "no anti-affinity") {
            delete spec.affinity;
            delete spec.topologySpreadConstraints;
        }
    }
    return objects;
}

/** One copy of the stacks' objects in its own namespaces (cluster-scoped names suffixed), plus its app workload. */
function copyOf(base: readonly Obj[], copy: number): Obj[] {
    const objects: Obj[] = JSON.parse(JSON.stringify(base));
    const ns = (n: string): string => `${n}-c${copy}`;
    for (const o of objects) {
        o.metadata ??= {};
        if (o.kind === "Namespace") {
            o.metadata.name = ns(o.metadata.name);
        } else if (o.metadata.namespace) {
            o.metadata.namespace = ns(o.metadata.namespace);
        } else {
            o.metadata.name = `${o.metadata.name}-c${copy}`;
        }
    }
    objects.push(
        { apiVersion: "v1", kind: "Namespace", metadata: { name: ns("web") } },
        ...appObjects(ns("web"), copy),
    );
    return weaken(objects, WEAKNESSES[copy % WEAKNESSES.length]);
}

/**
 * Copies of the stacks' objects until `count` objects, as one multi-document YAML text. Each copy
 * is one stack's objects (stacks alternate every ten copies, so each stack gets every weakness).
 */
export function corpusYaml(stacks: readonly (readonly Obj[])[], count: number): { text: string; objects: number } {
    const docs: string[] = [];
    for (let copy = 0; docs.length < count; copy++) {
        for (const o of copyOf(stacks[Math.floor(copy / WEAKNESSES.length) % stacks.length], copy)) {
            if (docs.length < count) {
                docs.push(stringify(o, { lineWidth: 0, aliasDuplicateObjects: false }));
            }
        }
    }
    return { text: docs.join("---\n"), objects: docs.length };
}

/**
 * kube-score's own fixtures (`score/testdata` of its module) as one YAML: each file's objects in a
 * namespace of their own so that names repeated across files stay distinct; unparsable files are skipped.
 */
export function fixturesYaml(dir: string): { text: string; files: number; objects: number; skipped: string[] } {
    const docs: string[] = [];
    const skipped: string[] = [];
    let files = 0;
    fs.readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .forEach((f, i) => {
            const parsed = parseAllDocuments(fs.readFileSync(path.join(dir, f), "utf8"));
            const bodies = parsed.map((d) => (d.errors.length > 0 ? undefined : (d.toJS() as Obj | null)));
            if (bodies.some((b) => b === undefined || (b !== null && (typeof b.apiVersion !== "string" || !b.kind)))) {
                skipped.push(f);
                return;
            }
            const keys = new Set<string>();
            const objects = bodies.filter((b): b is Obj => b !== null);
            for (const o of objects) {
                o.metadata ??= {};
                if (o.kind !== "Namespace") {
                    o.metadata.namespace = `ks-${i}`;
                }
                keys.add(`${o.kind}/${o.metadata.name}`);
            }
            if (keys.size !== objects.length || objects.length === 0) {
                skipped.push(f);
                return;
            }
            files++;
            objects.forEach((o) => docs.push(stringify(o, { lineWidth: 0, aliasDuplicateObjects: false })));
        });
    return { text: docs.join("---\n"), files, objects: docs.length, skipped };
}

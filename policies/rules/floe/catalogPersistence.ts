// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import {
    allContainers,
    containerFieldPath,
    describeOwner,
    isReleaseOf,
    namespaceOf,
    objectNameOf,
    specTemplatesOf,
} from "../../lib/kube";
import { ResourceRule } from "../../lib/rule";
import { arrayAt, recordAt, valueAt } from "../../lib/record";

/** The environment variable Quarkus maps `polaris.persistence.type` to; it overrides application.properties. */
const PERSISTENCE_ENV = "POLARIS_PERSISTENCE_TYPE";

/**
 * Checks the Polaris configuration keeps the catalog durable and consistent (floe R-4): metadata in
 * relational-jdbc (in-memory is lost on restart; allowed only where the ConfigMap is marked
 * `floe.dev/environment: dev`), and no overlapping table locations. The persistence type is read
 * wherever Polaris takes it: application.properties, the `POLARIS_PERSISTENCE_TYPE` env var of its
 * containers (which overrides the file), and the Polaris Helm chart's `persistence.type`.
 */
export const floeCatalogPersistence: ResourceRule = {
    name: "cluster-platform-floe-catalog-persistence",
    kind: "resource",
    description: "Polaris keeps its catalog in relational-jdbc and forbids overlapping table locations.",
    risks: ["FLOE-R-4"],
    remediationSteps:
        'Set polaris.persistence.type=relational-jdbc with the JDBC URL of the backed-up PostgreSQL and polaris.features."ALLOW_TABLE_LOCATION_OVERLAP"=false.',
    check: (r, report) => {
        const dev = recordAt(r.props, "metadata.annotations")["floe.dev/environment"] === "dev";
        if (isReleaseOf(r.type, r.props, "polaris")) {
            const type = valueAt(recordAt(r.props, "values"), "persistence.type") ?? "in-memory (the chart's default)";
            if (type !== "relational-jdbc" && !dev) {
                report(
                    "FLOE-R-4",
                    `Polaris Helm release ${String(r.props.name ?? r.name)} has values.persistence.type ${JSON.stringify(type)}, which loses every table pointer on restart; set it to relational-jdbc with the backed-up PostgreSQL.`,
                );
            }
            return;
        }
        for (const view of specTemplatesOf(r.type, r.props, r.name)) {
            for (const { container, index, init } of allContainers(view)) {
                arrayAt(container.env).forEach((raw, i) => {
                    const e = recordAt(raw);
                    if (
                        e.name === PERSISTENCE_ENV &&
                        typeof e.value === "string" &&
                        e.value !== "relational-jdbc" &&
                        !dev
                    ) {
                        report(
                            "FLOE-R-4",
                            `container "${container.name}" of ${describeOwner(view)} sets ${PERSISTENCE_ENV}=${e.value} at ${containerFieldPath(view, index, "env", init)}[${i}], which overrides application.properties and keeps the catalog ${e.value}; set relational-jdbc or remove it.`,
                        );
                    }
                });
            }
        }
        if (r.type !== "kubernetes:core/v1:ConfigMap") {
            return;
        }
        const text = recordAt(r.props, "data")["application.properties"];
        if (typeof text !== "string" || !text.includes("polaris.")) {
            return;
        }
        const who = `Polaris configuration ${namespaceOf(r.props)}/${objectNameOf(r.props, r.name)}`;
        const get = (key: string): string | undefined =>
            text
                .split("\n")
                .map((l) => l.trim())
                .find((l) => l.startsWith(`${key}=`))
                ?.slice(key.length + 1);
        const persistence = get("polaris.persistence.type") ?? "in-memory";
        if (persistence !== "relational-jdbc" && !dev) {
            report(
                "FLOE-R-4",
                `${who} keeps the catalog ${persistence}, which loses every table pointer on restart; set polaris.persistence.type=relational-jdbc (in-memory only on a dev stack).`,
            );
        } else if (persistence === "relational-jdbc" && !get("quarkus.datasource.jdbc.url")) {
            report(
                "FLOE-R-4",
                `${who} uses relational-jdbc without quarkus.datasource.jdbc.url; point it at the backed-up PostgreSQL.`,
            );
        }
        if (get('polaris.features."ALLOW_TABLE_LOCATION_OVERLAP"') !== "false") {
            report(
                "FLOE-R-4",
                `${who} does not set polaris.features."ALLOW_TABLE_LOCATION_OVERLAP"=false, so two tables can share files; set it.`,
            );
        }
    },
};

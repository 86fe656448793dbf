// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { namespaceOf, objectNameOf } from "../../lib/kube";
import { ResourceRule } from "../../lib/rule";
import { recordAt } from "../../lib/record";

/**
 * Checks the Polaris configuration keeps the catalog durable and consistent (floe R-4): metadata in
 * relational-jdbc (in-memory is lost on restart; allowed only where the ConfigMap is marked
 * `floe.dev/environment: dev`), and no overlapping table locations.
 */
export const floeCatalogPersistence: ResourceRule = {
    name: "cluster-platform-floe-catalog-persistence",
    kind: "resource",
    description: "Polaris keeps its catalog in relational-jdbc and forbids overlapping table locations.",
    risks: ["FLOE-R-4"],
    remediationSteps:
        'Set polaris.persistence.type=relational-jdbc with the JDBC URL of the backed-up PostgreSQL and polaris.features."ALLOW_TABLE_LOCATION_OVERLAP"=false.',
    check: (r, report) => {
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
        const env = recordAt(r.props, "metadata.annotations")["floe.dev/environment"];
        const persistence = get("polaris.persistence.type") ?? "in-memory";
        if (persistence !== "relational-jdbc" && env !== "dev") {
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

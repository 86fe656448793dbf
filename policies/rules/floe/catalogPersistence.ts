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
import { arrayAt, recordAt, valueAt } from "../../lib/propertyPaths";

/** The environment variable Quarkus maps `polaris.persistence.type` to; it overrides application.properties. */
const PERSISTENCE_ENV = "POLARIS_PERSISTENCE_TYPE";

/** The ConfigMap key holding the catalog's Polaris create request (components/floe/polaris.ts). */
const CATALOG_KEY = "catalog.json";
/** The Iceberg table property R-4 sets: previous metadata files a table keeps. */
const HISTORY = "write.metadata.previous-versions-max";
/** What R-4 asks: `write.metadata.previous-versions-max: 10`. */
const HISTORY_MIN = 10;

/**
 * Checks a catalog create request (Polaris management API CreateCatalogRequest) gives every table
 * the catalog creates at least ten previous metadata versions. Iceberg applies the catalog's
 * `table-default.` properties to each new table and `table-override.` ones over the table's own
 * (BaseMetastoreCatalog.BaseMetastoreCatalogTableBuilder), and Polaris passes the catalog entity's
 * properties to Iceberg (IcebergCatalog.initialize / properties()).
 */
function checkCatalogRequest(text: string, where: string, report: (message: string) => void): void {
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        // The parser's own wording differs between Node versions, so the message does not quote it.
        report(`${where} key ${CATALOG_KEY} is not JSON; write the catalog's Polaris create request as JSON.`);
        return;
    }
    const catalog = recordAt(parsed, "catalog");
    const name = JSON.stringify(catalog.name ?? "?");
    const props = recordAt(catalog, "properties");
    const override = props[`table-override.${HISTORY}`];
    const [key, value] =
        override !== undefined
            ? [`table-override.${HISTORY}`, override]
            : [`table-default.${HISTORY}`, props[`table-default.${HISTORY}`]];
    if (value === undefined) {
        report(
            `catalog ${name} in ${where} sets no table-default.${HISTORY}, so the tables it creates do not keep the ${HISTORY_MIN} previous metadata versions R-4 asks; add catalog.properties."table-default.${HISTORY}": "${HISTORY_MIN}".`,
        );
    } else if (!(historyOf(value) >= HISTORY_MIN)) {
        report(
            `catalog ${name} in ${where} sets ${key} to ${JSON.stringify(value)}, which is not a whole number of at least ${HISTORY_MIN} (the previous metadata versions R-4 asks to keep); set "${HISTORY_MIN}".`,
        );
    }
}

/**
 * The number of previous metadata versions a catalog property asks for, NaN when it is not a whole
 * number. Polaris 1.3.0 reads the request with Jackson's default scalar coercion
 * (PolarisIcebergObjectMapperCustomizer leaves it on), so a JSON number reaches the catalog as its
 * digits: 10 and "10" are the same property.
 */
function historyOf(value: unknown): number {
    if (typeof value === "number") {
        return Number.isInteger(value) ? value : NaN;
    }
    return typeof value === "string" && /^\d+$/.test(value) ? Number(value) : NaN;
}

/**
 * Checks the Polaris configuration keeps the catalog durable and consistent (floe R-4): metadata in
 * relational-jdbc (in-memory is lost on restart; allowed only where the ConfigMap is marked
 * `floe.dev/environment: dev`), and no overlapping table locations. The persistence type is read
 * wherever Polaris takes it: application.properties, the `POLARIS_PERSISTENCE_TYPE` env var of its
 * containers (which overrides the file), and the Polaris Helm chart's `persistence.type`. The catalog
 * Polaris serves is declared beside its configuration (`catalog.json`, the management API's create
 * request), and its `table-default.write.metadata.previous-versions-max` must be at least 10.
 */
export const floeCatalogPersistence: ResourceRule = {
    name: "cluster-platform-floe-catalog-persistence",
    kind: "resource",
    description:
        "Polaris keeps its catalog in relational-jdbc, forbids overlapping table locations and declares its catalog with at least 10 previous metadata versions per table.",
    risks: ["FLOE-R-4"],
    remediationSteps:
        'Set polaris.persistence.type=relational-jdbc with the JDBC URL of the backed-up PostgreSQL and polaris.features."ALLOW_TABLE_LOCATION_OVERLAP"=false, and declare the catalog (catalog.json) with "table-default.write.metadata.previous-versions-max": "10".',
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
        const data = recordAt(r.props, "data");
        const ref = `${namespaceOf(r.props)}/${objectNameOf(r.props, r.name)}`;
        const where = `ConfigMap ${ref}`;
        const request = data[CATALOG_KEY];
        if (typeof request === "string") {
            checkCatalogRequest(request, where, (m) => report("FLOE-R-4", m));
        } else if (request !== undefined) {
            report(
                "FLOE-R-4",
                `${where} key ${CATALOG_KEY} is ${request === null ? "null" : Array.isArray(request) ? "a list" : typeof request}, not the JSON text of the catalog's Polaris create request; write the request as a string.`,
            );
        }
        const text = data["application.properties"];
        if (typeof text !== "string" || !text.includes("polaris.")) {
            return;
        }
        const who = `Polaris configuration ${ref}`;
        if (request === undefined) {
            report(
                "FLOE-R-4",
                `${who} declares no catalog (no ${CATALOG_KEY} with the catalog's Polaris create request beside application.properties), so nothing gives the tables it creates ${HISTORY}; add the request with catalog.properties."table-default.${HISTORY}": "${HISTORY_MIN}".`,
            );
        }
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

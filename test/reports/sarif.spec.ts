// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { DriftFinding, ValueDrift } from "../../components/cilium/drift";
import * as assert from "assert";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import * as fs from "fs";
import * as path from "path";
import { StackEvaluation, evaluateResources } from "../../engine/evaluate";
import { readManifests } from "../../engine/manifests/read";
import { recordStack } from "../../engine/recording/stack";
import {
    driftFindings,
    FINGERPRINT_KEY,
    indexSources,
    manifestLocator,
    programLocator,
    programLocatorFor,
    renderSarif,
    SARIF_TOOL,
} from "../../engine/reports";
import { readProjectStackFiles } from "../../config/load";
import { parseStackFile } from "../../config/stackFile";
import { sharedPackClient } from "../support/hooks";
import { dropResources, mutateResource } from "../support/mutate";
import { PROJECT_DIR, realStackConfig } from "../support/stacks";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The official OASIS SARIF 2.1.0 schema (vendor/SOURCES.md), draft-04 with uri/uri-reference/date-time formats. */
function sarifValidator(): (doc: unknown) => string[] {
    const schema = JSON.parse(
        fs.readFileSync(path.join(PROJECT_DIR, "vendor/schemas/sarif-schema-2.1.0.json"), "utf8"),
    );
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}

/**
 * What GitHub code scanning needs beyond the schema to place an alert (GitHub's "SARIF support for
 * code scanning" and the GH10xx rules of microsoft/sarif-sdk's validator): a driver name and rules
 * with help; each result with ruleId, message text, 1–10 locations, each a relative URI or an
 * absolute file URI with region.startLine; partialFingerprints; one category per run.
 */
function githubProblems(doc: Json): string[] {
    const problems: string[] = [];
    const categories = new Set<string>();
    if (doc.runs.length > 20) {
        problems.push(`${doc.runs.length} runs; GitHub accepts at most 20 per file`);
    }
    doc.runs.forEach((run: Json, i: number) => {
        const id = run.automationDetails?.id;
        if (typeof id !== "string" || categories.has(id)) {
            problems.push(`runs[${i}]: automationDetails.id missing or repeated (${id})`);
        }
        categories.add(id);
        if (!run.tool?.driver?.name) {
            problems.push(`runs[${i}]: tool.driver.name missing`);
        }
        for (const rule of run.tool.driver.rules ?? []) {
            if (
                !rule.help?.text ||
                !rule.help?.markdown ||
                !rule.shortDescription?.text ||
                !rule.fullDescription?.text
            ) {
                problems.push(
                    `rule ${rule.id}: help.text, help.markdown, shortDescription and fullDescription are needed`,
                );
            }
        }
        run.results.forEach((r: Json, j: number) => {
            const at = `runs[${i}].results[${j}] (${r.ruleId})`;
            if (!r.ruleId || !r.message?.text) {
                problems.push(`${at}: ruleId and message.text are required`);
            }
            if (run.tool.driver.rules[r.ruleIndex]?.id !== r.ruleId) {
                problems.push(`${at}: ruleIndex does not point at its rule`);
            }
            if (!Array.isArray(r.locations) || r.locations.length < 1 || r.locations.length > 10) {
                problems.push(`${at}: needs 1–10 locations`);
            }
            for (const loc of [...(r.locations ?? []), ...(r.relatedLocations ?? [])]) {
                const uri: string | undefined = loc.physicalLocation?.artifactLocation?.uri;
                if (
                    !uri ||
                    !(uri.startsWith("file:///") || (!/^[a-z][a-z0-9+.-]*:/i.test(uri) && !uri.startsWith("/")))
                ) {
                    problems.push(`${at}: artifactLocation.uri ${uri} is neither relative nor a file URI`);
                }
                if (
                    !Number.isInteger(loc.physicalLocation?.region?.startLine) ||
                    loc.physicalLocation.region.startLine < 1
                ) {
                    problems.push(`${at}: region.startLine missing`);
                }
            }
            if (typeof r.partialFingerprints?.[FINGERPRINT_KEY] !== "string") {
                problems.push(`${at}: partialFingerprints.${FINGERPRINT_KEY} missing`);
            }
        });
    });
    return problems;
}

/** The 1-based line of the first occurrence of `needle` in a project file. */
function lineOf(file: string, needle: string): number {
    const text = fs.readFileSync(path.join(PROJECT_DIR, file), "utf8");
    const at = text.indexOf(needle);
    assert.ok(at >= 0, `${needle} not in ${file}`);
    return text.slice(0, at).split("\n").length;
}

/** A CIL-TECH-007 finding for one drifting value, as ciliumDriftFindings makes it. */
const driftFinding = (drift: ValueDrift): DriftFinding => ({
    risk: "CIL-TECH-007",
    score: 4,
    blocking: false,
    file: "Pulumi.a.yaml, Pulumi.b.yaml",
    message: `Cilium value ${drift.path} differs between stacks`,
    drift,
});

describe("SARIF for code scanning", function () {
    this.timeout(120000);
    const validate = sarifValidator();
    let infra: StackEvaluation;
    let apps: StackEvaluation;

    before(async () => {
        const server = await sharedPackClient();
        const infraGraph = mutateResource(
            dropResources(await recordStack(realStackConfig("infra")), "infra-dragonfly-networkPolicy"),
            "infra-dragonfly-dragonfly",
            (p) => {
                p.spec.image = "docker.dragonflydb.io/dragonflydb/dragonfly:latest";
                // Without it the operator's own NetworkPolicy would still isolate the pods.
                p.spec.networkPolicyEnabled = false;
            },
        );
        infra = await evaluateResources("infra", infraGraph, { server });
        const appsGraph = mutateResource(
            await recordStack(realStackConfig("apps")),
            "apps-floe-postgres",
            (p) => (p.spec.instances = 1),
        );
        apps = await evaluateResources("apps", appsGraph, { server });
    });

    const sarifOf = (cross = false): Json => {
        const locate = programLocatorFor(PROJECT_DIR, readProjectStackFiles(PROJECT_DIR));
        const drift = cross
            ? driftFindings(
                  [driftFinding({ path: "hubble.relay.enabled", values: { apps: true, infra: false } })],
                  readProjectStackFiles(PROJECT_DIR),
                  PROJECT_DIR,
              )
            : [];
        return JSON.parse(
            renderSarif(
                [infra, apps].map((e) => ({ evaluation: e, locate: locate(e) })),
                "1.2.3",
                drift,
            ),
        );
    };

    it("validates against the official SARIF 2.1.0 schema and GitHub's required properties", () => {
        const doc = sarifOf(true);
        assert.deepStrictEqual(validate(doc), []);
        assert.deepStrictEqual(githubProblems(doc), []);
        assert.deepStrictEqual(
            doc.runs.map((r: Json) => r.automationDetails.id),
            [`${SARIF_TOOL}/infra/`, `${SARIF_TOOL}/apps/`, `${SARIF_TOOL}/cross-stack/`],
        );
    });

    it("the schema check can fail: a result without message and a URI with a space are rejected", () => {
        const doc = sarifOf();
        delete doc.runs[0].results[0].message;
        assert.ok(validate(doc).some((e) => e.includes("message")));
        const bad = sarifOf();
        bad.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri =
            "Pulumi.apps.yaml, Pulumi.infra.yaml";
        assert.deepStrictEqual(validate(bad), [
            '/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri must match format "uri-reference"',
        ]);
        assert.deepStrictEqual(githubProblems(bad), []);
        delete bad.runs[0].results[0].locations[0].physicalLocation.region;
        assert.match(githubProblems(bad).join("\n"), /region\.startLine missing/);
    });

    it("places each finding at the source line that declared the resource, floe included", () => {
        const doc = sarifOf();
        const at = (run: number, ruleId: string): string[] =>
            doc.runs[run].results
                .filter((r: Json) => r.ruleId === ruleId)
                .map((r: Json) => {
                    const p = r.locations[0].physicalLocation;
                    return `${p.artifactLocation.uri}:${p.region.startLine}`;
                });
        const cr = `components/dragonfly/cluster.ts:${lineOf("components/dragonfly/cluster.ts", "`${name}-dragonfly`")}`;
        assert.deepStrictEqual([...new Set(at(0, "DFLY-TECH-002"))], [cr]);
        // The NetworkPolicy is gone: the stack-wide finding sits on the Dragonfly CR it is about.
        assert.ok(at(0, "DFLY-SEC-001").length > 0);
        for (const loc of at(0, "DFLY-SEC-001")) {
            assert.match(loc, /^components\/dragonfly\/cluster\.ts:\d+$|^Pulumi\.infra\.yaml:\d+$/);
        }
        const pg = `components/floe/platform.ts:${lineOf("components/floe/platform.ts", "`${name}-postgres`")}`;
        assert.deepStrictEqual([...new Set(at(1, "FLOE-R-2"))], [pg]);
        for (const run of doc.runs) {
            for (const r of run.results) {
                assert.notStrictEqual(r.locations[0].physicalLocation.artifactLocation.uri, "index.ts");
            }
        }
    });

    it("partial fingerprints are stable across runs and distinct within a run", () => {
        const a = sarifOf();
        const b = sarifOf();
        const prints = (doc: Json): string[] =>
            doc.runs.flatMap((r: Json) => r.results.map((x: Json) => x.partialFingerprints[FINGERPRINT_KEY]));
        assert.deepStrictEqual(prints(a), prints(b));
        assert.strictEqual(new Set(prints(a)).size, prints(a).length);
        assert.ok(prints(a).length >= 3);
        for (const p of prints(a)) {
            assert.match(p, /^[0-9a-f]{32}:\d+$/);
        }
    });

    it("rules carry help text and markdown from the register", () => {
        const rule = sarifOf().runs[1].tool.driver.rules.find((r: Json) => r.id === "FLOE-R-2");
        assert.match(rule.help.text, /^FLOE-R-2 — /);
        assert.match(rule.help.markdown, /\*\*Mitigation:\*\* /);
        assert.match(
            rule.help.markdown,
            /Checked by cluster-platform-floe-postgres-ha, cluster-platform-floe-postgres-protected\./,
        );
        assert.strictEqual(rule.defaultConfiguration.level, "note");
    });

    it("a cross-stack drift finding points at the setting in each stack file", () => {
        const files = [
            parseStackFile(
                "Pulumi.a.yaml",
                "config:\n  cluster-platform:cilium:\n    chartVersion: 1.18.1\n    hubbleRelay: true\n",
            ),
            parseStackFile(
                "Pulumi.b.yaml",
                "config:\n  cluster-platform:cluster:\n    name: b\n  cluster-platform:cilium:\n    hubbleRelay: false\n",
            ),
        ];
        const [f] = driftFindings(
            [driftFinding({ path: "hubble.relay.enabled", values: { a: true, b: false } })],
            files,
            PROJECT_DIR,
        );
        assert.deepStrictEqual(f.locations, [
            { file: "Pulumi.a.yaml", line: 4 },
            { file: "Pulumi.b.yaml", line: 5 },
        ]);
    });

    it("manifest mode places findings at the object's file and line", async () => {
        const dir = fs.mkdtempSync(path.join(PROJECT_DIR, ".tmp-sarif-"));
        try {
            fs.writeFileSync(
                path.join(dir, "cache.yaml"),
                [
                    "# the cache",
                    "apiVersion: v1",
                    "kind: Namespace",
                    "metadata: {name: cache}",
                    "---",
                    "apiVersion: dragonflydb.io/v1alpha1",
                    "kind: Dragonfly",
                    "metadata: {name: dragonfly, namespace: cache}",
                    "spec:",
                    "  replicas: 3",
                    "  image: docker.dragonflydb.io/dragonflydb/dragonfly:latest",
                ].join("\n"),
            );
            const objects = new Map<string, { file: string; line: number }>();
            const resources = readManifests([dir], "manifests", objects);
            const e = await evaluateResources("manifests", resources, { server: await sharedPackClient() });
            const rel = `${path.basename(dir)}/cache.yaml`;
            const doc = JSON.parse(
                renderSarif(
                    [{ evaluation: e, locate: manifestLocator(objects, PROJECT_DIR, { file: rel, line: 1 }) }],
                    "1.2.3",
                ),
            );
            assert.deepStrictEqual(validate(doc), []);
            const tech = doc.runs[0].results.find((r: Json) => r.ruleId === "DFLY-TECH-002");
            assert.deepStrictEqual(tech.locations[0].physicalLocation, {
                artifactLocation: { uri: rel },
                region: { startLine: 6 },
            });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("the source index finds every component the program declares", async () => {
        const index = indexSources(PROJECT_DIR);
        const resources = await recordStack(realStackConfig("apps"));
        const locate = programLocator(resources, index, { file: "Pulumi.apps.yaml", line: 1 });
        const unplaced = resources.filter(
            (r) =>
                locate({ risk: "X", score: 1, policy: "p", enforcement: "advisory", resource: r.urn, message: "" })
                    .primary.file === "Pulumi.apps.yaml",
        );
        assert.deepStrictEqual(
            unplaced.map((r) => r.name),
            [],
        );
    });
});

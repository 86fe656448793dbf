// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { validateXML } from "xmllint-wasm";
import { localPack, packInfoOf } from "../../engine/inprocess/localPack";
import { disabledPolicies as disabledBy, UserPackConfig } from "../../engine/packConfig";
import { renderJunit, xmlText } from "../../engine/reports";
import { policies } from "../../policies/policies";
import { PROJECT_DIR } from "../support/stacks";
import { cacheFindings, evaluation, resource } from "./fixtures";

/** Validates against the vendored JUnit XSD (vendor/SOURCES.md) with libxml2 compiled to WebAssembly. */
async function xsdErrors(xml: string): Promise<string[]> {
    const schema = fs.readFileSync(path.join(PROJECT_DIR, "vendor/schemas/junit-10.xsd"), "utf8");
    const result = await validateXML({ xml: [{ fileName: "junit.xml", contents: xml }], schema: [schema] });
    return result.errors.map((e) => e.rawMessage.trim());
}

const DF = "cluster-platform:dragonfly:Cluster";
const names = policies.map((p) => p.name);

function cacheStack(message: string) {
    const parent = resource("infra", DF, "infra-dragonfly");
    const cr = resource(
        "infra",
        "kubernetes:dragonflydb.io/v1alpha1:Dragonfly",
        "infra-dragonfly-dragonfly",
        parent.urn,
    );
    return evaluation("infra", [parent, cr], cacheFindings(cr.urn, message));
}

describe("JUnit report", function () {
    this.timeout(60000);

    it("is valid against the JUnit XSD, fails an unwaived mandatory finding, skips a waived one with its waiver, carries time", async () => {
        const stack = { ...cacheStack('no policy selects <the pods> & "more"'), seconds: 1.23456 };
        const xml = renderJunit([stack], names);
        assert.deepStrictEqual(await xsdErrors(xml), []);
        assert.match(
            xml,
            /<testcase classname="infra" name="cluster-platform-dragonfly-network-isolation"><failure message="1 unwaived mandatory finding\(s\), highest score 6" type="mandatory">\[DFLY-SEC-001 · score 6 · mandatory\] infra-dragonfly-dragonfly: no policy selects &lt;the pods&gt; &amp; &quot;more&quot;<\/failure><\/testcase>/,
        );
        assert.match(xml, /<testsuites name="cluster-platform-risk-rules" time="1.235">/);
        assert.match(xml, /<testsuite name="infra" tests="\d+" failures="1" errors="0" skipped="1" time="1.235">/);
        assert.match(
            xml,
            /<testcase classname="infra" name="cluster-platform-dragonfly-spread"><skipped message="waived: DFLY-TECH-001 waived by platform-team until 2099-01-01: single node lab"\/><system-out>WAIVED \[DFLY-TECH-001 · score 4 · advisory\] infra-dragonfly-dragonfly: no spread — waived by platform-team until 2099-01-01: single node lab<\/system-out><\/testcase>/,
        );
        assert.strictEqual((xml.match(/<failure /g) ?? []).length, 1);
    });

    it("an advisory finding passes its testcase, with the finding in system-out", async () => {
        const e = cacheStack("x");
        e.findings = [{ ...e.findings[0], enforcement: "advisory", risk: "DFLY-SEC-002", score: 2 }];
        const xml = renderJunit([e], names);
        assert.deepStrictEqual(await xsdErrors(xml), []);
        assert.match(xml, /failures="0" errors="0" skipped="0"/);
        assert.match(
            xml,
            /<testcase classname="infra" name="cluster-platform-dragonfly-network-isolation"><system-out>ADVISORY \[DFLY-SEC-002 · score 2 · advisory\] infra-dragonfly-dragonfly: x<\/system-out><\/testcase>/,
        );
    });

    it("removes control characters that XML 1.0 cannot carry", async () => {
        const xml = renderJunit([cacheStack("bad\u0000byte\u0007 and \u001b[31mansi\u001b[0m\ttab\u{1F600}")], names);
        assert.deepStrictEqual(await xsdErrors(xml), []);
        assert.match(xml, /badbyte and \[31mansi\[0m\ttab\u{1F600}/u);
        assert.strictEqual(xmlText("a\u0001b\uFFFEc\uD800d", true), "abcd");
        assert.strictEqual(xmlText("line1\nline2", true), "line1&#10;line2");
    });

    it("the XSD check can fail: a testsuite without its required counts is rejected", async () => {
        const errors = await xsdErrors('<?xml version="1.0"?><testsuites><testsuite name="x"/></testsuites>');
        assert.deepStrictEqual(
            errors.map((e) => /The attribute '(\w+)' is required but missing/.exec(e)?.[1]),
            ["tests", "failures", "errors"],
        );
    });

    /** The names of the policies a pack config disables, as `check` computes them. */
    const disabledPolicies = (config: UserPackConfig | undefined): Set<string> =>
        new Set(disabledBy(packInfoOf(localPack()), config).map((d) => d.policy));

    it("a policy disabled by the pack config is skipped, not passed", async () => {
        const disabled = disabledPolicies({
            "cluster-platform-dragonfly-spread": "disabled",
            "cluster-platform-workload-probes": { enforcementLevel: "disabled" },
        });
        assert.deepStrictEqual([...disabled].sort(), [
            "cluster-platform-dragonfly-spread",
            "cluster-platform-workload-probes",
        ]);
        const xml = renderJunit(
            [cacheStack("x")],
            names,
            disabled,
            new Map([["cluster-platform-workload-probes", "its own pack-config entry, unapproved"]]),
        );
        assert.deepStrictEqual(await xsdErrors(xml), []);
        assert.match(xml, /failures="1" errors="0" skipped="2" time="0.000">/);
        assert.match(
            xml,
            /<testcase classname="infra" name="cluster-platform-workload-probes"><skipped message="disabled by the policy pack config: its own pack-config entry, unapproved"\/><\/testcase>/,
        );
        assert.deepStrictEqual([...disabledPolicies({ all: "disabled" })].length, policies.length);
        assert.deepStrictEqual([...disabledPolicies(undefined)], []);
    });
});

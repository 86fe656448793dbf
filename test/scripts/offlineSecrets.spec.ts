// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Issue 13, defect 5: the README's pulumiSecret route works offline, and the stand-in never shows.
import * as assert from "assert";
import { StackConfig } from "../../config/schema";
import { evaluateStack } from "../../engine/evaluate";
import { renderStack } from "../../engine/manifests/read";
import { sharedPackClient } from "../support/hooks";
import { realStackConfig } from "../support/stacks";

const STAND_IN = "offline-stand-in-for-cluster-platform:dragonflyPassword";

describe("offline secrets: auth.source pulumiSecret (issue 13)", function () {
    this.timeout(120000);

    it("defect 5: check judges a pulumiSecret stack like the ExternalSecret one and never prints the stand-in", async () => {
        const base = realStackConfig("infra");
        const config: StackConfig = {
            ...base,
            components: {
                ...base.components,
                dragonfly: { ...base.components.dragonfly, auth: { source: "pulumiSecret" } },
            },
        };
        const e = await evaluateStack(config, { server: await sharedPackClient() });
        assert.deepStrictEqual(
            e.findings.map((f) => `${f.risk} ${f.message}`),
            [],
        );
        const secret = e.resources.filter((r) => r.type === "kubernetes:core/v1:Secret");
        assert.deepStrictEqual(
            secret.map((r) => r.name),
            ["infra-dragonfly-authSecret"],
        );
        const files = renderStack(e.resources);
        const secretFile = files.find((f) => f.file === "secret-infra-dragonfly-authSecret.yaml");
        assert.match(secretFile!.text, /\nstringData: "\[secret\]"\n/);
        const rendered = files.map((f) => f.text).join("\n");
        assert.ok(!rendered.includes(STAND_IN));
        assert.ok(!JSON.stringify(e.findings).includes(STAND_IN));
    });
});

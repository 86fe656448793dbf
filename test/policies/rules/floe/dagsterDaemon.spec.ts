// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy } from "../../../../policies/lib/rule";
import { floeDagsterDaemon } from "../../../../policies/rules/floe/dagsterDaemon";
import { describeCommon, violationsOf } from "../../helpers";
import { floeStack } from "./stack";

const find = (n: string) => floeStack().find((r) => r.name === n)!;
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("policy cluster-platform-floe-dagster-daemon", () => {
    const policy = resourcePolicy(floeDagsterDaemon) as ResourceValidationPolicy;
    const dagster = async (change: (v: Obj) => void) => {
        const r = find("apps-floe-dagster");
        change(r.props.values);
        return await violationsOf(policy, r);
    };
    describeCommon(policy, {
        name: "cluster-platform-floe-dagster-daemon",
        enforcementLevel: "mandatory",
        severity: "high",
        risks: ["FLOE-R-1"],
    });
    it("#1 passes the component's values", async () => assert.deepStrictEqual(await dagster(() => undefined), []));
    it("#2 reports the daemon disabled", async () => {
        assert.deepStrictEqual(await dagster((v) => (v.dagsterDaemon.enabled = false)), [
            "[FLOE-R-1 · score 6] Dagster release dagster sets dagsterDaemon.enabled false, so schedules, sensors and run queues stop; set dagsterDaemon.enabled: true.",
        ]);
    });
    it("#3 reports two daemons", async () => {
        assert.deepStrictEqual(await dagster((v) => (v.dagsterDaemon.replicaCount = 2)), [
            "[FLOE-R-1 · score 6] Dagster release dagster asks for 2 daemons; two daemons fire every schedule twice, so leave exactly one.",
        ]);
    });
    it("#4 reports the 09-risks httpGet /health:8080 sample", async () => {
        assert.deepStrictEqual(
            await dagster((v) => (v.dagsterDaemon.livenessProbe = { httpGet: { path: "/health", port: 8080 } })),
            [
                '[FLOE-R-1 · score 6] Dagster release dagster probes the daemon with httpGet {"path":"/health","port":8080}, an endpoint the daemon does not serve; use exec [dagster-daemon, liveness-check] in dagsterDaemon.livenessProbe.',
            ],
        );
    });
    it("#5 reports no liveness check and a wrong readiness path", async () => {
        assert.deepStrictEqual(
            await dagster((v) => {
                delete v.dagsterDaemon.livenessProbe;
                v.dagsterWebserver.readinessProbe.httpGet.path = "/";
            }),
            [
                "[FLOE-R-1 · score 6] Dagster release dagster has no daemon liveness check (dagsterDaemon.livenessProbe null), so a hung daemon is never restarted; set exec [dagster-daemon, liveness-check].",
                '[FLOE-R-1 · score 6] Dagster release dagster checks webserver readiness on "/"; set dagsterWebserver.readinessProbe.httpGet.path to /server_info.',
            ],
        );
    });

    /** [case, exec command, exact violations]: the one command reader (policies/lib/exposure/command.ts). */
    const PROBES: [string, string[], string[]][] = [
        ["#6 sh -c exits with its command's status: compliant", ["/bin/sh", "-c", "dagster-daemon liveness-check"], []],
        [
            "#7 bash -ec with exec and a full path: compliant",
            ["bash", "-ec", "exec /usr/local/bin/dagster-daemon liveness-check"],
            [],
        ],
        [
            "#8 the check as the last step of an && chain: compliant",
            ["sh", "-c", "cd /opt/dagster && dagster-daemon liveness-check"],
            [],
        ],
        [
            "#8b the check under timeout, env and assignments (they pass its status on): compliant",
            [
                "sh",
                "-c",
                "timeout -s KILL 30 env -i PATH=/usr/bin DAGSTER_HOME=/opt/dagster dagster-daemon liveness-check",
            ],
            [],
        ],
        [
            "#8c a plain argv under nice and timeout: compliant",
            ["nice", "-n", "5", "timeout", "30s", "dagster-daemon", "liveness-check"],
            [],
        ],
        [
            "#8d a wrapper around another command is no check",
            ["timeout", "30", "dagster-daemon", "run"],
            [
                '[FLOE-R-1 · score 6] Dagster release dagster has no daemon liveness check (dagsterDaemon.livenessProbe {"exec":{"command":["timeout","30","dagster-daemon","run"]}}), so a hung daemon is never restarted; set exec [dagster-daemon, liveness-check].',
            ],
        ],
        [
            "#9 || true masks the check",
            ["/bin/sh", "-c", "dagster-daemon liveness-check || true"],
            [
                '[FLOE-R-1 · score 6] Dagster release dagster runs dagster-daemon liveness-check in dagsterDaemon.livenessProbe.exec.command ["/bin/sh","-c","dagster-daemon liveness-check || true"], but the probe\'s exit status does not come from it (an || or ; after it, or a background &), so a hung daemon is never restarted; make it the command\'s last step: exec [dagster-daemon, liveness-check].',
            ],
        ],
        [
            "#10 a later ; command decides the status",
            ["sh", "-c", "dagster-daemon liveness-check; echo done"],
            [
                '[FLOE-R-1 · score 6] Dagster release dagster runs dagster-daemon liveness-check in dagsterDaemon.livenessProbe.exec.command ["sh","-c","dagster-daemon liveness-check; echo done"], but the probe\'s exit status does not come from it (an || or ; after it, or a background &), so a hung daemon is never restarted; make it the command\'s last step: exec [dagster-daemon, liveness-check].',
            ],
        ],
        [
            "#11 a word that only contains the name is no check",
            ["sh", "-c", "echo liveness-check"],
            [
                '[FLOE-R-1 · score 6] Dagster release dagster has no daemon liveness check (dagsterDaemon.livenessProbe {"exec":{"command":["sh","-c","echo liveness-check"]}}), so a hung daemon is never restarted; set exec [dagster-daemon, liveness-check].',
            ],
        ],
    ];
    for (const [name, command, expected] of PROBES) {
        it(name, async () =>
            assert.deepStrictEqual(
                await dagster((v) => (v.dagsterDaemon.livenessProbe = { exec: { command } })),
                expected,
            ),
        );
    }
});

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { isReleaseOf } from "../../lib/kube";
import { ResourceRule } from "../../lib/rule";
import { arrayAt, recordAt } from "../../lib/propertyPaths";
import { effectiveWords, statusRuns } from "../../lib/exposure/command";

/**
 * Checks the Dagster release keeps schedules and sensors running (floe R-1): the daemon is enabled,
 * runs once (two daemons double-fire schedules), and its liveness probe runs
 * `dagster-daemon liveness-check`, which reads the daemon's heartbeats, as the command the probe's
 * exit status comes from (also inside `sh -c`, which exits with its last command's status); the
 * webserver's readiness probe is `/server_info`.
 */
export const floeDagsterDaemon: ResourceRule = {
    name: "cluster-platform-floe-dagster-daemon",
    kind: "resource",
    description: "The Dagster daemon is enabled, single, and checked by its own heartbeat liveness check.",
    risks: ["FLOE-R-1"],
    remediationSteps:
        "Set dagsterDaemon.enabled: true, no replica count above 1, dagsterDaemon.livenessProbe.exec.command [dagster-daemon, liveness-check], and dagsterWebserver.readinessProbe.httpGet.path /server_info.",
    check: (r, report) => {
        if (!isReleaseOf(r.type, r.props, "dagster")) {
            return;
        }
        const values = recordAt(r.props, "values");
        const daemon = recordAt(values, "dagsterDaemon");
        const release = String(r.props.name ?? r.name);
        if (daemon.enabled !== true) {
            report(
                "FLOE-R-1",
                `Dagster release ${release} sets dagsterDaemon.enabled ${JSON.stringify(daemon.enabled ?? null)}, so schedules, sensors and run queues stop; set dagsterDaemon.enabled: true.`,
            );
            return;
        }
        const replicas = daemon.replicaCount ?? daemon.replicas;
        if (typeof replicas === "number" && replicas > 1) {
            report(
                "FLOE-R-1",
                `Dagster release ${release} asks for ${replicas} daemons; two daemons fire every schedule twice, so leave exactly one.`,
            );
        }
        const probe = recordAt(daemon, "livenessProbe");
        const command = arrayAt(recordAt(probe, "exec"), "command").map(String);
        if (probe.httpGet) {
            report(
                "FLOE-R-1",
                `Dagster release ${release} probes the daemon with httpGet ${JSON.stringify(probe.httpGet)}, an endpoint the daemon does not serve; use exec [dagster-daemon, liveness-check] in dagsterDaemon.livenessProbe.`,
            );
        } else if (!statusRuns(command, undefined, "dagster-daemon", ["liveness-check"])) {
            const words = effectiveWords(command, undefined);
            const masked = words.some(
                (w, i) => w.split("/").pop() === "dagster-daemon" && words[i + 1] === "liveness-check",
            );
            report(
                "FLOE-R-1",
                masked
                    ? `Dagster release ${release} runs dagster-daemon liveness-check in dagsterDaemon.livenessProbe.exec.command ${JSON.stringify(command)}, but the probe's exit status does not come from it (an || or ; after it, or a background &), so a hung daemon is never restarted; make it the command's last step: exec [dagster-daemon, liveness-check].`
                    : `Dagster release ${release} has no daemon liveness check (dagsterDaemon.livenessProbe ${JSON.stringify(daemon.livenessProbe ?? null)}), so a hung daemon is never restarted; set exec [dagster-daemon, liveness-check].`,
            );
        }
        const ready = recordAt(values, "dagsterWebserver.readinessProbe.httpGet");
        if (ready.path !== "/server_info") {
            report(
                "FLOE-R-1",
                `Dagster release ${release} checks webserver readiness on ${JSON.stringify(ready.path ?? null)}; set dagsterWebserver.readinessProbe.httpGet.path to /server_info.`,
            );
        }
    },
};

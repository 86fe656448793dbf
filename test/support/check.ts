// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { runCheck } from "../../scripts/check";
import { PROJECT_DIR } from "./stacks";

/** Runs `check` on the project in this process; returns its exit code and what it printed. */
export async function check(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await runCheck(
        args,
        PROJECT_DIR,
        (s) => (out += `${s}\n`),
        (s) => (err += `${s}\n`),
    );
    return { code, out, err };
}

/** A bare Dragonfly CR of 3 replicas: its operator NetworkPolicy off, an unpinned image, none of the hardening. */
export const WEAK_DRAGONFLY_YAML = [
    "apiVersion: dragonflydb.io/v1alpha1",
    "kind: Dragonfly",
    "metadata: {name: dragonfly, namespace: cache}",
    "spec:",
    "  replicas: 3",
    "  networkPolicyEnabled: false",
    "  image: docker.dragonflydb.io/dragonflydb/dragonfly:latest",
].join("\n");

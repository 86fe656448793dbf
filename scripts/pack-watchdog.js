// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Preloaded into the policy pack process (`node -r scripts/pack-watchdog.js <pack entry>`), outside
// the unmodified pack: the pack exits as soon as the process that started it is gone, however it
// went (SIGKILL included), because the kernel then closes the pack's stdin pipe.
"use strict";
if (process.env.CLUSTER_PLATFORM_PACK_WATCHDOG === "stdin") {
    const bye = () => process.exit(0);
    process.stdin.on("end", bye);
    process.stdin.on("close", bye);
    process.stdin.on("error", bye);
    process.stdin.resume();
}

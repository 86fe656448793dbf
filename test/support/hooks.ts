// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Mocha root hooks: one policy-pack server process for the whole run, stopped at the end.
import { PackClient } from "../../engine/protocol/client";

let server: Promise<PackClient> | undefined;

/** The run's shared policy server (started on first use). */
export function sharedPackClient(): Promise<PackClient> {
    server ??= PackClient.start();
    return server;
}

/** Mocha root hooks. */
export const mochaHooks = {
    async afterAll(): Promise<void> {
        if (server) {
            await (await server).stop();
        }
    },
};

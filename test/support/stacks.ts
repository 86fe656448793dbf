// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as path from "path";
import { buildPlatform, createClusterProvider, Platform } from "../../components";
import { loadStackConfig } from "../../config/load";
import { findStackFiles, stackNameOf } from "../../config/stackFile";
import { StackConfig } from "../../config/schema";
import { RecordedResource } from "../../engine/recording/program";
import { recordStack } from "../../engine/recording/stack";
import { Recorder, startMockRuntime } from "./runtime";

/** The project root (where the stack files live). */
export const PROJECT_DIR = path.resolve(__dirname, "..", "..");

/** The stacks of this repository, discovered from its `Pulumi.<stack>.yaml` files (never listed by hand). */
export const STACKS: readonly string[] = findStackFiles(PROJECT_DIR).map((f) => stackNameOf(f)!);

/** The validated config of a real stack file of this repository. */
export function realStackConfig(stack: string): StackConfig {
    return loadStackConfig(stack, PROJECT_DIR).config;
}

/** Every stack of this repository recorded as the offline engine records it, in STACKS order. */
export async function recordedStacks(): Promise<RecordedResource[][]> {
    const out: RecordedResource[][] = [];
    for (const stack of STACKS) {
        out.push(await recordStack(realStackConfig(stack)));
    }
    return out;
}

/** Builds one stack's platform under fresh mocks and waits until every registration is recorded. */
export async function buildStackUnderMocks(config: StackConfig): Promise<{ recorder: Recorder; platform: Platform }> {
    const recorder = await startMockRuntime(config.cluster.name);
    const provider = createClusterProvider(config);
    const platform = buildPlatform(config, provider);
    await recorder.settle();
    return { recorder, platform };
}

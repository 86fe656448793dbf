// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
export * from "./evaluate";
export * from "./inprocess/localPack";
export * from "./packConfig";
export * from "./recording/program";
export * from "./protocol/client";
export * from "./recording/stack";
export { isTypeOf, policyOptionsOf, wireFeatures } from "./inprocess/policyView";
export { durationSeconds, providersByUrn, providerUrnOf } from "./recording/graph";

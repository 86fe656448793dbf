// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
export * from "./evaluate";
export * from "./inprocess";
export * from "./packConfig";
export * from "./record";
export * from "./server";
export * from "./stack";
export { durationSeconds, isTypeOf, policyOptionsOf, wireFeatures } from "./policyView";

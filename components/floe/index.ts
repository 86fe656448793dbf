// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
export { floeEnabled } from "../../config/slices";
export * from "./alerts";
export * from "./dagster";
export * from "./flows";
export * from "./namespaces";
export * from "./platform";
export * from "./polaris";
export * from "./postgres";
export * from "./rbac";

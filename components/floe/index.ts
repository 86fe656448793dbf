// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
export * from "./flows";
export * from "./platform";
export * from "./specs";

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
export * from "./core";
export * from "./drift";
export * from "./values";
export * from "./alerts";

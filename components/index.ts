// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
export * from "./cilium";
export * from "./dragonfly";
export * from "./floe";
export * from "./platform";
export * from "./provider";

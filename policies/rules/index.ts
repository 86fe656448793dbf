// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
export { ciliumRollbackSafety } from "./cilium/releaseRollbackSafety";
export * from "./dragonfly";
export * from "./floe";
export { ciliumBgpAuth } from "./cilium/bgpAuth";
export * from "./cilium/releaseSettings";
export * from "./cilium/stackRules";
export { helmReleasePinned } from "./helm/releasePinned";
export { plaintextSecrets } from "./secrets/plaintextSecrets";
export { imagePinned } from "./workloads/imagePinned";
export { probes } from "./workloads/probes";
export { resources } from "./workloads/resources";
export { securityContext } from "./workloads/securityContext";

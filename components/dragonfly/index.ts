// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
export * from "./auth";
export * from "./cacheSpecs";
export * from "./cluster";
export * from "./monitoring";
export * from "./naming";
export * from "./network";
export * from "./operator";
export * from "./operatorSpecs";

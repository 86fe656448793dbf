// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Report renderers for the gate of each stack: text, JSON, Markdown risk profile, SARIF 2.1.0 and
// JUnit XML. Pure functions over evaluations, plus the source locator SARIF uses.
export * from "./common";
export * from "./junit";
export * from "./locations";
export * from "./markdown";
export * from "./sarif";
export * from "./text";
export * from "./bundle";
export * from "./summary";

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The tested version pairs live with the pack (which must stay self-contained); the program reuses them.
export { DRAGONFLY_OPERATOR_IMAGE_TAGS } from "../policies/lib/catalog";

/** The official Dragonfly image repository. */
export const DRAGONFLY_IMAGE = "docker.dragonflydb.io/dragonflydb/dragonfly";
/** The official OCI chart repository of the Dragonfly operator. */
export const DRAGONFLY_OPERATOR_CHART_REPO = "oci://ghcr.io/dragonflydb/dragonfly-operator/helm";

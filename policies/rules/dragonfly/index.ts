// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
export { dragonflyAuthSecret } from "./authSecret";
export { dragonflyDisruptionBudget } from "./disruptionBudget";
export { dragonflyGlobalService } from "./globalService";
export { dragonflyMonitoring } from "./monitoring";
export { dragonflyNetworkIsolation } from "./networkIsolation";
export { dragonflySnapshots } from "./snapshots";
export { dragonflySpread } from "./spread";
export { dragonflyTransportSecurity } from "./transportSecurity";
export { dragonflyVersionAlignment } from "./versionAlignment";

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
export { floeCatalogPersistence } from "./catalogPersistence";
export { floeDagsterDaemon } from "./dagsterDaemon";
export { floeImagePullPolicy } from "./imagePullPolicy";
export { floeNetworkFlows } from "./networkFlows";
export { floePostgresHa } from "./postgresHa";

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The pack entry the Pulumi engine runs (`pulumi preview --policy-pack ./policies`). Only these lines
// have side effects: one deserialization per resource and request, straight from the request's
// bytes, then the Analyzer gRPC server.
// Import ./policies for the list.
import { PolicyPack } from "@pulumi/policy";
import { installDeserializeOnce, installLazyStructs } from "./lib/deserializeOnce";
import { PACK_NAME, policies } from "./policies";

installDeserializeOnce();
installLazyStructs();
new PolicyPack(PACK_NAME, { policies });

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The pack entry the Pulumi engine runs (`pulumi preview --policy-pack ./policies`). Only this line
// has a side effect: it starts the Analyzer gRPC server. Import ./policies for the list.
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, policies } from "./policies";

new PolicyPack(PACK_NAME, { policies });

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The pack's entry without the runtime patches (policies/index.ts minus its installs): the contract
// spec's control, showing what the SDK's server costs when nothing memoizes its deserializer.
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, policies } from "../../../policies/policies";

new PolicyPack(PACK_NAME, { policies });

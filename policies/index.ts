// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The pack entry the Pulumi engine runs (`pulumi preview --policy-pack ./policies`), compiled ahead to
// bin/index.js (package.json's main). Only these lines have side effects, in this order: a bin/ not
// built from the current sources refused, @pulumi/pulumi's index deferred (the pack's start-up), one
// deserialization per resource and request, straight from the request's bytes, one conversion per
// distinct config schema in GetAnalyzerInfo, then the Analyzer gRPC server. Import ./policies for the list.
import { installAnalyzerInfoOnce } from "./runtime/analyzerInfoOnce";
import { assertCompiledIsCurrent } from "./lib/compiledPack";
import { deferPulumiIndex } from "./runtime/deferPulumiIndex";
import { installDeserializeOnce, installLazyStructs } from "./runtime/deserializeOnce";

assertCompiledIsCurrent(__dirname);
// Before @pulumi/policy is loaded: it requires the index as it loads.
deferPulumiIndex();
/* eslint-disable @typescript-eslint/no-require-imports */
const { PolicyPack } = require("@pulumi/policy") as typeof import("@pulumi/policy");
const { PACK_NAME, policies } = require("./policies") as typeof import("./policies");
/* eslint-enable @typescript-eslint/no-require-imports */

installDeserializeOnce();
installLazyStructs();
installAnalyzerInfoOnce();
new PolicyPack(PACK_NAME, { policies });

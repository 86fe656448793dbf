// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// What the modules of this room were written against: the SDK versions, and the SDK files whose
// private behaviour each patch relies on, with their contents' SHA-256. test/runtime/contract.spec.ts
// fails, naming the patches to re-check, as soon as an upgrade changes any of them.

/** One SDK file a patch relies on. */
export interface PatchedFile {
    /** The module path as `require.resolve` takes it. */
    module: string;
    /** SHA-256 of the file's contents at the version below. */
    sha256: string;
    /** What the patches rely on in it. */
    reliedOn: string;
    /** The files of this room to re-check when it changes. */
    recheck: string[];
}

/** The package versions the patches were written and measured against. */
export const PATCHED_AGAINST: Readonly<Record<string, string>> = {
    "@pulumi/policy": "1.21.0",
    "@pulumi/pulumi": "3.248.0",
    "google-protobuf": "3.21.4",
};

/** The SDK files each patch leans on. */
export const PATCHED_FILES: readonly PatchedFile[] = [
    {
        module: "@pulumi/policy/server.js",
        sha256: "0aa32052092307cc6ed5ba39971f393e21876d91f7b24fca2aee90dc3dabd3a1",
        reliedOn:
            "calls deserializeProperties, unknownCheckingProxy and makeAnalyzerInfo through their module objects, per policy and per request; hands each stack policy its own resource list",
        recheck: [
            "policies/runtime/deserializeOnce.ts",
            "policies/runtime/perAnalysis.ts",
            "policies/runtime/analyzerInfoOnce.ts",
            "engine/inprocess/localPack.ts",
        ],
    },
    {
        module: "@pulumi/policy/deserialize.js",
        sha256: "ec5892b72e40c243b5344c58a0f50133f8606722ec1d3ca1f50a91f03cd38518",
        reliedOn:
            "deserializeProperties(struct, proxySecrets) reads struct.toJavaScript() and only changes special values",
        recheck: [
            "policies/runtime/deserializeOnce.ts",
            "policies/runtime/sdkInternals.ts",
            "engine/inprocess/policyView.ts",
        ],
    },
    {
        module: "@pulumi/policy/proxy.js",
        sha256: "acb6af8c92ddd4cb34796ec8d210667bea931c76eacd449bb1b8858308393e21",
        reliedOn: "unknownCheckingProxy only throws UnknownValueError on the unknown sentinels; the sentinel list",
        recheck: ["policies/runtime/deserializeOnce.ts", "policies/runtime/wire.ts", "engine/inprocess/policyView.ts"],
    },
    {
        module: "@pulumi/pulumi/runtime/rpc.js",
        sha256: "08b3d1eae49d4a2e3bb990cf83abeaee2e59cff769c74fa0d90f65dddf0f67f7",
        reliedOn: "specialSigKey, specialSecretSig and unknownValue",
        recheck: ["policies/runtime/wire.ts", "policies/runtime/structDecoding.ts"],
    },
    {
        module: "@pulumi/pulumi/index.js",
        sha256: "ce2fd348d1265c1e53496e25234a5f0c18abcfac1a5c6fe4975a96a6093412c1",
        reliedOn: "the index's exports, which the deferred facade answers from their own modules",
        recheck: ["policies/runtime/deferPulumiIndex.ts"],
    },
    {
        module: "google-protobuf/google/protobuf/struct_pb.js",
        sha256: "6c835384468d3338db8094d704fa89293b970f72650e7a26ff70c157836e6345",
        reliedOn: "Struct.deserializeBinaryFromReader and toJavaScript, swapped while a request is read",
        recheck: [
            "policies/runtime/structDecoding.ts",
            "policies/runtime/deserializeOnce.ts",
            "policies/runtime/analyzerInfoOnce.ts",
        ],
    },
];

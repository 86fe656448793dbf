// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The Pulumi wire encoding's sentinels, as the engine and the SDK write them: the one declaration
// of each, for the pack's runtime patches and the engine alike. test/runtime/contract.spec.ts
// checks every one against the installed SDK's own.

/** Key that marks a special wire value (secret, asset, archive, resource reference): `@pulumi/pulumi/runtime/rpc` specialSigKey. */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
/** The secret signature value (`specialSecretSig`): `{ [SECRET_SIG_KEY]: SECRET_SIG, value }`. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** The string the engine sends for a value not known during preview (`unknownValue`). */
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Every unknown sentinel @pulumi/policy's proxy (proxy.js) treats as unknown: reading one throws UnknownValueError. */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    UNKNOWN_SENTINEL,
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

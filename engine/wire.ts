// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The Pulumi wire encoding's sentinels, as the engine and the SDK write them.

/** Key and value that mark a secret object `{ [SECRET_SIG_KEY]: SECRET_SIG, value }`. */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
/** The secret signature value. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** The string that stands for a value not known during preview. */
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

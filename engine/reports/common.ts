// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Helpers shared by the report renderers.
import { Finding } from "../../policies/lib/findings";
import { riskById } from "../../policies/register";
import { SourceLocation } from "./locations";

/** A cross-stack finding (Cilium value drift) reported in the `all` report, located in every stack file concerned. */
export interface CrossStackFinding {
    risk: string;
    score: number;
    message: string;
    /** The stack-file lines of the settings involved; the first is the primary location. */
    locations: SourceLocation[];
}

/** The last segment of a URN (the resource name). */
export const short = (urn: string): string => urn.split("::").pop() ?? urn;

/** BLOCK / warn / WAIVED. */
export function label(f: Finding): string {
    if (f.waiver) {
        return "WAIVED";
    }
    return f.enforcement === "mandatory" ? "BLOCK" : "warn";
}

/** Highest score first, then risk ID, then resource. */
export function sorted(findings: readonly Finding[]): Finding[] {
    return [...findings].sort(
        (a, b) => b.score - a.score || a.risk.localeCompare(b.risk) || a.resource.localeCompare(b.resource),
    );
}

/** The score of a register entry (for cross-stack findings). */
export function scoreOf(risk: string): number {
    return riskById(risk).score ?? 0;
}

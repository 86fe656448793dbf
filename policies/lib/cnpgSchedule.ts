// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// A CloudNativePG ScheduledBackup's schedule read as the operator reads it: github.com/robfig/cron
// v1.2.0's `cron.Parse` (internal/controller/scheduledbackup_controller.go), six fields with seconds
// first, the day-of-week field optional, `?` as `*`, descriptors (@daily, @every 1h, ...). The field
// semantics (ranges, steps, names, day-of-month OR day-of-week when both are restricted) come from the
// croner library; this module only maps robfig's forms onto it and rejects what robfig rejects.
import { Cron } from "croner";
import { fluxDurationSeconds } from "./exposure/flux";

/** robfig v1 descriptors onto croner's (both run at midnight, UTC here). */
const DESCRIPTORS: Record<string, string> = {
    "@yearly": "0 0 0 1 1 *",
    "@annually": "0 0 0 1 1 *",
    "@monthly": "0 0 0 1 * *",
    "@weekly": "0 0 0 * * 0",
    "@daily": "0 0 0 * * *",
    "@midnight": "0 0 0 * * *",
    "@hourly": "0 0 * * * *",
};

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** Whether one field uses only robfig's syntax: `*`, `?`, numbers or the field's names, `-`, `,`, `/`. */
function robfigField(field: string, names: readonly string[]): boolean {
    return field.split(",").every((part) => {
        const m = /^(\*|\?|[0-9A-Za-z]+(?:-[0-9A-Za-z]+)?)(?:\/[0-9]+)?$/.exec(part);
        return (
            m !== null &&
            m[1]
                .split("-")
                .every((t) => t === "*" || t === "?" || /^[0-9]+$/.test(t) || names.includes(t.toUpperCase()))
        );
    });
}

/** How often a schedule runs, as far as the "at least daily" question needs. */
export type ScheduleVerdict = { kind: "daily" } | { kind: "notDaily" } | { kind: "invalid"; reason: string };

const DAY_MS = 86_400_000;
const cache = new Map<string, ScheduleVerdict>();

/**
 * Whether a ScheduledBackup schedule runs on every day (UTC, as the operator's container runs). Every
 * (month, day of month, weekday) combination of the 28-year Gregorian cycle is tried once, asking the
 * library for the first run at or after that day's midnight; `@every d` runs daily when d ≤ 24 h.
 */
export function scheduleVerdict(schedule: unknown): ScheduleVerdict {
    if (typeof schedule !== "string" || schedule.trim() === "") {
        return { kind: "invalid", reason: "it is empty" };
    }
    const text = schedule.trim();
    const cached = cache.get(text);
    if (cached) {
        return cached;
    }
    const verdict = judge(text);
    cache.set(text, verdict);
    return verdict;
}

function judge(text: string): ScheduleVerdict {
    if (text.startsWith("@every ")) {
        const seconds = fluxDurationSeconds(text.slice("@every ".length).trim());
        return seconds === undefined
            ? { kind: "invalid", reason: "@every needs a duration such as 24h" }
            : seconds <= 86_400
              ? { kind: "daily" }
              : { kind: "notDaily" };
    }
    let pattern = DESCRIPTORS[text];
    if (pattern === undefined) {
        if (text.startsWith("@")) {
            return { kind: "invalid", reason: `${text.split(/\s/)[0]} is not a descriptor robfig/cron knows` };
        }
        const fields = text.split(/\s+/);
        if (fields.length === 5) {
            fields.push("*");
        }
        if (fields.length !== 6) {
            return {
                kind: "invalid",
                reason: `it has ${fields.length} fields, not six (seconds minutes hours day-of-month month day-of-week)`,
            };
        }
        const names = [[], [], [], [], MONTHS, DAYS];
        const bad = fields.findIndex((f, i) => !robfigField(f, names[i]));
        if (bad >= 0) {
            return {
                kind: "invalid",
                reason: `field ${bad + 1} ${JSON.stringify(fields[bad])} is not robfig/cron syntax`,
            };
        }
        pattern = fields.map((f) => f.replace(/\?/g, "*")).join(" ");
    }
    let cron: Cron;
    try {
        cron = new Cron(pattern, { paused: true, utcOffset: 0 });
    } catch (err) {
        return { kind: "invalid", reason: (err as Error).message };
    }
    const seen = new Set<number>();
    for (let day = Date.UTC(2000, 0, 1); day < Date.UTC(2028, 0, 1); day += DAY_MS) {
        const d = new Date(day);
        const key = d.getUTCMonth() * 1000 + d.getUTCDate() * 10 + d.getUTCDay();
        if (seen.has(key)) {
            continue;
        }
        seen.add(key);
        const next = cron.nextRun(new Date(day - 1));
        if (next === null || next.getTime() >= day + DAY_MS) {
            return { kind: "notDaily" };
        }
    }
    return { kind: "daily" };
}

// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { scheduleVerdict } from "../../policies/lib/cnpgSchedule";

describe("CloudNativePG schedules read as robfig/cron v1 reads them", () => {
    /** [schedule, verdict kind, why]. */
    const TABLE: [unknown, "daily" | "notDaily" | "invalid", string][] = [
        ["0 0 0 * * *", "daily", "the CloudNativePG docs sample: midnight every day"],
        ["0 0 3 * * *", "daily", "03:00 every day"],
        ["0 0 */6 * * *", "daily", "every six hours"],
        ["0 0 3 * *", "daily", "five fields: robfig's day-of-week is optional"],
        ["0 0 0 ? * *", "daily", "? is *"],
        ["0 0 0 * * SUN-SAT", "daily", "every weekday by name"],
        ["@daily", "daily", "descriptor"],
        ["@midnight", "daily", "descriptor"],
        ["@every 24h", "daily", "a constant delay of one day"],
        ["0 0 3 * * 0", "notDaily", "Sundays only"],
        ["0 0 0 * * MON-FRI", "notDaily", "weekdays only"],
        [
            "0 0 0 31 1 0",
            "notDaily",
            "the CloudNativePG e2e 'never' schedule: Jan 31 or January Sundays (OR when both day fields are set)",
        ],
        ["0 0 0 1-28,30,31 * *", "notDaily", "skips the 29th"],
        ["@weekly", "notDaily", "descriptor"],
        ["@every 25h", "notDaily", "drifts past a day"],
        ["0 0 0 L * *", "invalid", "Quartz's L is not robfig syntax"],
        ["* * * * * * *", "invalid", "seven fields"],
        ["@reboot", "invalid", "not a robfig descriptor"],
        ["0 0 24 * * *", "invalid", "hour out of range"],
        ["", "invalid", "empty"],
        [undefined, "invalid", "missing"],
    ];
    for (const [schedule, kind, why] of TABLE) {
        it(`${JSON.stringify(schedule)}: ${kind} (${why})`, () =>
            assert.strictEqual(scheduleVerdict(schedule).kind, kind));
    }

    it("names the reason of a rejected schedule", () => {
        assert.deepStrictEqual(scheduleVerdict("0 0 0 L * *"), {
            kind: "invalid",
            reason: 'field 4 "L" is not robfig/cron syntax',
        });
        assert.deepStrictEqual(scheduleVerdict("1 2 3"), {
            kind: "invalid",
            reason: "it has 3 fields, not six (seconds minutes hours day-of-month month day-of-week)",
        });
    });
});

import { describe, expect, test } from "vitest";
import { localMoment } from "./freeze";

describe("a freeze's wall-clock moment in its time zone", () => {
  test.each<[string, string, string]>([
    ["2026-11-27T16:00", "Europe/Berlin", "2026-11-27T15:00:00.000Z"],
    ["2026-07-01T09:30", "America/New_York", "2026-07-01T13:30:00.000Z"],
    ["2028-02-29T00:00", "UTC", "2028-02-29T00:00:00.000Z"],
    // Fall back: 02:30 happens twice in Berlin on 25 October 2026; the first (summer time) is meant.
    ["2026-10-25T02:30", "Europe/Berlin", "2026-10-25T00:30:00.000Z"],
    ["2026-11-01T01:30", "America/New_York", "2026-11-01T05:30:00.000Z"],
    ["2026-04-05T02:30", "Australia/Sydney", "2026-04-04T15:30:00.000Z"],
    ["2026-11-27T16:00+05:30", "Europe/Berlin", "2026-11-27T10:30:00.000Z"],
    ["2026-11-27T16:00:00Z", "Europe/Berlin", "2026-11-27T16:00:00.000Z"],
  ])("%s in %s is %s", (moment, zone, instant) => {
    expect(localMoment(moment, zone)).toEqual({ ok: true, instant: new Date(instant) });
  });

  test.each<[string, string, string]>([
    ["2027-02-30T10:00", "Europe/Berlin", "2027-02-30 does not exist"],
    ["2027-02-29T10:00", "Europe/Berlin", "2027-02-29 does not exist"],
    ["2026-13-01T10:00", "Europe/Berlin", "2026-13-01 does not exist"],
    ["2026-04-31T10:00", "UTC", "2026-04-31 does not exist"],
    ["0000-01-01T00:00", "UTC", "0000-01-01 does not exist"],
    ["2026-11-27T24:00", "UTC", "24:00 is not a time of day"],
    ["2026-03-29T02:30", "Europe/Berlin", "02:30 does not exist on 2026-03-29 in Europe/Berlin: the clocks go forward then"],
    ["2026-03-08T02:15", "America/New_York", "02:15 does not exist on 2026-03-08 in America/New_York: the clocks go forward then"],
    ["2026-10-04T02:00", "Australia/Sydney", "02:00 does not exist on 2026-10-04 in Australia/Sydney: the clocks go forward then"],
    ["next friday", "UTC", '"next friday" is not a date and time (use 2026-11-27T16:00)'],
    ["2026-11-27T16:00", "Europe/Atlantis", 'unknown time zone "Europe/Atlantis"'],
  ])("%s in %s is refused: %s", (moment, zone, message) => {
    expect(localMoment(moment, zone)).toEqual({ ok: false, message });
  });
});

import { describe, expect, test } from "vitest";
import { WEEKEND_FREEZE } from "@/lib/testing/policies";
import { activeFreeze, describeWindow, freezeAt, isValidTimeZone, nextFreeze, type FreezeWindowSpec } from "./freeze";

const weekend: FreezeWindowSpec = WEEKEND_FREEZE;

const nightlyNY: FreezeWindowSpec = {
  kind: "WEEKLY",
  label: "Sunday maintenance",
  timeZone: "America/New_York",
  startDay: 7,
  startTime: "01:00",
  endDay: 7,
  endTime: "04:00",
};

const blackFriday: FreezeWindowSpec = {
  kind: "ONE_OFF",
  label: "Black Friday",
  timeZone: "Europe/Berlin",
  startsAt: new Date("2026-11-27T00:00:00+01:00"),
  endsAt: new Date("2026-11-30T08:00:00+01:00"),
};

describe("weekly freezes follow the wall clock of their time zone", () => {
  test.each([
    // instant (UTC)                 frozen?  until (UTC), when frozen
    ["2026-11-27T14:59:00Z", false, null], // Fri 15:59 Berlin (CET, UTC+1)
    ["2026-11-27T15:00:00Z", true, "2026-11-30T07:00:00.000Z"], // Fri 16:00 Berlin
    ["2026-11-29T23:00:00Z", true, "2026-11-30T07:00:00.000Z"], // Mon 00:00 Berlin
    ["2026-11-30T06:59:00Z", true, "2026-11-30T07:00:00.000Z"], // Mon 07:59 Berlin
    ["2026-11-30T07:00:00Z", false, null], // Mon 08:00 Berlin: over
    ["2026-11-25T12:00:00Z", false, null], // Wednesday
    // Summer time (CEST, UTC+2): the same wall-clock window is an hour earlier in UTC.
    ["2026-07-03T14:00:00Z", true, "2026-07-06T06:00:00.000Z"], // Fri 16:00 CEST
    ["2026-07-03T13:59:00Z", false, null],
    // The weekend the clocks go back (Sun 25 Oct 2026): ends Mon 08:00 CET.
    ["2026-10-23T14:00:00Z", true, "2026-10-26T07:00:00.000Z"], // Fri 16:00 CEST
    ["2026-10-26T06:59:00Z", true, "2026-10-26T07:00:00.000Z"], // Mon 07:59 CET
    // The weekend the clocks go forward (Sun 29 Mar 2026): starts Fri 16:00 CET, ends Mon 08:00 CEST.
    ["2026-03-27T15:00:00Z", true, "2026-03-30T06:00:00.000Z"],
    ["2026-03-30T06:00:00Z", false, null],
  ])("Fri 16:00 → Mon 08:00 Berlin at %s: frozen %s", (instant, frozen, until) => {
    const result = freezeAt(weekend, new Date(instant));
    expect(result !== null).toBe(frozen);
    if (until) expect(result!.until.toISOString()).toBe(until);
  });

  test.each([
    // Sun 1 Nov 2026, New York falls back at 02:00 EDT → 01:00 EST: 01:00–04:00 lasts four real hours.
    ["2026-11-01T04:59:00Z", false], // 00:59 EDT
    ["2026-11-01T05:00:00Z", true], // 01:00 EDT
    ["2026-11-01T06:30:00Z", true], // 01:30 EST (the second 01:30)
    ["2026-11-01T08:59:00Z", true], // 03:59 EST
    ["2026-11-01T09:00:00Z", false], // 04:00 EST
    // Sun 8 Mar 2026, spring forward at 02:00 EST → 03:00 EDT: 01:00–04:00 lasts two real hours.
    ["2026-03-08T06:00:00Z", true], // 01:00 EST
    ["2026-03-08T07:00:00Z", true], // 03:00 EDT
    ["2026-03-08T07:59:00Z", true], // 03:59 EDT
    ["2026-03-08T08:00:00Z", false], // 04:00 EDT
  ])("Sun 01:00 → 04:00 New York across a daylight-saving change at %s: frozen %s", (instant, frozen) => {
    expect(freezeAt(nightlyNY, new Date(instant)) !== null).toBe(frozen);
  });

  test("the same instant is frozen in one zone and not in another", () => {
    const instant = new Date("2026-11-27T15:30:00Z"); // Fri 16:30 Berlin, Fri 10:30 New York
    expect(freezeAt(weekend, instant)).not.toBeNull();
    expect(freezeAt({ ...weekend, timeZone: "America/New_York" }, instant)).toBeNull();
  });
});

describe("one-off freezes are absolute instants", () => {
  test.each([
    ["2026-11-26T22:59:59Z", false],
    ["2026-11-26T23:00:00Z", true],
    ["2026-11-30T06:59:59Z", true],
    ["2026-11-30T07:00:00Z", false],
  ])("Black Friday at %s: frozen %s", (instant, frozen) => {
    expect(freezeAt(blackFriday, new Date(instant)) !== null).toBe(frozen);
  });
});

describe("several windows", () => {
  test("the freeze that lasts longest is reported", () => {
    const active = activeFreeze([weekend, blackFriday], new Date("2026-11-27T16:00:00Z"));
    expect(active?.label).toBe("Weekend");
    expect(active?.until.toISOString()).toBe("2026-11-30T07:00:00.000Z");
    const longer = activeFreeze([weekend, { ...blackFriday, endsAt: new Date("2026-12-01T00:00:00Z") }], new Date("2026-11-27T16:00:00Z"));
    expect(longer?.label).toBe("Black Friday");
  });

  test("no window, no freeze", () => {
    expect(activeFreeze([], new Date())).toBeNull();
  });

  test("the next freeze to begin is announced", () => {
    const next = nextFreeze([weekend, blackFriday], new Date("2026-11-25T12:00:00Z"));
    expect(next).toMatchObject({ label: "Black Friday", startsAt: new Date("2026-11-26T23:00:00Z") });
  });
});

test("windows describe themselves in their zone", () => {
  expect(describeWindow(weekend)).toBe("every Fri 16:00 → Mon 08:00 (Europe/Berlin)");
  expect(describeWindow(blackFriday)).toBe("27 Nov 2026, 00:00 → 30 Nov 2026, 08:00 (Europe/Berlin)");
});

test("time zones are checked against the IANA database", () => {
  expect(isValidTimeZone("Europe/Berlin")).toBe(true);
  expect(isValidTimeZone("Mars/Olympus")).toBe(false);
});

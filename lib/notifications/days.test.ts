import { describe, expect, test } from "vitest";
import { dayLabel, groupByDay } from "./days";

describe("notification days", () => {
  const now = new Date(2026, 10, 20, 9, 30);
  test("today, yesterday, then dates (with the year only when it is another)", () => {
    expect(dayLabel(new Date(2026, 10, 20, 0, 5).toISOString(), now)).toBe("Today");
    expect(dayLabel(new Date(2026, 10, 19, 23, 59).toISOString(), now)).toBe("Yesterday");
    expect(dayLabel(new Date(2026, 10, 17, 12).toISOString(), now)).toBe("Tuesday 17 November");
    expect(dayLabel(new Date(2025, 11, 31, 12).toISOString(), now)).toBe("Wednesday, 31 December 2025");
  });

  test("groups newest-first items by day, keeping their order", () => {
    const items = [new Date(2026, 10, 20, 9), new Date(2026, 10, 20, 8), new Date(2026, 10, 19, 20), new Date(2026, 10, 1)].map((d, i) => ({
      id: i,
      createdAt: d.toISOString(),
    }));
    expect(groupByDay(items, now).map((g) => [g.label, g.items.map((i) => i.id)])).toEqual([
      ["Today", [0, 1]],
      ["Yesterday", [2]],
      ["Sunday 1 November", [3]],
    ]);
  });
});

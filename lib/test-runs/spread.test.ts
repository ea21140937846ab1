import { describe, expect, test } from "vitest";
import { spreadEvenly } from "./spread";

const cases = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe("spreading cases evenly", () => {
  test("ten cases between three testers: 4, 3, 3 in consecutive blocks, in the testers' order", () => {
    const split = spreadEvenly(cases(10), ["a", "b", "c"]);
    expect([...split.entries()]).toEqual([
      ["a", [1, 2, 3, 4]],
      ["b", [5, 6, 7]],
      ["c", [8, 9, 10]],
    ]);
  });

  test("the same input gives the same split", () => {
    expect(spreadEvenly(cases(37), ["x", "y", "z", "w"])).toEqual(spreadEvenly(cases(37), ["x", "y", "z", "w"]));
  });

  test("counts end at most one apart, every case given once", () => {
    for (const n of [0, 1, 2, 5, 99, 100, 101]) {
      const split = spreadEvenly(cases(n), ["a", "b", "c", "d", "e", "f", "g"]);
      const sizes = [...split.values()].map((share) => share.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      expect([...split.values()].flat()).toEqual(cases(n));
    }
  });

  test("cases a tester already holds count: the others catch up first", () => {
    const split = spreadEvenly(cases(7), ["a", "b"], new Map([["a", 3]]));
    expect(split.get("a")).toEqual([1, 2]);
    expect(split.get("b")).toEqual([3, 4, 5, 6, 7]);
  });

  test("a tester far ahead gets nothing", () => {
    const split = spreadEvenly(cases(2), ["a", "b"], new Map([["a", 10]]));
    expect(split.get("a")).toEqual([]);
    expect(split.get("b")).toEqual([1, 2]);
  });
});

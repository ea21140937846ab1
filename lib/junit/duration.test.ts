import { describe, expect, test } from "vitest";
import { durationOf } from "./duration";

describe("a testcase's time, as reporters in any locale write it", () => {
  test.each([
    ["0.160", 160],
    ["0,160", 160], // a decimal comma: a thousands group never follows a leading 0
    ["0,252", 252],
    ["1,5", 1500],
    ["12,25", 12_250],
    ["0,1234", 123],
    ["1,234.5", 1_234_500], // thousands separated by commas, a decimal point
    ["12,345,678.9", null], // grouped, but over 24 hours: below
    ["1.234,5", 1_234_500], // thousands separated by dots, a decimal comma
    ["1 234,5", 1_234_500],
    ["1\u00a0234.5", 1_234_500],
    ["1'234.5", 1_234_500],
    ["1.5e-3", 2],
    ["1E2", 100_000],
    [".5", 500],
    ["3.", 3000],
    ["+0.25", 250],
    [" 0.5 ", 500],
    ["0", 0],
    ["86399.999", 86_399_999],
  ])("%j is %s ms", (time, ms) => {
    expect(durationOf(time).ms).toBe(ms);
  });

  test.each([
    ["1,234", "is ambiguous (a decimal comma or a thousands separator)"],
    ["12,345", "is ambiguous (a decimal comma or a thousands separator)"],
    ["NaN", "is not a number of seconds"],
    ["Infinity", "is not a number of seconds"],
    ["-Infinity", "is not a number of seconds"],
    ["1e400", "is not a finite number"],
    ["-1", "is negative"],
    ["-0,5", "is negative"],
    ["86400", "is 24 hours or more"],
    ["1,515,069,223.854", "is 24 hours or more"],
    ["2026-11-29T13:33:43", "is not a number of seconds"],
    ["2026-11-29T13:33:43Z", "is not a number of seconds"],
    ["PT1.5S", "is not a number of seconds"],
    ["0x10", "is not a number of seconds"],
    ["1,2,3", "is not a number of seconds"],
    ["1.5 s", "is not a number of seconds"],
  ])("%j gets no duration: it %s", (time, problem) => {
    expect(durationOf(time)).toEqual({ ms: null, problem });
  });

  test.each([[undefined], [""], ["   "]])("%j is no duration and no problem", (time) => {
    expect(durationOf(time)).toEqual({ ms: null, problem: null });
  });
});

import { describe, expect, test } from "vitest";
import { changeFailureBand, frequencyBand, leadTimeBand, recoveryBand } from "./bands";
import { formatFrequency, formatSeconds } from "./format";

const HOUR = 3600;
const DAY = 24 * HOUR;

describe("DORA 2023 levels at their boundaries", () => {
  test("deployment frequency: once a day is elite, once a week high, once a month medium, less is low", () => {
    expect([2, 1, 0.99, 1 / 7, 1 / 8, 1 / 30, 1 / 31, 0].map(frequencyBand)).toEqual([
      "elite",
      "elite",
      "high",
      "high",
      "medium",
      "medium",
      "low",
      "low",
    ]);
  });
  test("lead time: under a day elite, up to a week high, up to a month medium", () => {
    expect([HOUR, DAY - 1, DAY, 7 * DAY, 7 * DAY + 1, 30 * DAY, 31 * DAY].map(leadTimeBand)).toEqual([
      "elite",
      "elite",
      "high",
      "high",
      "medium",
      "medium",
      "low",
    ]);
  });
  test("change failure rate: at most 5 % elite, 10 % high, 15 % medium", () => {
    expect([0, 0.05, 0.051, 0.1, 0.15, 0.16, 1].map(changeFailureBand)).toEqual(["elite", "elite", "high", "high", "medium", "low", "low"]);
  });
  test("recovery: under an hour elite, under a day high, within a week medium", () => {
    expect([59 * 60, HOUR, DAY - 1, DAY, 7 * DAY, 7 * DAY + 1].map(recoveryBand)).toEqual([
      "elite",
      "high",
      "high",
      "medium",
      "medium",
      "low",
    ]);
  });
});

describe("figures as people read them", () => {
  test("durations", () => {
    expect([0, 30, 59.4, 59.6, 45 * 60, 12 * HOUR, 47 * HOUR, 2.5 * DAY].map(formatSeconds)).toEqual([
      "0 s",
      "30 s",
      "59 s",
      "1 min",
      "45 min",
      "12 h",
      "47 h",
      "2.5 days",
    ]);
  });
  test("frequencies", () => {
    expect([0, 3.24, 1, 0.5, 1 / 7, 0.1, 1 / 30].map(formatFrequency)).toEqual([
      "none",
      "3.2 a day",
      "1 a day",
      "3.5 a week",
      "1 a week",
      "3 a month",
      "1 a month",
    ]);
  });
});

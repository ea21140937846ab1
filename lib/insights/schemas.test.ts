import { describe, expect, test } from "vitest";
import { metricsQuerySchema, testHealthQuerySchema, withoutRefused } from "./schemas";

const problems = (query: Record<string, string>) =>
  metricsQuerySchema.safeParse(query).error?.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })) ?? [];

describe("the query of metrics and test health", () => {
  test("dates run from 1970-01-01 to 9999-12-30, both edges included, so the period before and the day after stay dates", () => {
    expect(problems({ from: "1970-01-01", to: "1970-01-31" })).toEqual([]);
    expect(problems({ from: "9999-12-01", to: "9999-12-30" })).toEqual([]);
    expect(problems({ from: "1969-12-31", to: "1970-01-31" })).toEqual([{ path: "from", message: "A date from 1970-01-01 to 9999-12-30" }]);
    expect(problems({ from: "0001-01-01", to: "0001-02-01" })).toEqual([
      { path: "from", message: "A date from 1970-01-01 to 9999-12-30" },
      { path: "to", message: "A date from 1970-01-01 to 9999-12-30" },
    ]);
    expect(problems({ from: "9999-12-01", to: "9999-12-31" })).toEqual([{ path: "to", message: "A date from 1970-01-01 to 9999-12-30" }]);
  });

  test("a day no calendar has is named once, on its field, whatever the other date", () => {
    expect(problems({ from: "2026-02-30", to: "2026-03-01" })).toEqual([{ path: "from", message: "A date, like 2026-09-01" }]);
    expect(problems({ from: "2026-03-01", to: "2026-02-29" })).toEqual([{ path: "to", message: "A date, like 2026-09-01" }]);
    expect(problems({ from: "2024-02-29", to: "2024-03-01" })).toEqual([]);
  });

  test("at most three calendar years: up to the day before the same date three years on", () => {
    expect(problems({ from: "2021-01-01", to: "2023-12-31" })).toEqual([]);
    expect(problems({ from: "2021-01-01", to: "2024-01-01" })).toEqual([{ path: "to", message: "At most three years at a time" }]);
    expect(problems({ from: "2021-01-01", to: "2024-01-04" })).toEqual([{ path: "to", message: "At most three years at a time" }]);
    expect(problems({ from: "2024-02-29", to: "2027-02-28" })).toEqual([]);
  });

  test("an unknown field is named with what the query takes", () => {
    expect(problems({ enviroment: "staging" })).toEqual([
      { path: "", message: "Unknown field: this takes period, from, to and environment" },
    ]);
  });

  test("the environment's default is said per operation: production for metrics, every environment for test health", () => {
    expect(metricsQuerySchema.shape.environment.description).toBe("An environment's name (default production, else the pipeline's last)");
    expect(testHealthQuerySchema.shape.environment.description).toBe("An environment's name (default: all environments)");
  });
});

describe("what a page keeps of a query after a 422", () => {
  test("the fields named go, a date takes its pair with it, and a field the query does not take goes too", () => {
    const asked = { period: "7d", environment: "staging", foo: "1" };
    expect(withoutRefused(asked, [{ field: "period" }, { field: "foo" }])).toEqual({ environment: "staging" });
    expect(withoutRefused({ from: "2026-10-01", to: "2026-02-30", environment: "qa" }, [{ field: "to" }])).toEqual({ environment: "qa" });
    expect(withoutRefused({ from: "2026-10-01", to: "2026-10-31", environment: "qa" }, [{ field: "environment" }])).toEqual({
      from: "2026-10-01",
      to: "2026-10-31",
    });
  });
});

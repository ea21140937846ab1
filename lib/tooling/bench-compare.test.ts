import { expect, test } from "vitest";
import { tableRows } from "./bench-compare";

test("the bench table is read back from a bench run's output", () => {
  const output = [
    "bench: PGlite: seeded 50 projects × 200 releases × 3 environments in 9.1 s",
    "",
    "metric                        engine      n    p50       p95       p99       max  target       result",
    "----------------------------  ----------  ---  --------  --------  --------  ---  -----------  ------",
    "board data, 1 of 50 projects  PGlite      200   12.5 ms   20.0 ms   31.2 ms   40.0 ms  p95 ≤ 50 ms",
    "open a run of 5,000 results   PostgreSQL    5  1,297.0 ms  1,310.4 ms  1,310.4 ms  1,310.4 ms  ≤ 1000 ms",
    "",
    "done",
  ].join("\n");
  expect(tableRows(output)).toEqual([
    { metric: "board data, 1 of 50 projects", engine: "PGlite", p50: 12.5, p95: 20 },
    { metric: "open a run of 5,000 results", engine: "PostgreSQL", p50: 1297, p95: 1310.4 },
  ]);
  expect(tableRows("bench failed: no table")).toEqual([]);
});

import { expect, test } from "vitest";
import { sideBySide, tableRows } from "./bench-compare";

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

test("the side-by-side tables give the medians' ratio and every round's p50 of both sides", () => {
  const row = (p50: number, p95: number) => ({ metric: "POST /releases, 1 client", engine: "PGlite", p50, p95 });
  const text = sideBySide("main", "aaa1111", "bbb2222", [
    {
      metric: "POST /releases, 1 client",
      engine: "PGlite",
      before: [row(20, 30), row(22, 31), row(40, 60)],
      after: [row(21, 33), row(24, 36), row(23, 35)],
    },
  ]);
  const lines = text.split("\n");
  // medians: before 22 / 31, after 23 / 35 → 1.05 and 1.13
  expect(lines.find((line) => line.startsWith("POST") && line.includes("1.05"))).toMatch(/22\.0\s+23\.0\s+1\.05\s+31\.0\s+35\.0\s+1\.13$/);
  expect(text).toContain("p50 of each round, aaa1111 / bbb2222 (ms)");
  expect(lines.filter((line) => line.startsWith("POST")).at(-1)).toMatch(/20\.0 \/ 21\.0\s+22\.0 \/ 24\.0\s+40\.0 \/ 23\.0$/);
});

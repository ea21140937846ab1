import { describe, expect, test } from "vitest";
import type { ImportSummary } from "@/lib/test-runs/schemas";
import { addImports, describeImport, storedSummary } from "./import-summary";
import { Warnings } from "./import-warnings";

const summary = (extra: Partial<ImportSummary> = {}): ImportSummary => ({
  tests: 4,
  passed: 2,
  failed: 1,
  errors: 0,
  skipped: 1,
  flaky: 1,
  matched: 1,
  created: 3,
  changed: 4,
  warnings: [],
  attachments: 0,
  duplicate: false,
  ...extra,
});

describe("one import summary, told the same way by the API, the CLI and the run page", () => {
  test("every count, in one line", () => {
    expect(describeImport(summary())).toBe("4 tests — 2 passed, 1 failed, 0 errors, 1 skipped, 1 flaky; 1 case matched, 3 created");
  });

  test("several files add up, warnings counted per kind", () => {
    const durations = new Warnings();
    durations.add("duration-dropped", 'a.t: time="NaN" is not a number of seconds');
    const total = addImports([
      summary({ warnings: durations.list() }),
      summary({ tests: 1, passed: 1, failed: 0, skipped: 0, flaky: 0, matched: 1, created: 0, warnings: durations.list() }),
    ]);
    expect(describeImport(total)).toBe("5 tests — 3 passed, 1 failed, 0 errors, 1 skipped, 1 flaky; 2 cases matched, 3 created");
    expect(total.warnings).toEqual([
      { code: "duration-dropped", count: 2, message: "2 durations dropped, stored without a duration", examples: [] },
    ]);
  });

  test("a summary stored before warnings existed reads the same", () => {
    const old = { total: 6, passed: 2, failed: 2, errors: 1, skipped: 1, flaky: 1, matched: 0, created: 6, changed: 6, duplicate: false };
    expect(storedSummary(old)).toEqual(
      summary({ tests: 6, passed: 2, failed: 2, errors: 1, skipped: 1, flaky: 1, matched: 0, created: 6, changed: 6 }),
    );
  });
});

describe("warnings name the first few tests and count the rest", () => {
  test("of one kind", () => {
    const warnings = new Warnings();
    for (let i = 1; i <= 7; i++) warnings.add("unknown-case", `"C${i}" (tests.t${i})`);
    expect(warnings.list()).toEqual([
      {
        code: "unknown-case",
        count: 7,
        message:
          '7 case references name no case of this project, matched by automation id instead: "C1" (tests.t1); "C2" (tests.t2); "C3" (tests.t3); "C4" (tests.t4); "C5" (tests.t5); and 2 more',
        examples: ['"C1" (tests.t1)', '"C2" (tests.t2)', '"C3" (tests.t3)', '"C4" (tests.t4)', '"C5" (tests.t5)'],
      },
    ]);
  });
});

describe("attachments stored with a report", () => {
  test("are told only when there were some", () => {
    expect(describeImport(summary({ attachments: 2 }))).toBe(
      "4 tests — 2 passed, 1 failed, 0 errors, 1 skipped, 1 flaky; 1 case matched, 3 created; 2 attachments stored",
    );
    expect(describeImport(summary({ attachments: 1 }))).toMatch(/; 1 attachment stored$/);
    expect(describeImport(summary())).toMatch(/3 created$/);
  });
});

// One way to tell what an import found and did, for the API's answer, the CLI and the run page.
// Relative imports only (the CLI runs from any folder); the summary's type is erased at runtime.
import type { ImportSummary } from "./schemas";
import { headlineOf, WARNING_CODES, type ImportWarning } from "./import-warnings";
import { plural } from "../format/plural";

type Counts = Pick<ImportSummary, "tests" | "passed" | "failed" | "errors" | "skipped" | "flaky" | "matched" | "created">;

/** "4 tests — 2 passed, 1 failed, 0 errors, 1 skipped, 1 flaky; 1 case matched, 3 created" (and "; 2 attachments stored" when some were) */
export function describeImport(s: Counts & { attachments?: number }): string {
  return `${plural(s.tests, "test")} — ${s.passed} passed, ${s.failed} failed, ${plural(s.errors, "error")}, ${s.skipped} skipped, ${s.flaky} flaky; ${plural(s.matched, "case")} matched, ${s.created} created${attachmentsStored(s.attachments ?? 0)}`;
}

/** "; 2 attachments stored", or nothing when none were. */
export function attachmentsStored(count: number): string {
  return count > 0 ? `; ${plural(count, "attachment")} stored` : "";
}

/** Several files' summaries added up (the CLI's total); warnings counted per kind. */
export function addImports(summaries: ImportSummary[]): Counts & { warnings: ImportWarning[] } {
  const sum = (key: keyof Counts) => summaries.reduce((total, s) => total + s[key], 0);
  const warnings = WARNING_CODES.flatMap((code) => {
    const count = summaries.reduce((total, s) => total + (s.warnings.find((w) => w.code === code)?.count ?? 0), 0);
    return count > 0 ? [{ code, count, message: headlineOf(code, count), examples: [] }] : [];
  });
  return {
    tests: sum("tests"),
    passed: sum("passed"),
    failed: sum("failed"),
    errors: sum("errors"),
    skipped: sum("skipped"),
    flaky: sum("flaky"),
    matched: sum("matched"),
    created: sum("created"),
    warnings,
  };
}

/** A summary as stored with an import; those stored before 2026-12-01 said `total` and had no warnings. */
export function storedSummary(stored: unknown): ImportSummary {
  const s = stored as Partial<ImportSummary> & { total?: number };
  return {
    tests: s.tests ?? s.total ?? 0,
    passed: s.passed ?? 0,
    failed: s.failed ?? 0,
    errors: s.errors ?? 0,
    skipped: s.skipped ?? 0,
    flaky: s.flaky ?? 0,
    matched: s.matched ?? 0,
    created: s.created ?? 0,
    changed: s.changed ?? 0,
    warnings: s.warnings ?? [],
    attachments: s.attachments ?? 0,
    duplicate: s.duplicate ?? false,
  };
}

import type { TesterProgressDto } from "./assignment-schemas";
import type { ResultDto } from "./schemas";

/** Each tester's share of a run, by name: assigned, executed, and how it went. */
export function testerProgress(results: readonly Pick<ResultDto, "assignee" | "status">[]): TesterProgressDto[] {
  const byTester = new Map<string, TesterProgressDto>();
  for (const result of results) {
    if (!result.assignee) continue;
    const share = byTester.get(result.assignee.id) ?? {
      ...result.assignee,
      assigned: 0,
      done: 0,
      passed: 0,
      failed: 0,
      blocked: 0,
      skipped: 0,
    };
    share.assigned++;
    if (result.status !== "UNTESTED") share.done++;
    if (result.status === "PASSED") share.passed++;
    if (result.status === "FAILED") share.failed++;
    if (result.status === "BLOCKED") share.blocked++;
    if (result.status === "SKIPPED") share.skipped++;
    byTester.set(result.assignee.id, share);
  }
  return [...byTester.values()].sort((a, b) => a.name.localeCompare(b.name, "en") || a.id.localeCompare(b.id));
}

import { RunProgress } from "@/components/test-runs/progress-bar";
import { Card, CardHeader } from "@/components/ui/card";
import type { TesterProgressDto } from "@/lib/test-runs/assignment-schemas";
import type { StatusCounts } from "@/lib/test-runs/schemas";
import { plural } from "@/lib/format/plural";

const countsOf = (t: TesterProgressDto): StatusCounts => ({
  PASSED: t.passed,
  FAILED: t.failed,
  BLOCKED: t.blocked,
  SKIPPED: t.skipped,
  UNTESTED: t.assigned - t.done,
});

/** Each tester's share of the run as a bar, with the numbers beside it; and what nobody holds. */
export function TesterProgress({ testers, unassigned }: { testers: TesterProgressDto[]; unassigned: number }) {
  return (
    <Card className="mt-6">
      <CardHeader
        title="Progress per tester"
        description={unassigned > 0 ? `${plural(unassigned, "case")} assigned to nobody` : "Every case is assigned"}
      />
      <ul className="divide-y divide-slate-100" aria-label="Progress per tester">
        {testers.map((tester) => (
          <li key={tester.id} className="grid gap-1.5 px-5 py-3 sm:grid-cols-[10rem_1fr_auto] sm:items-center sm:gap-4">
            <span className="truncate text-sm font-medium">{tester.name}</span>
            <RunProgress counts={countsOf(tester)} total={tester.assigned} label={`Progress of ${tester.name}`} />
            <span className="text-xs text-slate-600" data-testid={`tester-${tester.name}`}>
              {tester.done} of {tester.assigned} done · {tester.passed} passed · {tester.failed} failed · {tester.blocked} blocked
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}

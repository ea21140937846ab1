import type { ResultStatus } from "@/lib/generated/prisma/enums";
import { resultLabels, type StatusCounts } from "@/lib/test-runs/schemas";

const colors: Record<ResultStatus, string> = {
  PASSED: "bg-emerald-500",
  FAILED: "bg-rose-500",
  BLOCKED: "bg-amber-500",
  SKIPPED: "bg-sky-400",
  UNTESTED: "bg-slate-200",
};
const ORDER: ResultStatus[] = ["PASSED", "FAILED", "BLOCKED", "SKIPPED", "UNTESTED"];

/** The run at a glance: one bar, one colour per status, with a text equivalent for screen readers. */
export function RunProgress({
  counts,
  total,
  showLegend = false,
  label: name = "Run progress",
}: {
  counts: StatusCounts;
  total: number;
  showLegend?: boolean;
  /** The bar's accessible name. */
  label?: string;
}) {
  const done = total - counts.UNTESTED;
  const label = `${done} of ${total} executed: ${ORDER.filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${resultLabels[s]}`)
    .join(", ")}`;
  return (
    <div>
      <div
        role="progressbar"
        aria-label={name}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={label}
        className="flex h-2.5 overflow-hidden rounded-full bg-slate-100"
      >
        {ORDER.map((status) =>
          counts[status] > 0 ? (
            <div
              key={status}
              className={colors[status]}
              style={{ width: `${(counts[status] / Math.max(total, 1)) * 100}%` }}
              title={`${counts[status]} ${resultLabels[status]}`}
            />
          ) : null,
        )}
      </div>
      {showLegend ? (
        <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600" aria-label="Counts">
          {ORDER.map((status) => (
            <li key={status} className="flex items-center gap-1.5">
              <span className={`size-2.5 rounded-full ${colors[status]}`} aria-hidden />
              {counts[status]} {resultLabels[status]}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

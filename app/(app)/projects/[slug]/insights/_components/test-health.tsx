// The Insights page's test health: the pass rate per run as a chart, and four rankings of cases,
// each case linking to its page and history (data: lib/insights/test-health.ts).
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { formatMs } from "@/lib/insights/format";
import type { TestHealthDto } from "@/lib/insights/schemas";
import { PassRateChart } from "./test-health-charts";
import { plural } from "@/lib/format/plural";

const day = (iso: string) =>
  new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

function Ranking<Row extends { key: string; title: string }>({
  title,
  description,
  empty,
  rows,
  slug,
  detail,
}: {
  title: string;
  description: string;
  empty: string;
  rows: Row[];
  slug: string;
  detail: (row: Row) => React.ReactNode;
}) {
  const id = `health-${title.toLowerCase().replace(/[^a-z]+/g, "-")}`;
  return (
    <Card role="region" aria-labelledby={id}>
      <CardHeader title={<span id={id}>{title}</span>} description={description} />
      {rows.length === 0 ? (
        <p className="px-5 py-4 text-sm text-slate-500">{empty}</p>
      ) : (
        <ol className="divide-y divide-slate-100">
          {rows.map((row) => (
            <li key={row.key} className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5 px-5 py-2.5 text-sm">
              <Link href={`/projects/${slug}/cases/${row.key}`} className="min-w-0 font-medium break-words text-slate-900 hover:underline">
                <span className="text-slate-500 tabular-nums">{row.key}</span> {row.title}
              </Link>
              <span className="text-slate-600 tabular-nums">{detail(row)}</span>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

/** Test health of the period; `choices` link to it in every environment and in each one. */
export function TestHealth({
  health,
  slug,
  problem,
  choices,
}: {
  health: TestHealthDto;
  slug: string;
  problem: string | null;
  choices: { name: string; href: string; current: boolean }[];
}) {
  return (
    <section aria-labelledby="test-health-title" className="mt-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="test-health-title" className="text-lg font-semibold text-slate-900">
          Test health
        </h2>
        <nav aria-label="Test health environment" className="flex flex-wrap rounded-md border border-slate-200 bg-white p-0.5 text-sm">
          {choices.map((choice) => (
            <Link
              key={choice.name}
              href={choice.href}
              aria-current={choice.current ? "page" : undefined}
              className={`rounded px-2.5 py-1 ${choice.current ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100"}`}
            >
              {choice.name}
            </Link>
          ))}
        </nav>
      </div>
      {problem ? (
        <p role="alert" className="mt-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {problem} — showing test health in every environment instead.
        </p>
      ) : null}
      <p className="mt-1 text-sm text-slate-600">
        Runs created in this period, {health.environment ? `in ${health.environment}` : "in every environment"}; the pass rate is passed ÷
        (passed + failed + blocked). A case is flaky when it failed and passed on one release in one environment; unstable when its outcome
        flips between releases.
      </p>
      <Card className="mt-4 p-5">
        {health.runs.length === 0 ? (
          <p className="text-sm text-slate-500">No test run was created in this period, so there is no pass rate to chart yet.</p>
        ) : (
          <PassRateChart runs={health.runs} />
        )}
      </Card>
      <div className="mt-4 grid gap-4 lg:grid-cols-2">
        <Ranking
          title="Flaky cases"
          description="Most often flaky first: on how many releases and environments, of those it ran on."
          empty="No case was flaky in this period."
          rows={health.flaky}
          slug={slug}
          detail={(row) => `flaky on ${row.flaky} of ${row.ran}, last ${day(row.lastFlakyAt)}`}
        />
        <Ranking
          title="Unstable cases"
          description="Passed on one release, failed on the next, and back, at least twice in one environment."
          empty="No case flipped back and forth between releases."
          rows={health.unstable}
          slug={slug}
          detail={(row) => `${plural(row.flips, "flip")} over ${plural(row.releases, "release")} in ${row.environment}, last ${row.last}`}
        />
        <Ranking
          title="Slowest automated cases"
          description="Median duration of their results in this period, against the period before."
          empty="No automated result with a duration in this period."
          rows={health.slowest}
          slug={slug}
          detail={(row) => (
            <>
              {formatMs(row.medianMs)}
              {row.previousMedianMs === null ? null : row.medianMs === row.previousMedianMs ? (
                <span className="text-slate-500"> (same as before)</span>
              ) : (
                <span className={row.medianMs > row.previousMedianMs ? "text-rose-700" : "text-emerald-700"}>
                  {" "}
                  {row.medianMs > row.previousMedianMs ? "▲" : "▼"} from {formatMs(row.previousMedianMs)}
                  <span className="sr-only"> ({row.medianMs > row.previousMedianMs ? "slower" : "faster"})</span>
                </span>
              )}
            </>
          )}
        />
        <Ranking
          title="Failing longest"
          description="Failed on every release since it last passed in an environment, the longest first."
          empty="No case is failing release after release."
          rows={health.failingLongest}
          slug={slug}
          detail={(row) => `since ${day(row.since)} in ${row.environment}, ${plural(row.releases, "release")} (newest ${row.version})`}
        />
      </div>
    </section>
  );
}

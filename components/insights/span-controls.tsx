import Link from "next/link";
import { AppError } from "@/lib/http/errors";
import { PERIODS, withoutRefused, type MetricsQuery } from "@/lib/insights/schemas";

/** What an Insights page shows: a period of the last days, else dates; and an environment by name. */
export type ShownSpan = { period: string | null; from: string; to: string; environment: string };

/** The first and last day (UTC, YYYY-MM-DD) of a span whose `to` is exclusive. */
function spanDays(span: { from: string; to: string }): { first: string; last: string; days: number } {
  const days = Math.round((Date.parse(span.to) - Date.parse(span.from)) / 86_400_000);
  return { first: span.from.slice(0, 10), last: new Date(Date.parse(span.to) - 1).toISOString().slice(0, 10), days };
}

/** "over the last 30 days", "from 2026-10-01 to 2026-10-31"; and the period before it, "the 30 days before", "the day before". */
export function describeSpan(span: { period: string | null; from: string; to: string }): { span: string; before: string } {
  const { first, last, days } = spanDays(span);
  return {
    span: span.period ? `over the last ${days} days` : first === last ? `on ${first}` : `from ${first} to ${last}`,
    before: days === 1 ? "the day before" : `the ${days} days before`,
  };
}

/**
 * The address of an Insights view: its period (else its dates) and environment (`environment: null`
 * leaves it out: the page's default), plus any field of the page's own.
 */
export function spanQuery(
  shown: ShownSpan,
  change: { period?: string; environment?: string | null } = {},
  extra: Record<string, string> = {},
) {
  const next = new URLSearchParams();
  const period = change.period ?? shown.period;
  if (period) next.set("period", period);
  else {
    const { first, last } = spanDays(shown);
    next.set("from", first);
    next.set("to", last);
  }
  const environment = change.environment === undefined ? shown.environment : change.environment;
  if (environment !== null) next.set("environment", environment);
  for (const [key, value] of Object.entries(extra)) next.set(key, value);
  return next.toString();
}

const choice = (current: boolean) => `rounded px-2.5 py-1 ${current ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100"}`;

/**
 * An Insights page's choices, each a link or a GET form so that the address holds the view (Back,
 * refresh and a shared link keep it): the period, the environment and chosen dates.
 */
export function SpanControls({
  shown,
  environments,
  path,
  extra = {},
}: {
  shown: ShownSpan;
  environments: string[];
  /** The page's path; its links and form keep `extra` (a field of the page's own). */
  path: string;
  extra?: Record<string, string>;
}) {
  const { first, last } = spanDays(shown);
  return (
    <>
      <nav aria-label="Period" className="flex rounded-md border border-slate-200 bg-white p-0.5 text-sm">
        {PERIODS.map((period) => (
          <Link
            key={period}
            href={`${path}?${spanQuery(shown, { period }, extra)}`}
            aria-current={shown.period === period ? "page" : undefined}
            className={choice(shown.period === period)}
          >
            {period.replace("d", " days")}
          </Link>
        ))}
      </nav>
      <nav aria-label="Environment" className="flex flex-wrap rounded-md border border-slate-200 bg-white p-0.5 text-sm">
        {environments.map((name) => (
          <Link
            key={name}
            href={`${path}?${spanQuery(shown, { environment: name }, extra)}`}
            aria-current={shown.environment === name ? "page" : undefined}
            className={choice(shown.environment === name)}
          >
            {name}
          </Link>
        ))}
      </nav>
      <form method="get" action={path} className="flex flex-wrap items-end gap-2 text-sm">
        <input type="hidden" name="environment" value={shown.environment} />
        {Object.entries(extra).map(([key, value]) => (
          <input key={key} type="hidden" name={key} value={value} />
        ))}
        {/* A span starts today at the latest; one reaching past today counts up to now. */}
        <DayInput label="From" name="from" value={shown.period ? "" : first} max={new Date().toISOString().slice(0, 10)} />
        <DayInput label="To" name="to" value={shown.period ? "" : last} max="9999-12-30" />
        <button
          type="submit"
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-700 hover:bg-slate-50"
        >
          Show dates
        </button>
      </form>
    </>
  );
}

/** A day of the span (UTC), as the query takes it (1970-01-01 at the earliest). */
function DayInput({ label, name, value, max }: { label: string; name: string; value: string; max: string }) {
  return (
    <label className="flex flex-col text-xs text-slate-600">
      {label}
      <input
        type="date"
        name={name}
        min="1970-01-01"
        max={max}
        defaultValue={value}
        required
        className="mt-0.5 rounded-md border border-slate-300 px-2 py-1 text-sm text-slate-900"
      />
    </label>
  );
}

/** Field names of the query, as the page's labels name them. */
const FIELD_LABELS: Record<string, string> = {
  period: "Period",
  from: "From",
  to: "To",
  environment: "Environment",
  testsIn: "Test health's environment",
};

/** A 422's field errors as one sentence, each field named as the page labels it. */
export function refusedFields(errors: readonly { field: string; message: string }[], fallback: string): string {
  return errors.map((e) => `${FIELD_LABELS[e.field] ?? e.field}: ${e.message}`).join("; ") || fallback;
}

/**
 * An Insights view of what was asked; when a field is wrong (422), the view without it (the right
 * fields kept: a misspelt environment keeps the dates), else the default view, with the refusal
 * as one sentence (`problem`). Other errors are thrown.
 */
export async function viewKeepingWhatIsRight<T>(
  asked: Record<string, string>,
  load: (query: MetricsQuery) => Promise<T>,
): Promise<{ view: T; query: MetricsQuery; problem: string | null }> {
  try {
    return { view: await load(asked as MetricsQuery), query: asked as MetricsQuery, problem: null };
  } catch (error) {
    if (!(error instanceof AppError) || error.status !== 422) throw error;
    const problem = refusedFields(error.fieldErrors, error.message);
    const kept = withoutRefused(asked, error.fieldErrors) as MetricsQuery;
    return load(kept).then(
      (view) => ({ view, query: kept, problem }),
      async () => ({ view: await load({}), query: {} as MetricsQuery, problem }),
    );
  }
}

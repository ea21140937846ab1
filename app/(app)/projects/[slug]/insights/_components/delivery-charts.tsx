"use client";

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { MetricsBucket } from "@/lib/insights/schemas";
import { formatSeconds } from "@/lib/insights/format";

const label = (start: string, bucket: "day" | "week" | "month") =>
  new Date(start).toLocaleDateString(
    "en-GB",
    bucket === "month" ? { month: "short", year: "2-digit", timeZone: "UTC" } : { day: "numeric", month: "short", timeZone: "UTC" },
  );
/** A bucket's name in the table: with its year, which a 365-day axis leaves out. */
const longLabel = (start: string, bucket: "day" | "week" | "month") =>
  new Date(start).toLocaleDateString(
    "en-GB",
    bucket === "month"
      ? { month: "long", year: "numeric", timeZone: "UTC" }
      : { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" },
  );

/** Legend entries in the page's text colour (a series' own colour is too light to read as text). */
const legendText = (value: string) => <span className="text-slate-700">{value}</span>;

/**
 * A chart with its title, and the same data as a table for screen readers, keyboards and exact
 * values (a disclosure under the chart). The drawing itself is hidden from assistive technology and
 * takes no focus (charts are drawn with accessibilityLayer off): the table is its accessible form.
 */
export function Figure({ id, title, children, table }: { id: string; title: string; children: React.ReactNode; table: React.ReactNode }) {
  return (
    <figure aria-labelledby={`${id}-title`} className="min-w-0">
      <figcaption id={`${id}-title`} className="mb-2 text-sm font-semibold text-slate-900">
        {title}
      </figcaption>
      <div aria-hidden="true" className="h-56 w-full">
        {children}
      </div>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-slate-600 hover:text-slate-900">Show as a table</summary>
        {/* Focusable: a keyboard scrolls a long table. */}
        <div tabIndex={0} role="region" aria-label={`${title}, as a table`} className="relative mt-2 max-h-64 overflow-auto">
          {table}
        </div>
      </details>
    </figure>
  );
}

/** A chart's data as a table: a row per bucket, named in its first cell (a row header), then each column's value. */
export function BucketTable<Row extends { start: string; label: string; longLabel?: string }>({
  caption,
  first,
  rows,
  columns,
}: {
  caption: string;
  /** The first column's heading: "Day", "Week starting", "Run"… */
  first: string;
  rows: Row[];
  columns: [heading: string, value: (row: Row) => React.ReactNode][];
}) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="text-xs text-slate-600">
        <tr>
          <th scope="col" className="py-1 pr-3 font-medium">
            {first}
          </th>
          {columns.map(([heading]) => (
            <th key={heading} scope="col" className="py-1 pr-3 font-medium">
              {heading}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.start} className="border-t border-slate-100">
            <th scope="row" className="py-1 pr-3 font-normal">
              {row.longLabel ?? row.label}
            </th>
            {columns.map(([heading, value]) => (
              <td key={heading} className="py-1 pr-3 tabular-nums">
                {value(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DeliveryCharts({ series, bucket }: { series: MetricsBucket[]; bucket: "day" | "week" | "month" }) {
  const data = series.map((b) => ({
    ...b,
    label: label(b.start, bucket),
    longLabel: longLabel(b.start, bucket),
    // A deployment later rolled back succeeded first: the stack shows it once, in its own colour.
    kept: b.deployments - b.rolledBack,
    leadTimeHours: b.leadTimeSeconds === null ? null : Math.round((b.leadTimeSeconds / 3600) * 10) / 10,
  }));
  const per = bucket === "day" ? "day" : bucket === "week" ? "week" : "month";
  const first = bucket === "day" ? "Day" : bucket === "week" ? "Week starting" : "Month";
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Figure
        id="deployments-chart"
        title={`Deployments per ${per}`}
        table={
          <BucketTable
            caption={`Deployments per ${per}`}
            first={first}
            rows={data}
            columns={[
              ["Succeeded (all)", (b) => b.deployments],
              ["Failed", (b) => b.failed],
              ["Later rolled back (of succeeded)", (b) => b.rolledBack],
            ]}
          />
        }
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart accessibilityLayer={false} data={data} margin={{ top: 4, right: 8, bottom: 0, left: -20 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" minTickGap={12} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} formatter={legendText} />
            <Bar dataKey="kept" name="Succeeded" stackId="d" fill="#059669" isAnimationActive={false} />
            <Bar dataKey="rolledBack" name="Succeeded, later rolled back" stackId="d" fill="#f59e0b" isAnimationActive={false} />
            <Bar dataKey="failed" name="Failed" stackId="d" fill="#e11d48" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </Figure>
      <Figure
        id="lead-time-chart"
        title={`Median lead time per ${per}, hours`}
        table={
          <BucketTable
            caption={`Median lead time per ${per}`}
            first={first}
            rows={data}
            columns={[["Median lead time", (b) => (b.leadTimeSeconds === null ? "—" : formatSeconds(b.leadTimeSeconds))]]}
          />
        }
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart accessibilityLayer={false} data={data} margin={{ top: 4, right: 8, bottom: 0, left: -20 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" minTickGap={12} />
            <YAxis tick={{ fontSize: 11 }} />
            <Tooltip />
            <Line
              type="linear"
              dataKey="leadTimeHours"
              name="Lead time (h)"
              stroke="#4f46e5"
              strokeWidth={2}
              dot={{ r: 2 }}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </Figure>
    </div>
  );
}

"use client";

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { MetricsBucket } from "@/lib/insights/schemas";
import { formatSeconds } from "@/lib/insights/format";

const label = (start: string, bucket: "day" | "week" | "month") =>
  new Date(start).toLocaleDateString(
    "en-GB",
    bucket === "month" ? { month: "short", year: "2-digit", timeZone: "UTC" } : { day: "numeric", month: "short", timeZone: "UTC" },
  );

/**
 * A chart with its title, and the same data as a table for screen readers and for reading exact
 * values (a disclosure under the chart). The drawing itself is hidden from assistive technology.
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
        <div className="relative mt-2 max-h-64 overflow-auto">{table}</div>
      </details>
    </figure>
  );
}

/** A chart's data as a table: a row per bucket, its label first, then each column's value. */
export function BucketTable<Row extends { start: string; label: string }>({
  per,
  first,
  rows,
  columns,
}: {
  per: string;
  /** The first column's heading (default: "Day of", "Week of"…). */
  first?: string;
  rows: Row[];
  columns: [heading: string, value: (row: Row) => React.ReactNode][];
}) {
  return (
    <table className="w-full text-left text-sm">
      <thead className="text-xs text-slate-500">
        <tr>
          <th scope="col" className="py-1 pr-3 font-medium">
            {first ?? `${per[0]!.toUpperCase() + per.slice(1)} of`}
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
            <td className="py-1 pr-3">{row.label}</td>
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
    // A deployment later rolled back succeeded first: the stack shows it once, in its own colour.
    kept: b.deployments - b.rolledBack,
    leadTimeHours: b.leadTimeSeconds === null ? null : Math.round((b.leadTimeSeconds / 3600) * 10) / 10,
  }));
  const per = bucket === "day" ? "day" : bucket === "week" ? "week" : "month";
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Figure
        id="deployments-chart"
        title={`Deployments per ${per}`}
        table={
          <BucketTable
            per={per}
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
          <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -20 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" minTickGap={12} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
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
            per={per}
            rows={data}
            columns={[["Median lead time", (b) => (b.leadTimeSeconds === null ? "—" : formatSeconds(b.leadTimeSeconds))]]}
          />
        }
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -20 }}>
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

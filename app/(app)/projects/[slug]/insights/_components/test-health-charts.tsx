"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TestHealthDto } from "@/lib/insights/schemas";
import { BucketTable, Figure } from "./delivery-charts";

const percentOf = (rate: number | null) => (rate === null ? "—" : `${Math.round(rate * 1000) / 10} %`);

/** Pass rate per run, oldest first: passed ÷ (passed + failed + blocked); a run with none of those is a gap. */
export function PassRateChart({ runs }: { runs: TestHealthDto["runs"] }) {
  const data = runs.map((run) => ({
    ...run,
    start: String(run.number),
    label: `#${run.number} ${run.version}`,
    percent: run.passRate === null ? null : Math.round(run.passRate * 1000) / 10,
  }));
  return (
    <Figure
      id="pass-rate-chart"
      title="Pass rate per run, %"
      table={
        <BucketTable
          caption="Pass rate per run"
          first="Run"
          rows={data}
          columns={[
            ["Release", (r) => r.version],
            ["Environment", (r) => r.environment],
            ["Passed", (r) => r.passed],
            ["Failed", (r) => r.failed],
            ["Blocked", (r) => r.blocked],
            ["Pass rate", (r) => percentOf(r.passRate)],
          ]}
        />
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart accessibilityLayer={false} data={data} margin={{ top: 4, right: 8, bottom: 0, left: -20 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" minTickGap={16} />
          <YAxis domain={[0, 100]} tick={{ fontSize: 11 }} />
          <Tooltip formatter={(value) => `${value} %`} />
          <Line
            type="linear"
            dataKey="percent"
            name="Pass rate"
            stroke="#059669"
            strokeWidth={2}
            dot={{ r: 2 }}
            connectNulls={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </Figure>
  );
}

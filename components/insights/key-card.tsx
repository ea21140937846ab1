// A key figure of delivery metrics as a card: its value, its DORA level, and the change against
// the previous period (the project's and the all-projects Insights pages).
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { Band } from "@/lib/insights/bands";
import type { KeyFigure } from "@/lib/insights/schemas";

const BAND: Record<Band, { label: string; tone: BadgeTone }> = {
  elite: { label: "Elite", tone: "success" },
  high: { label: "High", tone: "info" },
  medium: { label: "Medium", tone: "warning" },
  low: { label: "Low", tone: "danger" },
};

/** The change against the previous period, in words, with whether it is better (for this key, lower may be better). */
function Change({ figure, lowerIsBetter, format }: { figure: KeyFigure; lowerIsBetter: boolean; format: (value: number) => string }) {
  if (figure.value === null || figure.previous === null)
    return <span className="text-slate-500">nothing in the previous period to compare</span>;
  if (figure.value === figure.previous) return <span className="text-slate-500">same as the previous period</span>;
  const better = lowerIsBetter ? figure.value < figure.previous : figure.value > figure.previous;
  return (
    <span className={better ? "text-emerald-700" : "text-rose-700"}>
      {figure.value > figure.previous ? "▲" : "▼"} from {format(figure.previous)}{" "}
      <span className="sr-only">({better ? "better" : "worse"})</span>
    </span>
  );
}

export function KeyCard({
  title,
  figure,
  format,
  lowerIsBetter,
  detail,
}: {
  title: string;
  figure: KeyFigure;
  format: (value: number) => string;
  lowerIsBetter: boolean;
  detail: string;
}) {
  return (
    <Card className="flex flex-col gap-2 p-4">
      <div className="flex items-start justify-between gap-2">
        <h2 className="text-sm font-medium text-slate-600">{title}</h2>
        {figure.band ? <Badge tone={BAND[figure.band].tone}>{BAND[figure.band].label}</Badge> : null}
      </div>
      <p className="text-2xl font-semibold text-slate-900 tabular-nums">{figure.value === null ? "—" : format(figure.value)}</p>
      <p className="text-xs">
        <Change figure={figure} lowerIsBetter={lowerIsBetter} format={format} />
      </p>
      <p className="text-xs text-slate-500">{detail}</p>
    </Card>
  );
}

export const percent = (rate: number) => `${Math.round(rate * 1000) / 10} %`;

/** A figure's value with its level, in a line (the all-projects list). */
export function FigureWithBand({ figure, format }: { figure: KeyFigure; format: (value: number) => string }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <span className="font-medium text-slate-900 tabular-nums">{figure.value === null ? "—" : format(figure.value)}</span>
      {figure.band ? <Badge tone={BAND[figure.band].tone}>{BAND[figure.band].label}</Badge> : null}
    </span>
  );
}

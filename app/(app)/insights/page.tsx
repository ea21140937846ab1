import type { Metadata } from "next";
import Link from "next/link";
import { FigureWithBand, KeyCard, percent } from "@/components/insights/key-card";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/lib/auth/session";
import { getPortfolioMetrics } from "@/lib/insights/delivery";
import { projectMatches } from "@/lib/projects/match";
import { listProjects } from "@/lib/projects/queries";
import { formatFrequency, formatSeconds } from "@/lib/insights/format";
import type { FourKeys, KeyFigure } from "@/lib/insights/schemas";
import { SpanControls, describeSpan, spanQuery, viewKeepingWhatIsRight, type ShownSpan } from "@/components/insights/span-controls";
import { plural } from "@/lib/format/plural";

export const metadata: Metadata = { title: "Insights · all projects" };

const KEYS: { label: string; figure: (k: FourKeys) => KeyFigure; format: (value: number) => string }[] = [
  { label: "Deployment frequency", figure: (k) => k.deploymentFrequency, format: formatFrequency },
  { label: "Lead time for changes", figure: (k) => k.leadTimeSeconds, format: formatSeconds },
  { label: "Change failure rate", figure: (k) => k.changeFailureRate, format: percent },
  { label: "Recovery time", figure: (k) => k.recoverySeconds, format: formatSeconds },
];

/** Insights across every project: each project's production (or the environment asked for) and all of them together. */
export default async function PortfolioInsightsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const given = await searchParams;
  await requireActor();
  // `q` filters the projects by name, key or slug (as on the release board); the total is theirs.
  const { q = "", ...asked } = Object.fromEntries(
    Object.entries(given).filter(([, value]) => typeof value === "string" && value.trim() !== ""),
  ) as Record<string, string>;
  const scope = q ? (await listProjects()).filter((project) => projectMatches(project, q)).map((project) => project.id) : "all";
  // A hand-edited address with a wrong field says why and shows the view without it.
  const { view: metrics, problem } = await viewKeepingWhatIsRight(asked, (query) => getPortfolioMetrics(scope, query));
  const filter: Record<string, string> = q ? { q } : {};
  const environment = metrics.environment ?? "production";
  const shown: ShownSpan = { period: metrics.period, from: metrics.from, to: metrics.to, environment };
  const { span, before } = describeSpan(metrics);
  const { all } = metrics;

  return (
    <div>
      <PageHeader
        eyebrow="All projects"
        title="Insights"
        description={`Delivery to each project's ${environment} ${span}, and to all ${all.projects} measured together (their deployments counted as one set), against ${before}.`}
        actions={
          <>
            <SpanControls shown={shown} environments={metrics.environments} path="/insights" extra={filter} />
            <form method="get" action="/insights" role="search" className="flex items-end gap-2 text-sm">
              {Object.entries(Object.fromEntries(new URLSearchParams(spanQuery(shown)))).map(([key, value]) => (
                <input key={key} type="hidden" name={key} value={value} />
              ))}
              <label className="flex flex-col text-xs text-slate-600">
                Filter projects
                <input
                  type="search"
                  name="q"
                  defaultValue={q}
                  placeholder="Name, key or slug"
                  className="mt-0.5 w-44 rounded-md border border-slate-300 px-2 py-1 text-sm text-slate-900"
                />
              </label>
            </form>
          </>
        }
      />
      {problem ? (
        <p role="alert" className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {problem} — showing {environment} {span} instead.
        </p>
      ) : null}

      <section aria-label="All projects together" className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <KeyCard
          title="Deployment frequency"
          figure={all.deploymentFrequency}
          format={formatFrequency}
          lowerIsBetter={false}
          detail={`${plural(all.deploymentFrequency.deployments, "successful deployment")} across ${plural(all.projects, "project")}, rollbacks not counted`}
        />
        <KeyCard
          title="Lead time for changes"
          figure={all.leadTimeSeconds}
          format={formatSeconds}
          lowerIsBetter
          detail="Median over every project's deployments"
        />
        <KeyCard
          title="Change failure rate"
          figure={all.changeFailureRate}
          format={percent}
          lowerIsBetter
          detail={`${all.changeFailureRate.failed} failed, ${all.changeFailureRate.rolledBack} later rolled back`}
        />
        <KeyCard
          title="Failed deployment recovery time"
          figure={all.recoverySeconds}
          format={formatSeconds}
          lowerIsBetter
          detail={
            all.recoverySeconds.failures === 0
              ? "No outage in this period"
              : `${plural(all.recoverySeconds.failures, "outage")}, ${all.recoverySeconds.open} still open`
          }
        />
      </section>

      <section aria-labelledby="by-project" className="mt-6">
        <h2 id="by-project" className="mb-3 text-sm font-semibold text-slate-900">
          By project
        </h2>
        {metrics.projects.length === 0 ? (
          <Card className="p-5 text-sm text-slate-600">
            {q ? (
              <>
                No project matches “{q}”.{" "}
                <Link href={`/insights?${spanQuery(shown)}`} className="font-medium text-brand-700 hover:underline">
                  Show every project
                </Link>
              </>
            ) : (
              "No project yet."
            )}
          </Card>
        ) : (
          <ul className="grid gap-3 lg:grid-cols-2">
            {metrics.projects.map((row) => (
              <li key={row.project.slug}>
                <Card className="p-4">
                  <div className="flex flex-wrap items-baseline justify-between gap-2">
                    <Link
                      href={`/projects/${row.project.slug}/insights?${spanQuery(shown, { environment: row.environment })}`}
                      className="font-medium text-slate-900 hover:underline"
                    >
                      {row.project.name}
                    </Link>
                    <span className="text-xs text-slate-500">{row.environment ?? `no environment named ${environment}`}</span>
                  </div>
                  {row.environment === null ? null : (
                    <dl className="mt-3 grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-2">
                      {KEYS.map((key) => (
                        <div key={key.label} className="flex flex-wrap items-center justify-between gap-2">
                          <dt className="text-slate-600">{key.label}</dt>
                          <dd>
                            <FigureWithBand figure={key.figure(row)} format={key.format} />
                          </dd>
                        </div>
                      ))}
                    </dl>
                  )}
                </Card>
              </li>
            ))}
          </ul>
        )}
      </section>

      <p className="mt-4 text-xs text-slate-500">
        Levels from {metrics.bands}. The same figures: <code>GET /api/v1/metrics</code>.
      </p>
    </div>
  );
}

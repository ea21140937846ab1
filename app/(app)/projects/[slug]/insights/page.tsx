import type { Metadata } from "next";
import Link from "next/link";
import { KeyCard, percent } from "@/components/insights/key-card";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { roleLabels } from "@/lib/auth/roles";
import { requireActor } from "@/lib/auth/session";
import { getDeliveryMetrics } from "@/lib/insights/delivery";
import {
  SpanControls,
  describeSpan,
  refusedFields,
  spanQuery,
  viewKeepingWhatIsRight,
  type ShownSpan,
} from "@/components/insights/span-controls";
import { AppError } from "@/lib/http/errors";
import { orNotFound } from "@/lib/http/not-found";
import { DeliveryCharts } from "./_components/delivery-charts";
import { TestHealth } from "./_components/test-health";
import { getTestHealth } from "@/lib/insights/test-health";
import { formatFrequency, formatSeconds } from "@/lib/insights/format";
import { plural } from "@/lib/format/plural";

export const metadata: Metadata = { title: "Insights" };

export default async function InsightsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const given = await searchParams;
  await requireActor();
  // Empty fields of the dates form mean "not given"; a field given twice is named, not half read.
  // `testsIn` is test health's own environment (default: all), apart from delivery's: a project's
  // runs are mostly on staging, its deployments that count on production.
  const repeated = Object.entries(given).flatMap(([key, value]) =>
    Array.isArray(value) ? [refusedFields([{ field: key, message: "give it once" }], "")] : [],
  );
  const { testsIn, ...asked } = Object.fromEntries(
    Object.entries(given).filter(([, value]) => typeof value === "string" && value.trim() !== ""),
  ) as Record<string, string>;
  // A hand-edited address with a wrong field says why and shows the view without it.
  const {
    view: metrics,
    query,
    problem: deliveryProblem,
  } = await orNotFound(viewKeepingWhatIsRight(asked, (query) => getDeliveryMetrics(slug, query)));
  const problem = [...repeated, ...(deliveryProblem ? [deliveryProblem] : [])].join("; ") || null;
  // Test health over the same period, in the environment chosen for it (default: all); a wrong one says why.
  const { environment: _environment, ...period } = query as Record<string, string>;
  const { health, healthProblem } = await getTestHealth(slug, testsIn ? { ...period, environment: testsIn } : period).then(
    (health) => ({ health, healthProblem: null as string | null }),
    async (error: unknown) => {
      if (!(error instanceof AppError) || error.status !== 422) throw error;
      return {
        health: await getTestHealth(slug, period),
        healthProblem: refusedFields(
          error.fieldErrors.map((e) => ({ ...e, field: e.field === "environment" ? "testsIn" : e.field })),
          error.message,
        ),
      };
    },
  );
  const shown: ShownSpan = { period: metrics.period, from: metrics.from, to: metrics.to, environment: metrics.environment.name };
  const testsInField = (name: string | null): Record<string, string> => (name ? { testsIn: name } : {});
  const { span, before } = describeSpan(metrics);
  // The deployments behind the figures shown, as CSV (GET …/metrics/deployments).
  const csvHref = `/api/v1/projects/${slug}/metrics/deployments?${spanQuery(shown)}`;
  const { deploymentFrequency: df, leadTimeSeconds: lt, changeFailureRate: cfr, recoverySeconds: rt, approvalWait: wait } = metrics;

  return (
    <div>
      <PageHeader
        eyebrow={metrics.project.name}
        title="Insights"
        description={`Delivery to ${metrics.environment.name} ${span}, against ${before}.`}
        actions={
          <>
            <SpanControls
              shown={shown}
              environments={metrics.environments}
              path={`/projects/${slug}/insights`}
              extra={testsInField(health.environment)}
            />
            <a
              href={csvHref}
              download
              className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50"
            >
              Download CSV<span className="sr-only"> of the deployments behind these figures</span>
            </a>
          </>
        }
      />
      {problem ? (
        <p role="alert" className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {problem} — showing {metrics.environment.name} {span} instead.
        </p>
      ) : null}

      <section aria-label="DORA's four keys" className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <KeyCard
          title="Deployment frequency"
          figure={df}
          format={formatFrequency}
          lowerIsBetter={false}
          detail={`${plural(df.deployments, "successful deployment")}, rollbacks not counted`}
        />
        <KeyCard
          title="Lead time for changes"
          figure={lt}
          format={formatSeconds}
          lowerIsBetter
          detail="Median, from a release's commit (else its registration) to its success here"
        />
        <KeyCard
          title="Change failure rate"
          figure={cfr}
          format={percent}
          lowerIsBetter
          detail={`${cfr.failed} failed, ${cfr.rolledBack} later rolled back, of ${df.deployments + cfr.failed} deployments`}
        />
        <KeyCard
          title="Failed deployment recovery time"
          figure={rt}
          format={formatSeconds}
          lowerIsBetter
          detail={
            rt.failures === 0
              ? "No outage in this period"
              : `Median over ${plural(rt.failures - rt.open, "recovered outage")}${rt.open ? `; ${rt.open} still open` : ""}`
          }
        />
      </section>

      <Card className="mt-6 p-5">
        {df.deployments + cfr.failed === 0 ? (
          <p className="text-sm text-slate-500">
            Nothing was deployed to {metrics.environment.name} in this period, so there is nothing to chart yet.
          </p>
        ) : (
          <DeliveryCharts series={metrics.series} bucket={metrics.bucket} />
        )}
      </Card>

      <Card className="mt-6">
        <CardHeader
          title="Waiting for approval"
          description={
            wait.count === 0
              ? "No promotion here waited for people in this period."
              : `From the request to the approval that completed it, over ${plural(wait.count, "promotion")}: median ${formatSeconds(wait.medianSeconds!)}, 90th percentile ${formatSeconds(wait.p90Seconds!)}.`
          }
        />
        {wait.byRule.length > 0 ? (
          <dl aria-label="Waiting per approval rule" className="flex flex-wrap gap-x-6 gap-y-1 border-b border-slate-100 px-5 py-3 text-sm">
            {wait.byRule.map((rule) => (
              <div key={rule.role} className="flex gap-1.5">
                <dt className="text-slate-600">Until {plural(rule.minCount, `${roleLabels[rule.role]} approval`)}:</dt>
                <dd className="font-medium text-slate-900 tabular-nums">
                  {rule.count === 0 ? "not met in this period" : `median ${formatSeconds(rule.medianSeconds!)} (${rule.count})`}
                </dd>
              </div>
            ))}
          </dl>
        ) : null}
        {wait.slowest.length > 0 ? (
          <ol className="divide-y divide-slate-100">
            {wait.slowest.map((slow) => (
              <li key={slow.promotionId} className="flex flex-wrap items-center justify-between gap-2 px-5 py-2.5 text-sm">
                <Link
                  href={`/projects/${slug}/releases/${encodeURIComponent(slow.version)}`}
                  className="font-medium text-slate-900 hover:underline"
                >
                  #{slow.number} · {slow.version}
                </Link>
                <span className="text-slate-600 tabular-nums">waited {formatSeconds(slow.waitedSeconds)}</span>
              </li>
            ))}
          </ol>
        ) : null}
      </Card>

      {metrics.signOffWait ? (
        <Card className="mt-6">
          <CardHeader
            title={`Waiting for QA's sign-off on ${metrics.signOffWait.environment}`}
            description={
              metrics.signOffWait.count === 0
                ? `No release bound for ${metrics.environment.name} was signed off on ${metrics.signOffWait.environment} in this period.`
                : `From a release's success on ${metrics.signOffWait.environment} to QA's sign-off of its run there, over ${plural(metrics.signOffWait.count, "release")}: median ${formatSeconds(metrics.signOffWait.medianSeconds!)}, 90th percentile ${formatSeconds(metrics.signOffWait.p90Seconds!)}.`
            }
          />
        </Card>
      ) : null}

      <Card className="mt-6">
        <CardHeader
          title={`Held by a freeze on ${metrics.environment.name}`}
          description={
            metrics.freezeWait.count === 0
              ? `No promotion approved for ${metrics.environment.name} in this period waited on a freeze.`
              : `From the moment a freeze held a promotion to the freeze's end or an admin's override, over ${plural(metrics.freezeWait.count, "promotion")}: median ${formatSeconds(metrics.freezeWait.medianSeconds!)}, 90th percentile ${formatSeconds(metrics.freezeWait.p90Seconds!)}, ${formatSeconds(metrics.freezeWait.totalSeconds)} in all.`
          }
        />
        {metrics.freezeWait.heldNow > 0 ? (
          <p className="px-5 py-3 text-sm text-slate-700">
            A freeze holds {plural(metrics.freezeWait.heldNow, "promotion")} to {metrics.environment.name} now.
          </p>
        ) : null}
      </Card>

      <TestHealth
        health={health}
        slug={slug}
        problem={healthProblem}
        choices={[null, ...metrics.environments].map((name) => ({
          name: name ?? "All environments",
          href: `/projects/${slug}/insights?${spanQuery(shown, {}, testsInField(name))}`,
          current: health.environment === name,
        }))}
      />

      <p className="mt-4 text-xs text-slate-500">
        Levels from {metrics.bands}. The same figures: <code>GET /api/v1/projects/{slug}/metrics</code> and{" "}
        <code>GET /api/v1/projects/{slug}/test-health</code>.
      </p>
    </div>
  );
}

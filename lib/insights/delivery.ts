import "server-only";
import { db } from "@/lib/db/client";
import { readRows } from "@/lib/db/sql";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { NotFound, ValidationFailed } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validation";
import { BAND_SOURCE, changeFailureBand, frequencyBand, leadTimeBand, recoveryBand, type Band } from "./bands";
import {
  metricsQuerySchema,
  type DeliveryMetricsDto,
  type FourKeys,
  type PortfolioMetricsDto,
  type KeyFigure,
  type MetricsBucket,
  type MetricsQuery,
  spanOf,
  type SlowApproval,
} from "./schemas";

const DAY_MS = 86_400_000;

/**
 * Over a Deployment `d`: when its change began (its release's commit where known, else the
 * release's registration: lead time's start), and whether a rollback replaced it. Read per row by
 * primary key: as a semi-join the planner hashed every rollback of every project (issue 15's bench).
 */
export const changeStartedSql = Prisma.sql`(select coalesce(r."committedAt", r."createdAt") from "Release" r where r.id = d."releaseId")`;
export const rolledBackSql = Prisma.sql`coalesce((select s."isRollback" from "Deployment" s where s.id = d."supersededById"), false)`;

/** The four keys of one period in one environment, as the database counts them. */
type Keys = {
  deployments: number;
  leadTime: number | null;
  failed: number;
  rolledBack: number;
  failures: number;
  open: number;
  recovery: number | null;
};

/** The keys of a period and of the period of the same length before it, for comparison. */
type TwoPeriods = { current: Keys; previous: Keys };

const NO_KEYS: Keys = { deployments: 0, leadTime: null, failed: 0, rolledBack: 0, failures: 0, open: 0, recovery: null };

/**
 * The four keys over [from, to) and over [before, from) in each of a set of environments (one per
 * project for all projects) and in all of them together (their deployments as one set, not an
 * average), in one statement over indexed columns (Deployment by environment and status or
 * success; every figure is an aggregate in SQL, grouped by grouping sets):
 * - deployments: successes there in the period, rollbacks excluded;
 * - lead time: their median time from the release's commit (committedAt, where the pipeline gave it)
 *   else its registration, to that success;
 * - failed: deployments (not rollbacks) that failed there in the period; rolled back: the period's
 *   successes that a rollback later replaced;
 * - recovery: per failure — a failed deployment (rollbacks' too) or a rollback's request — that
 *   began an outage of its environment (no failure there since the last success before it), the
 *   time to the next success there, the rollback's own included; the median of those recovered,
 *   and how many are still open.
 * An environment with nothing in either period has zeros (and no medians).
 */
async function keysOf(
  environmentIds: readonly string[],
  before: Date,
  from: Date,
  to: Date,
): Promise<{ byEnvironment: Map<string, TwoPeriods>; all: TwoPeriods }> {
  const ids = [...environmentIds];
  const rows = await readRows<Keys & { environmentId: string | null; current: boolean }>(Prisma.sql`
    with succeeded as (
      select d."environmentId", d."succeededAt" >= ${from} as current,
             extract(epoch from d."succeededAt" - ${changeStartedSql}) as seconds, ${rolledBackSql} as flag
      from "Deployment" d
      where d."environmentId" = any(${ids}::uuid[]) and not d."isRollback"
        and d."succeededAt" >= ${before} and d."succeededAt" < ${to}
    ), failed as (
      select d."environmentId", coalesce(d."finishedAt", d."updatedAt") >= ${from} as current from "Deployment" d
      where d."environmentId" = any(${ids}::uuid[]) and d.status = 'FAILED' and not d."isRollback"
        and coalesce(d."finishedAt", d."updatedAt") >= ${before} and coalesce(d."finishedAt", d."updatedAt") < ${to}
    ), failure as (
      select d."environmentId", coalesce(d."finishedAt", d."updatedAt") as at from "Deployment" d
      where d."environmentId" = any(${ids}::uuid[]) and d.status = 'FAILED'
      union all
      select d."environmentId", d."createdAt" from "Deployment" d where d."environmentId" = any(${ids}::uuid[]) and d."isRollback"
    ), ordered as (
      -- Each failure with the latest failure strictly before it there (peers at the same instant excluded).
      select f."environmentId", f.at,
             max(f.at) over (partition by f."environmentId" order by f.at
                             range between unbounded preceding and current row exclude group) as "failedBefore"
      from failure f
    ), outage as (
      -- A failure begins an outage when no failure came between the last success before it and it.
      select o."environmentId", o.at >= ${from} as current,
             extract(epoch from (select min(s."succeededAt") from "Deployment" s
                                 where s."environmentId" = o."environmentId" and s."succeededAt" > o.at) - o.at) as seconds
      from ordered o
      where o.at >= ${before} and o.at < ${to}
        and (o."failedBefore" is null
             or o."failedBefore" <= coalesce((select max(s."succeededAt") from "Deployment" s
                                              where s."environmentId" = o."environmentId" and s."succeededAt" < o.at), '-infinity'))
    ), fact as (
      select "environmentId", current, 'deployment' as kind, seconds, flag from succeeded
      union all select "environmentId", current, 'failed', null, false from failed
      union all select "environmentId", current, 'outage', seconds, seconds is null from outage
    )
    select case when grouping("environmentId") = 0 then "environmentId"::text end as "environmentId", current,
           (count(*) filter (where kind = 'deployment'))::int as deployments,
           (percentile_cont(0.5) within group (order by seconds) filter (where kind = 'deployment'))::float8 as "leadTime",
           (count(*) filter (where kind = 'failed'))::int as failed,
           (count(*) filter (where kind = 'deployment' and flag))::int as "rolledBack",
           (count(*) filter (where kind = 'outage'))::int as failures,
           (count(*) filter (where kind = 'outage' and flag))::int as open,
           (percentile_cont(0.5) within group (order by seconds) filter (where kind = 'outage' and not flag))::float8 as recovery
    from fact
    group by grouping sets (("environmentId", current), (current))`);
  const slot = (id: string | null) => {
    const found = rows.filter((row) => row.environmentId === id);
    const keys = (current: boolean): Keys => {
      const row = found.find((r) => r.current === current);
      if (!row) return NO_KEYS;
      const { environmentId: _id, current: _current, ...figures } = row;
      return figures;
    };
    return { current: keys(true), previous: keys(false) };
  };
  return { byEnvironment: new Map(ids.map((id) => [id, slot(id)])), all: slot(null) };
}

/** The period's buckets (UTC days, weeks from Monday, or months) with their deployments, failures, rollbacks and median lead time. */
async function seriesOf(environmentId: string, from: Date, to: Date, unit: "day" | "week" | "month"): Promise<MetricsBucket[]> {
  const rows = await readRows<{ start: Date; deployments: number; failed: number; rolledBack: number; leadTime: number | null }>(Prisma.sql`
    with bucket as (
      select b as start, b + ${`1 ${unit}`}::interval as "end"
      from generate_series(date_trunc(${unit}, ${from}::timestamptz, 'UTC'), ${to}::timestamptz - interval '1 millisecond', ${`1 ${unit}`}::interval) b
    ), deployment as (
      select d."succeededAt", d.status, d."isRollback", coalesce(d."finishedAt", d."updatedAt") as ended,
             ${changeStartedSql} as started, ${rolledBackSql} as "rolledBack"
      from "Deployment" d
      where d."environmentId" = ${environmentId}::uuid and not d."isRollback"
        and (d."succeededAt" >= ${from} or (d.status = 'FAILED' and coalesce(d."finishedAt", d."updatedAt") >= ${from}))
    )
    select b.start,
           count(*) filter (where x."succeededAt" >= b.start and x."succeededAt" < b."end")::int as deployments,
           count(*) filter (where x.status = 'FAILED' and x.ended >= b.start and x.ended < b."end")::int as failed,
           count(*) filter (where x."rolledBack" and x."succeededAt" >= b.start and x."succeededAt" < b."end")::int as "rolledBack",
           (percentile_cont(0.5) within group (order by extract(epoch from x."succeededAt" - x.started))
              filter (where x."succeededAt" >= b.start and x."succeededAt" < b."end"))::float8 as "leadTime"
    from bucket b left join deployment x on (x."succeededAt" >= b.start and x."succeededAt" < b."end") or (x.ended >= b.start and x.ended < b."end")
    group by b.start order by b.start`);
  return rows.map((row) => ({
    start: new Date(row.start).toISOString(),
    deployments: row.deployments,
    failed: row.failed,
    rolledBack: row.rolledBack,
    leadTimeSeconds: row.leadTime,
  }));
}

/** Beyond DORA: how long promotions here waited for people, from their request to the approval that completed them. */
async function approvalWaitOf(environmentId: string, from: Date, to: Date): Promise<DeliveryMetricsDto["approvalWait"]> {
  // Each approved promotion's wait, to the last approval given up to its decision (none: it did not
  // wait for people); the summary and the slowest in one statement over them (the slowest: those
  // that waited a second or more; an approval given as it was asked is no slow one).
  const [summary] = await readRows<{
    median: number | null;
    p90: number | null;
    count: number;
    slowest: { id: string; number: number; version: string; createdAt: string; waited: number }[];
  }>(Prisma.sql`
    with w as (
      select d.id, d.number, (select r.version from "Release" r where r.id = d."releaseId") as version, d."createdAt",
             extract(epoch from (select max(a."createdAt") from "Approval" a
                                 where a."deploymentId" = d.id and a.decision = 'APPROVE' and a."createdAt" <= d."decidedAt") - d."createdAt")::float8 as waited
      from "Deployment" d
      where d."environmentId" = ${environmentId}::uuid and d."decidedAt" >= ${from} and d."decidedAt" < ${to}
        and d.status in ('APPROVED', 'DEPLOYING', 'SUCCEEDED', 'FAILED', 'SUPERSEDED')
    ), waited as (select * from w where waited is not null)
    select (select percentile_cont(0.5) within group (order by waited) from waited)::float8 as median,
           (select percentile_cont(0.9) within group (order by waited) from waited)::float8 as p90,
           (select count(*) from waited)::int as count,
           (select coalesce(json_agg(x order by x.waited desc, x.number desc), '[]') from
              (select * from waited where waited >= 1 order by waited desc, number desc limit 5) x) as slowest`);
  const slowest = summary!.slowest;
  // Per rule of the environment's policy today: from the request to the approval that met it (the
  // minCount-th approval by a member who held the rule's role when deciding).
  const byRule = await readRows<{ role: Role; minCount: number; median: number | null; count: number }>(Prisma.sql`
    select rule.role::text as role, rule."minCount",
           percentile_cont(0.5) within group (order by extract(epoch from met.at - d."createdAt"))::float8 as median,
           count(met.at)::int as count
    from "ApprovalRule" rule
    left join "Deployment" d on d."environmentId" = rule."environmentId" and d."decidedAt" >= ${from} and d."decidedAt" < ${to}
      and d.status in ('APPROVED', 'DEPLOYING', 'SUCCEEDED', 'FAILED', 'SUPERSEDED')
    left join lateral (
      select a."createdAt" as at from "Approval" a
      where a."deploymentId" = d.id and a.decision = 'APPROVE' and rule.role = any(a.roles) and a."createdAt" <= d."decidedAt"
      order by a."createdAt", a.id offset rule."minCount" - 1 limit 1
    ) met on true
    where rule."environmentId" = ${environmentId}::uuid
    group by rule.role, rule."minCount"
    order by rule.role`);
  return {
    medianSeconds: summary!.median,
    p90Seconds: summary!.p90,
    count: summary!.count,
    byRule: byRule.map((row) => ({ role: row.role, minCount: row.minCount, medianSeconds: row.median, count: row.count })),
    slowest: slowest.map((row): SlowApproval => ({
      promotionId: row.id,
      number: row.number,
      version: row.version,
      waitedSeconds: row.waited,
      requestedAt: new Date(row.createdAt).toISOString(),
    })),
  };
}

const figure = (value: number | null, previous: number | null, band: (value: number) => Band): KeyFigure => ({
  value,
  band: value === null ? null : band(value),
  previous,
});

/**
 * Beyond DORA: how long QA took to sign off releases bound for this environment, when its policy
 * asks for a sign-off in another (staging, say): from the release's first success there to the
 * first sign-off (not voided) of one of its runs there after it, for releases signed off in the
 * period and not already in this environment by then (such a sign-off held nothing back). Null when
 * the policy asks for none.
 */
async function signOffWaitOf(environmentId: string, from: Date, to: Date): Promise<DeliveryMetricsDto["signOffWait"]> {
  const [row] = await readRows<{ environment: string | null; median: number | null; p90: number | null; count: number }>(Prisma.sql`
    select s.name as environment,
           percentile_cont(0.5) within group (order by w.waited)::float8 as median,
           percentile_cont(0.9) within group (order by w.waited)::float8 as p90,
           count(w.waited)::int as count
    from "Environment" target join "Environment" s on s.id = target."signOffEnvironmentId"
    left join lateral (
      select extract(epoch from signed.at - there.at)::float8 as waited
      from (select d."releaseId", min(d."succeededAt") as at from "Deployment" d
            where d."environmentId" = s.id and d."succeededAt" is not null and not d."isRollback" group by d."releaseId") there
      cross join lateral (
        select min(o."createdAt") as at from "SignOff" o join "TestRun" r on r.id = o."runId"
        where r."releaseId" = there."releaseId" and r."environmentId" = s.id and o.decision = 'SIGNED_OFF' and o."voidedAt" is null
          and o."createdAt" >= there.at
      ) signed
      where signed.at >= ${from} and signed.at < ${to}
        -- A sign-off given after the release had already succeeded in the target held nothing back.
        and not exists (select 1 from "Deployment" t where t."releaseId" = there."releaseId" and t."environmentId" = target.id
                        and t."succeededAt" <= signed.at)
    ) w on true
    where target.id = ${environmentId}::uuid
    group by s.name`);
  return row ? { environment: row.environment!, medianSeconds: row.median, p90Seconds: row.p90, count: row.count } : null;
}

/**
 * Beyond DORA: promotions to the environment approved in [from, to) that a freeze held, by their
 * freeze wait (Deployment.freezeWaitSeconds, counted as each hold ended: lib/promotions/workflow.ts),
 * and how many a freeze holds now.
 */
async function freezeWaitOf(environmentId: string, from: Date, to: Date): Promise<DeliveryMetricsDto["freezeWait"]> {
  const [row] = await readRows<{ median: number | null; p90: number | null; count: number; total: number; heldNow: number }>(Prisma.sql`
    select percentile_cont(0.5) within group (order by d."freezeWaitSeconds") filter (where d."decidedAt" >= ${from})::float8 as median,
           percentile_cont(0.9) within group (order by d."freezeWaitSeconds") filter (where d."decidedAt" >= ${from})::float8 as p90,
           count(*) filter (where d."decidedAt" >= ${from})::int as count,
           coalesce(sum(d."freezeWaitSeconds") filter (where d."decidedAt" >= ${from}), 0)::float8 as total,
           count(*) filter (where d."decidedAt" is null and d."freezeHeldSince" is not null)::int as "heldNow"
    from "Deployment" d
    where d."environmentId" = ${environmentId}::uuid
      and ((d."decidedAt" >= ${from} and d."decidedAt" < ${to} and d."freezeWaitSeconds" > 0
            and d.status in ('APPROVED', 'DEPLOYING', 'SUCCEEDED', 'FAILED', 'SUPERSEDED'))
        or (d.status in ('REQUESTED', 'AWAITING_GATES') and d."freezeHeldSince" is not null))`);
  return { medianSeconds: row!.median, p90Seconds: row!.p90, count: row!.count, totalSeconds: row!.total, heldNow: row!.heldNow };
}

/** An environment of a pipeline by name, in any case. */
const byName = <E extends { name: string }>(environments: E[], name: string) =>
  environments.find((env) => env.name.toLowerCase() === name.toLowerCase());

/** The environment a metrics query means in a pipeline: the one named (any case), else production, else the last. */
function chosenEnvironment<E extends { name: string }>(environments: E[], asked: string | undefined): E | undefined {
  return asked ? byName(environments, asked) : (byName(environments, "production") ?? environments.at(-1));
}

/** The environment a query names, in any case; a name the pipeline lacks: 422 on `environment`, listing its names. */
export function namedEnvironment<E extends { name: string }>(environments: E[], asked: string): E {
  const environment = byName(environments, asked);
  if (!environment)
    throw new ValidationFailed([
      { field: "environment", message: `No environment "${asked}": ${environments.map((e) => e.name).join(", ")}` },
    ]);
  return environment;
}

const failureRate = (k: Keys) => (k.deployments + k.failed === 0 ? null : (k.failed + k.rolledBack) / (k.deployments + k.failed));

/** The four key figures of a period of `days` days, each with its DORA level and the previous period's value. */
/**
 * Durations as whole seconds, every field named …Seconds (a number, or a key figure's value and
 * previous): medians and percentiles interpolate (28800.000000000007), which says nothing more.
 */
function wholeSeconds<T>(dto: T): T {
  const round = (value: unknown) => (typeof value === "number" ? Math.round(value) : value);
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== "object" || value instanceof Date) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => {
        if (!key.endsWith("Seconds")) return [key, walk(inner)];
        if (inner !== null && typeof inner === "object" && "value" in inner)
          return [key, { ...inner, value: round(inner.value), previous: round((inner as { previous: unknown }).previous) }];
        return [key, round(inner)];
      }),
    );
  };
  return walk(dto) as T;
}

function fourKeys(keys: Keys, previous: Keys, days: number): FourKeys {
  // No deployment in the period is no rate to rate: "none", without a level (as the other keys' "—").
  const frequency = figure(keys.deployments / days, previous.deployments / days, frequencyBand);
  return {
    deploymentFrequency: { ...frequency, band: keys.deployments === 0 ? null : frequency.band, deployments: keys.deployments },
    leadTimeSeconds: figure(keys.leadTime, previous.leadTime, leadTimeBand),
    changeFailureRate: {
      ...figure(failureRate(keys), failureRate(previous), changeFailureBand),
      failed: keys.failed,
      rolledBack: keys.rolledBack,
    },
    recoverySeconds: { ...figure(keys.recovery, previous.recovery, recoveryBand), failures: keys.failures, open: keys.open },
  };
}

/**
 * What a project's metrics query means: the project, its environment (the one named, any case;
 * else production, else the pipeline's last) and the span. NotFound for an unknown or archived
 * project; 422 for a bad query or an environment the pipeline lacks.
 */
export async function deliveryScope(slug: string, input: MetricsQuery, now: Date) {
  const query = parseInput(metricsQuerySchema, input);
  const project = await db().project.findFirst({
    where: { slug, archivedAt: null },
    select: { slug: true, name: true, environments: { orderBy: { position: "asc" }, select: { id: true, name: true } } },
  });
  if (!project) throw new NotFound("Project");
  const environment = query.environment
    ? namedEnvironment(project.environments, query.environment)
    : chosenEnvironment(project.environments, undefined);
  if (!environment) throw new NotFound("Environment");
  return { query, project, environment, ...spanOf(query, now) };
}

/**
 * GET …/metrics: the four DORA keys of one environment over a period, each with its level (see
 * bands.ts for the table) and the previous period of the same length; the approval wait; and a
 * series for charts. Unknown environment: 422 on `environment`.
 */
export async function getDeliveryMetrics(slug: string, input: MetricsQuery, now = new Date()): Promise<DeliveryMetricsDto> {
  const { query, project, environment, from, to } = await deliveryScope(slug, input, now);
  const before = new Date(from.getTime() - (to.getTime() - from.getTime()));
  const days = (to.getTime() - from.getTime()) / DAY_MS;
  const unit = days <= 31 ? "day" : days <= 190 ? "week" : "month";
  const { all: keys } = await keysOf([environment.id], before, from, to);
  return wholeSeconds({
    project: { slug: project.slug, name: project.name },
    environment,
    environments: project.environments.map((env) => env.name),
    from: from.toISOString(),
    to: to.toISOString(),
    period: query.from ? null : (query.period ?? "90d"),
    bucket: unit,
    bands: BAND_SOURCE,
    ...fourKeys(keys.current, keys.previous, days),
    approvalWait: await approvalWaitOf(environment.id, from, to),
    signOffWait: await signOffWaitOf(environment.id, from, to),
    freezeWait: await freezeWaitOf(environment.id, from, to),
    series: await seriesOf(environment.id, from, to, unit),
  });
}

/**
 * GET /api/v1/metrics: the four DORA keys of every live project `projectIds` names (those the caller
 * sees), each in its environment named `environment` (default: production, else its pipeline's
 * last), and of all of them together — counted over their deployments as one set, not averaged.
 * Projects without an environment of that name are listed with `environment: null`, outside the
 * total; when none has it, 422 on `environment`. Unknown query fields and bad dates: 422, as for
 * one project.
 */
export async function getPortfolioMetrics(
  projectIds: readonly string[] | "all",
  input: MetricsQuery,
  now = new Date(),
): Promise<PortfolioMetricsDto> {
  const query = parseInput(metricsQuerySchema, input);
  const projects = await db().project.findMany({
    where: { archivedAt: null, ...(projectIds === "all" ? {} : { id: { in: [...projectIds] } }) },
    orderBy: { name: "asc" },
    select: { slug: true, name: true, environments: { orderBy: { position: "asc" }, select: { id: true, name: true } } },
  });
  const { from, to } = spanOf(query, now);
  const before = new Date(from.getTime() - (to.getTime() - from.getTime()));
  const days = (to.getTime() - from.getTime()) / DAY_MS;
  const chosen = projects.map((project) => ({ project, environment: chosenEnvironment(project.environments, query.environment) ?? null }));
  if (query.environment && chosen.length > 0 && chosen.every(({ environment }) => environment === null))
    throw new ValidationFailed([{ field: "environment", message: `No project has an environment named "${query.environment}"` }]);
  const measured = chosen.flatMap(({ environment }) => (environment ? [environment.id] : []));
  const keys = await keysOf(measured, before, from, to);
  const rows = chosen.map(({ project, environment }) => {
    const own = environment ? keys.byEnvironment.get(environment.id)! : null;
    return {
      project: { slug: project.slug, name: project.name },
      environment: environment?.name ?? null,
      ...(own ? fourKeys(own.current, own.previous, days) : {}),
    };
  });
  return wholeSeconds({
    from: from.toISOString(),
    to: to.toISOString(),
    period: query.from ? null : (query.period ?? "90d"),
    environment: query.environment ?? null,
    environments: [
      ...new Set(
        projects
          .flatMap((project) => project.environments.map((env, i) => ({ name: env.name, i })))
          .sort((a, b) => a.i - b.i)
          .map((env) => env.name),
      ),
    ],
    bands: BAND_SOURCE,
    all: { projects: measured.length, ...fourKeys(keys.all.current, keys.all.previous, days) },
    projects: rows as PortfolioMetricsDto["projects"],
  });
}

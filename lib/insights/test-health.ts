// Test health: how a project's tests behave across its releases, computed in SQL over the results
// of its runs (TestResult by run, TestRun by project; every figure an aggregate or window in the
// database, bounded by the period and by a top ten).
//
// Words, as the rest of Shiproom uses them:
// - an outcome is a result's PASSED or FAILED (blocked, skipped and untested decide nothing);
// - flaky: a case that both failed and passed on one release in one environment, in any of that
//   release's runs there — its results' history says so, or an import marked it (retries within
//   one report). The same definition the JUnit import applies (lib/junit/attempts.ts);
// - unstable: a case whose outcome flips between consecutive releases in one environment, there
//   and back at least once (passed → failed → passed, or the reverse), each release's outcome being
//   its latest result there; releases where the case was flaky are left out of that sequence;
// - failing since: the first release after the case's last pass in an environment, when every
//   release since failed (history before the period counts: a case failing for a year says so).
import "server-only";
import { db } from "@/lib/db/client";
import { readRows } from "@/lib/db/sql";
import { Prisma } from "@/lib/generated/prisma/client";
import { NotFound } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validation";
import { namedEnvironment } from "./delivery";
import { testHealthQuerySchema, spanOf, type MetricsQuery, type TestHealthDto } from "./schemas";

/** How many cases each ranking lists, and how many runs the pass-rate chart shows (the newest). */
const TOP = 10;
const MAX_RUNS = 100;

type CaseRef = { number: number; title: string };

/**
 * GET …/test-health: test health of one project over a period (the query of …/metrics; the
 * environment named, else all environments). Durations in milliseconds, rates from 0 to 1. Each
 * case carries its key (PROJECTKEY-number), for a link to its history. Unknown environment: 422.
 */
export async function getTestHealth(slug: string, input: MetricsQuery, now = new Date()): Promise<TestHealthDto> {
  const query = parseInput(testHealthQuerySchema, input);
  const project = await db().project.findFirst({
    where: { slug, archivedAt: null },
    select: {
      id: true,
      slug: true,
      name: true,
      key: true,
      environments: { orderBy: { position: "asc" }, select: { id: true, name: true } },
    },
  });
  if (!project) throw new NotFound("Project");
  const environment = query.environment ? namedEnvironment(project.environments, query.environment) : null;
  const { from, to } = spanOf(query, now);
  const before = new Date(from.getTime() - (to.getTime() - from.getTime()));
  const inScope = environment
    ? Prisma.sql`r."projectId" = ${project.id}::uuid and r."environmentId" = ${environment.id}::uuid`
    : Prisma.sql`r."projectId" = ${project.id}::uuid`;
  const key = (c: CaseRef) => ({ key: `${project.key}-${c.number}`, title: c.title });

  // Pass rate per run: passed ÷ (passed + failed + blocked), the newest runs of the period.
  const runRows = readRows<{
    number: number;
    name: string;
    version: string;
    environment: string;
    createdAt: Date;
    passed: number;
    failed: number;
    blocked: number;
    skipped: number;
    untested: number;
  }>(Prisma.sql`
    select r.number, r.name, rel.version, e.name as environment, r."createdAt",
           count(*) filter (where t.status = 'PASSED')::int as passed, count(*) filter (where t.status = 'FAILED')::int as failed,
           count(*) filter (where t.status = 'BLOCKED')::int as blocked, count(*) filter (where t.status = 'SKIPPED')::int as skipped,
           count(*) filter (where t.status = 'UNTESTED')::int as untested
    from "TestRun" r join "Release" rel on rel.id = r."releaseId" join "Environment" e on e.id = r."environmentId"
    left join "TestResult" t on t."runId" = r.id
    where ${inScope} and r."createdAt" >= ${from} and r."createdAt" < ${to}
    group by r.id, rel.version, e.name
    order by r."createdAt" desc, r.number desc
    limit ${MAX_RUNS}`);

  // Each case on each release in each environment: flaky there, and its outcome there (its latest
  // passed or failed result). Over the period (runs created in it) for the rankings.
  const pairs = (start: Date | null, end: Date) => Prisma.sql`
    select x."caseId", r."releaseId", r."environmentId", min(rel."createdAt") as released,
           (bool_or(x.flaky) or (bool_or(h.status = 'FAILED') and bool_or(h.status = 'PASSED'))) as flaky,
           (array_agg(x.status::text order by coalesce(x."executedAt", x."updatedAt") desc, x.id desc)
              filter (where x.status in ('PASSED', 'FAILED')))[1] as outcome,
           max(coalesce(x."executedAt", x."updatedAt")) as at
    from "TestResult" x join "TestRun" r on r.id = x."runId" join "Release" rel on rel.id = r."releaseId"
    left join "TestResultEvent" h on h."resultId" = x.id
    where ${inScope} ${start ? Prisma.sql`and r."createdAt" >= ${start}` : Prisma.empty} and r."createdAt" < ${end}
    group by x."caseId", r."releaseId", r."environmentId"`;

  // Flaky and unstable from one pass over the period's pairs, as JSON rows of two lists (archived cases left out, as everywhere here).
  type FlakyRow = CaseRef & { flaky: number; ran: number; lastFlakyAt: string };
  type UnstableRow = CaseRef & { flips: number; releases: number; environment: string; last: "PASSED" | "FAILED" };
  const rankedRows = readRows<{ list: "flaky"; row: FlakyRow } | { list: "unstable"; row: UnstableRow }>(Prisma.sql`
    with p as (${pairs(from, to)}), flaky as (
      select c.number, c.title, count(*) filter (where p.flaky)::int as flaky, count(*)::int as ran,
             max(p.at) filter (where p.flaky) as "lastFlakyAt",
             row_number() over (order by count(*) filter (where p.flaky) desc, count(*) filter (where p.flaky)::float8 / count(*) desc, c.number) as n
      from p join "TestCase" c on c.id = p."caseId"
      where (p.outcome is not null or p.flaky) and c."archivedAt" is null
      group by c.id
      having bool_or(p.flaky)
      order by count(*) filter (where p.flaky) desc, count(*) filter (where p.flaky)::float8 / count(*) desc, c.number
      limit ${TOP}
    ), seq as (
      select p."caseId", p."environmentId", p.released, p.outcome,
             lag(p.outcome) over (partition by p."caseId", p."environmentId" order by p.released, p."releaseId") as prior
      from p
      where p.outcome is not null and not p.flaky
    ), per as (
      select "caseId", "environmentId", count(*) filter (where prior is not null and prior <> outcome)::int as flips, count(*)::int as releases,
             (array_agg(outcome order by released desc))[1] as last
      from seq group by "caseId", "environmentId"
    ), unstable as (
      select c.number, c.title, per.flips, per.releases, e.name as environment, per.last,
             row_number() over (order by per.flips desc, per.flips::float8 / per.releases desc, c.number) as n
      from per join "TestCase" c on c.id = per."caseId" join "Environment" e on e.id = per."environmentId"
      where per.flips >= 2 and c."archivedAt" is null
      order by per.flips desc, per.flips::float8 / per.releases desc, c.number
      limit ${TOP}
    )
    select 'flaky' as list, row_to_json(f) as row, f.n from flaky f
    union all
    select 'unstable', row_to_json(u), u.n from unstable u
    order by list, n`);

  // Automated cases by their median duration in the period, beside the previous period's.
  const slowestRows = readRows<CaseRef & { medianMs: number; previousMedianMs: number | null; results: number }>(Prisma.sql`
    with timed as (
      select x."caseId", x."durationMs", r."createdAt" >= ${from} as now
      from "TestResult" x join "TestRun" r on r.id = x."runId"
      where ${inScope} and r."createdAt" >= ${before} and r."createdAt" < ${to} and x."durationMs" is not null
    )
    select c.number, c.title,
           (percentile_cont(0.5) within group (order by t."durationMs") filter (where t.now))::float8 as "medianMs",
           (percentile_cont(0.5) within group (order by t."durationMs") filter (where not t.now))::float8 as "previousMedianMs",
           count(*) filter (where t.now)::int as results
    from timed t join "TestCase" c on c.id = t."caseId"
    where c.kind = 'AUTOMATED' and c."archivedAt" is null
    group by c.id
    having count(*) filter (where t.now) > 0
    order by 3 desc, c.number
    limit ${TOP}`);

  const failingRows = readRows<CaseRef & { since: Date; releases: number; environment: string; version: string }>(Prisma.sql`
    with p as (${pairs(null, to)}), lastPass as (
      select "caseId", "environmentId", max(released) as at from p where outcome = 'PASSED' group by 1, 2
    ), streak as (
      select p."caseId", p."environmentId", min(p.at) as since, count(*)::int as releases,
             (array_agg(p."releaseId" order by p.released desc))[1] as "releaseId"
      from p left join lastPass l on l."caseId" = p."caseId" and l."environmentId" = p."environmentId"
      where p.outcome is not null and (l.at is null or p.released > l.at)
      group by p."caseId", p."environmentId"
      having bool_and(p.outcome = 'FAILED')
    )
    select c.number, c.title, s.since, s.releases, e.name as environment, rel.version
    from streak s join "TestCase" c on c.id = s."caseId" join "Environment" e on e.id = s."environmentId"
    join "Release" rel on rel.id = s."releaseId"
    where c."archivedAt" is null
    order by s.since, c.number
    limit ${TOP}`);

  // On PostgreSQL the four statements run at once, on the pool; PGlite takes them one after another.
  const [runs, ranked, slowest, failing] = await Promise.all([runRows, rankedRows, slowestRows, failingRows]);
  const flaky = ranked.flatMap((r) => (r.list === "flaky" ? [r.row] : []));
  const unstable = ranked.flatMap((r) => (r.list === "unstable" ? [r.row] : []));
  return {
    project: { slug: project.slug, name: project.name },
    environment: environment?.name ?? null,
    from: from.toISOString(),
    to: to.toISOString(),
    period: query.from ? null : (query.period ?? "90d"),
    runs: runs.reverse().map((run) => {
      const decided = run.passed + run.failed + run.blocked;
      return {
        number: run.number,
        name: run.name,
        version: run.version,
        environment: run.environment,
        createdAt: new Date(run.createdAt).toISOString(),
        passed: run.passed,
        failed: run.failed,
        blocked: run.blocked,
        skipped: run.skipped,
        untested: run.untested,
        passRate: decided === 0 ? null : run.passed / decided,
      };
    }),
    flaky: flaky.map((row) => ({ ...key(row), flaky: row.flaky, ran: row.ran, lastFlakyAt: new Date(row.lastFlakyAt).toISOString() })),
    unstable: unstable.map((row) => ({
      ...key(row),
      flips: row.flips,
      releases: row.releases,
      environment: row.environment,
      last: row.last === "PASSED" ? "passed" : "failed",
    })),
    slowest: slowest.map((row) => ({ ...key(row), medianMs: row.medianMs, previousMedianMs: row.previousMedianMs, results: row.results })),
    failingLongest: failing.map((row) => ({
      ...key(row),
      since: new Date(row.since).toISOString(),
      releases: row.releases,
      environment: row.environment,
      version: row.version,
    })),
  };
}

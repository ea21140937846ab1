// `npm run bench`: measures what the issues name, on a realistic seeded data set, and prints a
// table. Engines: PGlite always; PostgreSQL when TEST_DATABASE_URL names a server (as in CI).
//   - board data for one project: 50 projects × 200 releases, each with its full promotion
//     history (dev → staging → production, two ops approvals for production)
//   - a live change visible in another browser: the built app, a board open in Chromium,
//     a release registered over HTTP, until the board shows it
//   - insights: one project × 2,000 releases × 3 environments, and 50 projects at once
//   - test management (bench-tests.ts): JUnit ingest and memory, opening a run, library search
//   - JUnit (bench-junit.ts): a 100,000-testcase report ingested, hostile uploads refused
//   - CSV (bench-csv.ts): TestRail CSV exports of 2,000 and 20,000 cases previewed, imported, imported again
//   - server CPU per registration and per approval (bench-cpu.ts)
//   - the API (bench-api.ts): POST /releases under 20 concurrent clients, sustained requests/s
//   - side by side (bench-compare.ts): `npm run bench -- --against <git ref>` runs the chosen
//     parts on that commit and on this checkout, interleaved, and prints both with their ratio
//   - GitOps (bench-audit.ts): verifying 100,000 audit events, the audit page's query over
//     1,000,000 events, applying a 20-environment shiproom.yaml
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { memberActor } from "@/lib/auth/actor";
import { bindDatabase, prismaFor } from "@/lib/db/client";
import { openDatabase, type OpenedDatabase, type SqlRunner } from "@/lib/db/connection";
import { applyMigrations } from "@/lib/db/migrate";
import { getBoard } from "@/lib/promotions/board";
import { benchParserMemory, benchTestManagement } from "./bench-tests";
import { createDatabase } from "./postgres";

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 50);
const RELEASES = Number(process.env.BENCH_RELEASES ?? 200);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);

type Row = {
  metric: string;
  engine: string;
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  target: string;
  result: string;
};
const rows: Row[] = [];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function record(metric: string, engine: string, samples: number[], target: string, result = "") {
  const sorted = [...samples].sort((a, b) => a - b);
  rows.push({
    metric,
    engine,
    n: samples.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1)!,
    target,
    result,
  });
}

function log(line: string) {
  process.stdout.write(`bench: ${line}\n`);
}

/**
 * `projects` projects (slugs prefix-1 …) × `releases` releases an hour apart, up to now, each
 * promoted through all three environments (two ops approvals for production), in bulk SQL.
 */
async function seed(sql: SqlRunner, { prefix = "bench", projects = PROJECTS, releases = RELEASES } = {}) {
  await sql.exec(`
    insert into "Member" (id, email, name, roles, "updatedAt") values
      ('00000000-0000-7000-8000-00000000000d', 'dev@bench.test', 'Bench Dev', '{DEVELOPER}', now()),
      ('00000000-0000-7000-8000-00000000000a', 'ops1@bench.test', 'Bench Ops One', '{OPS}', now()),
      ('00000000-0000-7000-8000-00000000000b', 'ops2@bench.test', 'Bench Ops Two', '{OPS}', now())
    on conflict do nothing`);
  for (let p = 1; p <= projects; p++) {
    await sql.exec(`
      with project as (
        insert into "Project" (id, slug, key, name)
        values (gen_random_uuid(), '${prefix}-${p}', '${prefix.slice(0, 1).toUpperCase()}${p}', '${prefix} service ${p}') returning id
      ), envs as (
        insert into "Environment" (id, "projectId", name, position, "autoPromote", "requirePreviousSuccess", "updatedAt")
        select gen_random_uuid(), project.id, e.name, e.position, e.position = 0, e.position > 0, now()
        from project, (values ('dev', 0), ('staging', 1), ('production', 2)) as e(name, position)
        returning id, "projectId", position
      ), rules as (
        insert into "ApprovalRule" (id, "environmentId", role, "minCount") select gen_random_uuid(), id, 'OPS', 2 from envs where position = 2
      ), releases as (
        insert into "Release" (id, "projectId", version, "commitSha", "createdById", "createdAt")
        select gen_random_uuid(), project.id, 'v1.' || n || '.0', md5(n::text || '${p}'), '00000000-0000-7000-8000-00000000000d',
               now() - ((${releases} - n) || ' hours')::interval
        from project, generate_series(1, ${releases}) as n
        returning id, "projectId", "createdAt", version
      ), deployed as (
        insert into "Deployment" (id, "projectId", number, "environmentId", "releaseId", status, "requestedByKind", "requestedById",
                                  "decidedAt", "startedAt", "finishedAt", "succeededAt", "createdAt", "updatedAt")
        select gen_random_uuid(), releases."projectId",
               row_number() over (order by releases."createdAt", envs.position),
               envs.id, releases.id,
               (case when releases.version = 'v1.${releases}.0' then 'SUCCEEDED' else 'SUPERSEDED' end)::"DeploymentStatus",
               'MEMBER', '00000000-0000-7000-8000-00000000000d',
               releases."createdAt", releases."createdAt", releases."createdAt" + interval '10 minutes', releases."createdAt" + interval '10 minutes',
               releases."createdAt" + (envs.position || ' minutes')::interval, now()
        from releases join envs on envs."projectId" = releases."projectId"
        returning id, "environmentId"
      )
      insert into "Approval" (id, "deploymentId", "memberId", decision, roles)
      select gen_random_uuid(), deployed.id, m.id, 'APPROVE', '{OPS}'
      from deployed join envs on envs.id = deployed."environmentId" and envs.position = 2,
           (values ('00000000-0000-7000-8000-00000000000a'::uuid), ('00000000-0000-7000-8000-00000000000b'::uuid)) as m(id)`);
    await sql.exec(`update "Project" set "deploySeq" = ${releases * 3} where slug = '${prefix}-${p}'`);
  }
}

async function benchBoard(engine: string, opened: OpenedDatabase) {
  const started = Date.now();
  await applyMigrations(opened.sql);
  await seed(opened.sql);
  log(`${engine}: seeded ${PROJECTS} projects × ${RELEASES} releases × 3 environments in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const prisma = bindDatabase(opened, prismaFor(opened));
  const viewer = memberActor({
    id: "00000000-0000-7000-8000-00000000000a",
    name: "Bench Ops One",
    email: "ops1@bench.test",
    roles: ["OPS"],
  });
  const slug = `bench-${Math.ceil(PROJECTS / 2)}`;
  const board = await getBoard(slug, viewer);
  if (board.columns.length !== 3 || board.columns[2]!.current?.release.version !== `v1.${RELEASES}.0`)
    throw new Error("the seeded board is not what the bench expects");
  for (let i = 0; i < 20; i++) await getBoard(slug, viewer);
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t = performance.now();
    await getBoard(slug, viewer);
    samples.push(performance.now() - t);
  }
  record(`board data, 1 of ${PROJECTS} projects`, engine, samples, "p95 ≤ 50 ms");
  await benchTestManagement(engine, opened.sql, record, log);
  await prisma.$disconnect();
}

/**
 * Insights on a busy history: one project with 2,000 releases × 3 environments (…/metrics over
 * the 90 days they span) and the four keys across 50 projects × 200 releases (/metrics), every
 * tenth production deployment failed and every fifteenth success rolled back.
 */
async function benchInsights(engine: string, opened: OpenedDatabase) {
  const started = Date.now();
  await applyMigrations(opened.sql);
  await seed(opened.sql, { prefix: "insights", projects: 1, releases: 2000 });
  await seed(opened.sql, { prefix: "bench", projects: PROJECTS, releases: RELEASES });
  await opened.sql.exec(`
    update "Deployment" d set status = 'FAILED', "succeededAt" = null
    from "Environment" e where e.id = d."environmentId" and e.name = 'production' and d.number % 30 = 0 and d.status = 'SUPERSEDED';
    with rollback as (
      insert into "Deployment" (id, "projectId", number, "environmentId", "releaseId", status, "isRollback", "requestedByKind", "requestedById",
                                "decidedAt", "startedAt", "finishedAt", "succeededAt", "createdAt", "updatedAt")
      select gen_random_uuid(), d."projectId", 100000 + d.number, d."environmentId", d."releaseId", 'SUPERSEDED', true, 'MEMBER',
             '00000000-0000-7000-8000-00000000000a', d."succeededAt" + interval '20 minutes', d."succeededAt" + interval '20 minutes',
             d."succeededAt" + interval '30 minutes', d."succeededAt" + interval '30 minutes', d."succeededAt" + interval '20 minutes', now()
      from "Deployment" d join "Environment" e on e.id = d."environmentId"
      where e.name = 'production' and d.number % 45 = 3 and d.status = 'SUPERSEDED'
      returning id, number
    )
    update "Deployment" d set "supersededById" = rollback.id from rollback where d.number = rollback.number - 100000
      and d."projectId" = (select "projectId" from "Deployment" where id = rollback.id);
    analyze`);
  log(`${engine}: seeded insights' history in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const prisma = bindDatabase(opened, prismaFor(opened));
  const { getDeliveryMetrics, getPortfolioMetrics } = await import("@/lib/insights/delivery");
  const one = await getDeliveryMetrics("insights-1", { period: "90d" });
  const all = await getPortfolioMetrics("all", { period: "90d" });
  if (one.deploymentFrequency.deployments < 1500 || one.changeFailureRate.failed === 0 || all.all.projects !== PROJECTS + 1)
    throw new Error("the seeded insights are not what the bench expects");
  const time = async (work: () => Promise<unknown>) => {
    for (let i = 0; i < 5; i++) await work();
    const samples: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t = performance.now();
      await work();
      samples.push(performance.now() - t);
    }
    return samples;
  };
  record(
    "insights, 1 project × 2,000 releases × 3 environments",
    engine,
    await time(() => getDeliveryMetrics("insights-1", { period: "90d" })),
    "p95 ≤ 150 ms (PostgreSQL)",
  );
  record(
    `insights across ${PROJECTS + 1} projects`,
    engine,
    await time(() => getPortfolioMetrics("all", { period: "90d" })),
    "p95 ≤ 150 ms (PostgreSQL)",
  );
  await prisma.$disconnect();
}

/**
 * A part on a fresh PGlite in `dir`, then on a fresh PostgreSQL database of TEST_DATABASE_URL's
 * server (dropped after), when one is named.
 */
async function onEachEngine(dir: string, part: string, work: (engine: string, opened: OpenedDatabase) => Promise<void>) {
  const opened = await openDatabase({ kind: "pglite", dataDir: path.join(dir, `pglite-${part}`) });
  try {
    await work("PGlite", opened);
  } finally {
    await opened.sql.close();
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) return log(`${part} on PostgreSQL: not measured (set TEST_DATABASE_URL to a server where databases may be created)`);
  const database = await createDatabase(adminUrl, `shiproom_bench_${part}`);
  const pgOpened = await openDatabase({ kind: "postgres", url: database.url });
  try {
    await work("PostgreSQL", pgOpened);
  } finally {
    await pgOpened.sql.close();
    await database.drop();
  }
}

async function benchApiRows() {
  const { benchApi } = await import("./bench-api");
  for (const row of await benchApi(log)) record(row.metric, row.engine, row.samples, row.target, row.result);
}

async function benchLive() {
  const { launchApp } = await import("./bench-live");
  const samples = await launchApp();
  if (samples) record("live change seen in another browser", "PGlite", samples, "≤ 1000 ms");
}

function printTable() {
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  const header = ["metric", "engine", "n", "p50", "p95", "p99", "max", "target", "result"];
  const body = rows.map((r) => [r.metric, r.engine, String(r.n), fmt(r.p50), fmt(r.p95), fmt(r.p99), fmt(r.max), r.target, r.result]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i >= 2 && i <= 6 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ");
  process.stdout.write(`\n${line(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}\n${body.map(line).join("\n")}\n`);
}

// BENCH_ONLY=board,insights,audit,memory,junit,csv,cpu,live,api measures only those parts (default: all).
const only = new Set(
  (process.env.BENCH_ONLY ?? "board,insights,audit,memory,junit,csv,cpu,live,api").split(",").map((part) => part.trim()),
);

async function main() {
  const against = process.argv.indexOf("--against");
  if (against >= 0) {
    const { compareAgainst } = await import("./bench-compare");
    const rounds = process.argv.indexOf("--rounds");
    return compareAgainst(process.argv[against + 1] ?? "main", rounds >= 0 ? Number(process.argv[rounds + 1]) : 3);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shiproom-bench-"));
  try {
    if (only.has("board")) await onEachEngine(dir, "board", benchBoard);
    if (only.has("insights")) await onEachEngine(dir, "insights", benchInsights);
    if (only.has("audit")) {
      const { benchAudit } = await import("./bench-audit");
      await onEachEngine(dir, "audit", (engine, opened) =>
        benchAudit(engine, opened, record, log, engine === "PGlite" ? 200_000 : 1_000_000),
      );
    }
    if (only.has("memory")) benchParserMemory(record, log);
    if (only.has("junit")) {
      const { benchJunit } = await import("./bench-junit");
      await benchJunit(dir, record, log);
    }
    if (only.has("csv")) {
      const { benchCsv } = await import("./bench-csv");
      await benchCsv(dir, record, log);
    }
    if (only.has("cpu")) {
      const { benchCpu } = await import("./bench-cpu");
      await benchCpu(dir, record, log);
    }
    if (only.has("live")) await benchLive();
    if (only.has("api")) await benchApiRows();
  } catch (error) {
    printTable(); // what was measured before the failure
    throw error;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  printTable();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

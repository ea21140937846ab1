import "server-only";
import { createHash } from "node:crypto";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { BULK, transaction } from "@/lib/db/transaction";
import { db, type Tx } from "@/lib/db/client";
import type { ResultSource, ResultStatus } from "@/lib/generated/prisma/enums";
import { AppError, Forbidden, NotFound, ValidationFailed } from "@/lib/http/errors";
import { addImports, storedSummary } from "@/lib/test-runs/import-summary";
import type { Warnings } from "@/lib/test-runs/import-warnings";
import { lockRun, notifyRun, runForUpload, uploadTarget, voidSignOff } from "@/lib/test-runs/mutations";
import { canImportResults } from "@/lib/test-runs/policy";
import type { ImportSummary, UploadSummary, UploadTotal } from "@/lib/test-runs/schemas";
import { appUrl } from "@/lib/webhooks/outbox";
import { isUuid } from "@/lib/http/validation";
import { settle, type Attempt, type Settled } from "./attempts";
import { PathIndex, sharedPrefixLength, suiteNamesOf, titleOf } from "./naming";
import { automationIdOf, JUNIT_LIMITS, JunitError, parseJunit, type JunitCase } from "./parse";
import { HeapBudget } from "./heap";
import type { FilePart } from "@/lib/http/multipart";
import { notifyAttachments } from "@/lib/attachments/store";
import { attachReportFiles, dropReportFiles, NO_FILES, storeReportFiles, warnAboutFiles, type ReportFiles } from "./attachments";
import { plural } from "../format/plural";

export class PayloadTooLarge extends AppError {
  constructor(message: string) {
    super(413, "Payload too large", message, [{ field: "file", message }]);
  }
}

/** Where cases go whose test names no path (no classname, no suite). */
const IMPORTED_SUITE = "Imported from JUnit";

// Every list goes to PostgreSQL as one array parameter, so no report meets its 65,535 parameters;
// a statement's parameters are still kept near 32 KB, because Prisma keeps its last 100 query
// plans, parameters included, in memory.
const BATCH_ROWS = 2000;
const BATCH_BYTES = 32 * 1024;
/** Tests read back per statement. */
const PAGE = 500;
/** Garbage an import lets pile up on the heap before it collects (see heap.ts). */
const HEAP_SLACK = 48 * 1024 * 1024;

const STATUS: Record<JunitCase["outcome"], ResultStatus> = { passed: "PASSED", failed: "FAILED", error: "FAILED", skipped: "SKIPPED" };
const COUNTED = { passed: "passed", failed: "failed", error: "errors", skipped: "skipped" } as const;

type Upload = { body: AsyncIterable<Uint8Array>; fileName?: string | null; declaredBytes?: number | null };
/**
 * A report as it arrives, and in a multipart upload the files that follow it (the files are read
 * once the report has been, in the order sent).
 */
export type ReportUpload = Upload & { files?: AsyncIterable<FilePart> };
/**
 * A report checked whole: kept as the bytes received (outside the JavaScript heap), to be read
 * again inside the transaction; and the paths its tests name as attachments, each once.
 */
type ReadReport = { chunks: Uint8Array[]; digest: string; bytes: number; fileName: string | null; named: string[] };
type LockedRun = Awaited<ReturnType<typeof lockRun>>;

/** `items` in consecutive batches of at most BATCH_ROWS items and, by `weigh` (characters), about BATCH_BYTES. */
function batches<T>(items: T[], weigh: (item: T) => number = () => 64): T[][] {
  const out: T[][] = [];
  let batch: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const weight = weigh(item);
    if (batch.length > 0 && (batch.length >= BATCH_ROWS || bytes + weight > BATCH_BYTES)) {
      out.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(item);
    bytes += weight;
  }
  if (batch.length > 0) out.push(batch);
  return out;
}

function noteOf(settled: Settled): string | null {
  const flaky = settled.flaky ? (settled.outcome === "passed" ? "flaky: passed on a retry" : "flaky: failed, passed before") : null;
  const parts = [settled.outcome === "error" ? "error" : null, flaky, settled.message].filter(Boolean);
  return parts.length ? parts.join(" · ").slice(0, 2000) : null;
}

/**
 * Reads and checks the whole report before anything is stored; returns its bytes, digest and size.
 * What it holds is not kept yet: 100,000 tests as objects would cost several times their bytes.
 */
async function readReport(upload: Upload, heap: HeapBudget): Promise<ReadReport> {
  const tooLarge = () => new PayloadTooLarge(`The report is larger than ${JUNIT_LIMITS.maxBytes / 1024 / 1024} MB.`);
  if (upload.declaredBytes != null && upload.declaredBytes > JUNIT_LIMITS.maxBytes) throw tooLarge();
  const hash = createHash("sha256");
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  async function* kept() {
    for await (const chunk of upload.body) {
      hash.update(chunk);
      bytes += chunk.byteLength;
      chunks.push(chunk);
      yield chunk;
    }
  }
  const named = new Set<string>();
  try {
    await parseJunit(kept(), JUNIT_LIMITS, async (cases) => {
      for (const test of cases) for (const path of test.attachments) named.add(path);
      heap.check();
    });
    return { chunks, digest: hash.digest("hex"), bytes, fileName: upload.fileName?.slice(0, 255) ?? null, named: [...named] };
  } catch (error) {
    if (!(error instanceof JunitError)) throw error;
    if (error.tooLarge) throw tooLarge();
    const message = `Not accepted: ${error.message}.`;
    throw new ValidationFailed([{ field: "file", message, ...(error.at ?? {}) }], message);
  }
}

async function* replay(chunks: Uint8Array[]) {
  yield* chunks;
}

/** A case reference names a case by its key (CHK-42, any letter case) or by the automation id stored on it. */
function keyNumberOf(reference: string, projectKey: string): number | null {
  const match = /^([A-Za-z][A-Za-z0-9]*)-(\d{1,10})$/.exec(reference);
  if (!match || match[1]!.toUpperCase() !== projectKey) return null;
  const number = Number(match[2]);
  return number <= 2_147_483_647 ? number : null;
}

/**
 * The suites of these paths (["Checkout", "Cart"] is Checkout › Cart), found by name (any letter
 * case) or created, a level at a time. The empty path is the suite "Imported from JUnit".
 */
export async function suitesOf(tx: Tx, projectId: string, paths: string[][]): Promise<string[]> {
  const existing = await tx.$queryRaw<{ id: string; parentId: string | null; name: string }[]>`
    select id, "parentId", name from "TestSuite" where "projectId" = ${projectId}::uuid order by position, "createdAt", id`;
  const nodes = new Map<string, string>();
  const node = (parentId: string | null, name: string) => `${parentId ?? ""}/${name.toLowerCase()}`;
  for (const suite of existing) if (!nodes.has(node(suite.parentId, suite.name))) nodes.set(node(suite.parentId, suite.name), suite.id);
  const wanted = paths.map((path) => (path.length > 0 ? path : [IMPORTED_SUITE]));
  const depth = Math.max(0, ...wanted.map((path) => path.length));
  const parents = wanted.map((): string | null => null);
  for (let level = 0; level < depth; level++) {
    const missing = new Map<string, { parentId: string | null; name: string }>();
    wanted.forEach((path, i) => {
      if (level >= path.length) return;
      const key = node(parents[i]!, path[level]!);
      if (!nodes.has(key)) missing.set(key, { parentId: parents[i]!, name: path[level]! });
    });
    if (missing.size > 0) {
      const rows = [...missing.values()];
      const made = await tx.$queryRaw<{ id: string; parentId: string | null; name: string }[]>`
        insert into "TestSuite" (id, "projectId", "parentId", name, position)
        select gen_random_uuid(), ${projectId}::uuid, t."parentId", t.name, 1000
        from unnest(${rows.map((r) => r.parentId)}::uuid[], ${rows.map((r) => r.name)}::text[]) as t("parentId", name)
        returning id, "parentId", name`;
      for (const suite of made) nodes.set(node(suite.parentId, suite.name), suite.id);
    }
    wanted.forEach((path, i) => {
      if (level < path.length) parents[i] = nodes.get(node(parents[i]!, path[level]!))!;
    });
  }
  return parents as string[];
}

/**
 * Reads the checked report again, straight into a table of the transaction's own, one row per
 * attempt (which test, the case it names, where its new case would go, how it went): matching,
 * grouping and creating then run as a few set-based statements, and memory holds a batch of
 * attempts, never the report's hundred thousand. Returns the suite paths the rows index, and the
 * report's warnings.
 */
async function stageAttempts(
  tx: Tx,
  projectKey: string,
  chunks: Uint8Array[],
  heap: HeapBudget,
): Promise<{ staged: number; paths: string[][]; warnings: Warnings }> {
  await tx.$executeRaw`
    create temporary table junit_attempt (
      idx int primary key, automation_id text not null, reference text, reference_number int, path int not null,
      classname text not null, name text not null, outcome text not null, flaky boolean not null, duration int, message text, output text,
      case_id uuid, revision int
    ) on commit drop`;
  // Which attempt names which file (as the report writes its path), uploaded with it or not.
  await tx.$executeRaw`create temporary table junit_attachment (idx int not null, position int not null, reference text not null) on commit drop`;
  let attachments = 0;
  const pathIndex = new PathIndex();
  const weigh = (test: JunitCase) =>
    3 * (test.classname.length + test.name.length) + (test.output?.length ?? 0) + (test.message?.length ?? 0) + 60;
  let next = 0;
  const report = await parseJunit(replay(chunks), JUNIT_LIMITS, async (cases) => {
    for (const tests of batches(cases, weigh)) {
      const batch = tests.map(() => next++);
      await tx.$executeRaw`
        insert into junit_attempt (idx, automation_id, reference, reference_number, path, classname, name, outcome, flaky, duration, message, output)
        select * from unnest(${batch}::int[], ${tests.map((t) => automationIdOf(t).slice(0, 500))}::text[], ${tests.map((t) => t.caseReference)}::text[],
                             ${tests.map((t) => (t.caseReference ? keyNumberOf(t.caseReference, projectKey) : null))}::int[],
                             ${tests.map((t) => pathIndex.indexOf(t))}::int[], ${tests.map((t) => t.classname)}::text[], ${tests.map((t) => t.name)}::text[],
                             ${tests.map((t) => t.outcome)}::text[], ${tests.map((t) => t.flaky)}::boolean[], ${tests.map((t) => t.durationMs)}::int[],
                             ${tests.map((t) => t.message)}::text[], ${tests.map((t) => t.output)}::text[])`;
      const attached = tests.flatMap((t, i) => t.attachments.map((path, position) => ({ idx: batch[i]!, position, path })));
      attachments += attached.length;
      if (attached.length > 0)
        await tx.$executeRaw`
          insert into junit_attachment (idx, position, reference)
          select * from unnest(${attached.map((a) => a.idx)}::int[], ${attached.map((a) => a.position)}::int[], ${attached.map((a) => a.path)}::text[])`;
      heap.check();
    }
  });
  // Every key the staged attempts are joined on has an index, so that no plan is quadratic, whatever
  // the planner believes of the tables they meet (statistics taken while an import was writing
  // say a table of 70,000 rows holds one: a nested loop over both then ran for minutes).
  await tx.$executeRaw`create index on junit_attempt (reference_number) where reference_number is not null`;
  await tx.$executeRaw`create index on junit_attempt (reference) where reference is not null`;
  await tx.$executeRaw`create index on junit_attempt (automation_id)`;
  if (attachments > 0) await tx.$executeRaw`create index on junit_attachment (reference)`;
  await tx.$executeRaw`analyze junit_attempt`;
  // Suites come from the classname path, without the prefix all of the report's classnames share.
  const shared = sharedPrefixLength(pathIndex.paths);
  return { staged: next, paths: pathIndex.paths.map((path) => suiteNamesOf(path, shared)), warnings: report.warnings };
}

/** Staged attempts from which an import makes sure the planner's figures hold (see trustPlannerWith): below, a loop over them is cheap whatever the plan. */
const LARGE_REPORT = 1000;

/**
 * Before a large report meets the tables it is matched against: where PostgreSQL's statistics say
 * a table holds fewer rows than this project's cases, or this release's results in this
 * environment, already are, they are taken again (ANALYZE, which may run in a transaction and
 * sees its rows). Statistics go stale like that when autovacuum analyzes a table while a large
 * import is still writing it (it counts committed rows only, so a table of 70,000 rows is
 * said to hold a handful), and a plan made on them can loop over both sides of a join: the
 * second of two 70,000-test imports ran past its five-minute limit so. The planner's estimate of
 * a table is its row density at the last analysis times its pages now; a table never analyzed
 * (reltuples -1) is estimated from its pages and left alone.
 * See https://www.postgresql.org/docs/current/planner-stats.html and, on bulk loads,
 * https://www.postgresql.org/docs/current/populate.html#POPULATE-ANALYZE.
 */
async function trustPlannerWith(tx: Tx, projectId: string, runIds: string[]): Promise<void> {
  const [held] = await tx.$queryRaw<{ cases: number; results: number; caseEstimate: number | null; resultEstimate: number | null }[]>`
    with estimate as (
      select c.oid, case when c.reltuples >= 0 and c.relpages > 0 then c.reltuples / c.relpages * (pg_relation_size(c.oid) / current_setting('block_size')::int) end as rows
      from pg_class c where c.oid in ('"TestCase"'::regclass, '"TestResult"'::regclass)
    )
    select (select count(*)::int from "TestCase" where "projectId" = ${projectId}::uuid) as cases,
           (select count(*)::int from "TestResult" where "runId" = any(${runIds}::uuid[])) as results,
           (select rows::float8 from estimate where oid = '"TestCase"'::regclass) as "caseEstimate",
           (select rows::float8 from estimate where oid = '"TestResult"'::regclass) as "resultEstimate"`;
  const stale = (count: number, estimate: number | null) => estimate !== null && count > 2 * estimate + 1000;
  if (stale(held!.cases, held!.caseEstimate)) await tx.$executeRaw`analyze "TestCase"`;
  if (stale(held!.results, held!.resultEstimate)) await tx.$executeRaw`analyze "TestResult", "TestResultEvent"`;
}

/** Gives staged attempts the case their reference names: by its key (CHK-42), an automation id stored on it, or another tool's id kept on it. */
async function matchByReference(tx: Tx, projectId: string): Promise<void> {
  await tx.$executeRaw`
    update junit_attempt a set case_id = c.id, revision = c.revision from "TestCase" c
    where a.reference_number is not null and c."projectId" = ${projectId}::uuid and c.number = a.reference_number`;
  await tx.$executeRaw`
    update junit_attempt a set case_id = c.id, revision = c.revision from "TestCase" c
    where a.case_id is null and a.reference is not null and c."projectId" = ${projectId}::uuid and c."automationId" = a.reference`;
  // …or another tool's id kept on a case (a TestRail C1042 imported from its CSV).
  await tx.$executeRaw`
    update junit_attempt a set case_id = c.id, revision = c.revision from "TestCase" c
    where a.case_id is null and a.reference is not null and c."projectId" = ${projectId}::uuid and c."externalId" = a.reference`;
}

/** Gives staged attempts still without a case the case of their automation id (classname + name). */
function matchByAutomationId(tx: Tx, projectId: string) {
  return tx.$executeRaw`
    update junit_attempt a set case_id = c.id, revision = c.revision from "TestCase" c
    where a.case_id is null and c."projectId" = ${projectId}::uuid and c."automationId" = a.automation_id`;
}

/**
 * Gives every staged attempt its case: the case its reference names (by key, or by an automation
 * id stored on a case), else the case of its automation id, else a new automated case, with a
 * readable title and its place in the suite tree; cases made before stay where they are. A
 * reference that names no case is warned about. Returns how many cases were made.
 */
async function matchCases(
  tx: Tx,
  actor: Actor,
  project: { id: string; key: string },
  warnings: Warnings,
  paths: string[][],
  heap: HeapBudget,
): Promise<number> {
  await matchByReference(tx, project.id);
  const unnamed = await tx.$queryRaw<{ reference: string; automationId: string; count: number }[]>`
    select reference, automation_id as "automationId", (count(*) over ())::int as count
    from junit_attempt where reference is not null and case_id is null
    group by reference, automation_id order by min(idx) limit 5`;
  if (unnamed.length > 0)
    warnings.addCounted(
      "unknown-case",
      unnamed[0]!.count,
      unnamed.map((u) => `"${u.reference}" (${u.automationId})`),
    );

  const byAutomationId = () => matchByAutomationId(tx, project.id);
  await byAutomationId();
  if ((await tx.$queryRaw<{ n: number }[]>`select count(*)::int as n from junit_attempt where case_id is null`)[0]!.n === 0) return 0;
  // Making cases: one import at a time per project, matching again after the wait, in case another made some.
  await tx.$queryRaw`select 1 from "Project" where id = ${project.id}::uuid for update`;
  await byAutomationId();
  await tx.$executeRaw`
    create temporary table junit_new on commit drop as
    select automation_id, min(idx) as idx from junit_attempt where case_id is null group by automation_id`;
  await tx.$executeRaw`create unique index on junit_new (idx)`;
  await tx.$executeRaw`analyze junit_new`;
  const count = (await tx.$queryRaw<{ count: number }[]>`select count(*)::int as count from junit_new`)[0]!.count;
  if (count === 0) return 0;

  const needed = await tx.$queryRaw<{ path: number }[]>`select distinct a.path from junit_new n join junit_attempt a on a.idx = n.idx`;
  const suiteIds: (string | null)[] = paths.map(() => null);
  const made = await suitesOf(
    tx,
    project.id,
    needed.map((row) => paths[row.path]!),
  );
  needed.forEach((row, i) => (suiteIds[row.path] = made[i]!));

  const { caseSeq } = await tx.project.update({
    where: { id: project.id },
    data: { caseSeq: { increment: count } },
    select: { caseSeq: true },
  });
  const first = caseSeq - count + 1;
  const memberId = actor.kind === "MEMBER" ? actor.id : null;
  const tokenId = actor.kind === "TOKEN" ? actor.id : null;
  for (let after = -1, number = first; ;) {
    const page = await tx.$queryRaw<{ idx: number; classname: string; name: string }[]>`
      select n.idx, a.classname, a.name from junit_new n join junit_attempt a on a.idx = n.idx
      where n.idx > ${after} order by n.idx limit ${PAGE}`;
    if (page.length === 0) break;
    after = page.at(-1)!.idx;
    for (const batch of batches(page, (test) => 2 * test.name.length + 40)) {
      // The search text is searchTextOf()'s for a case of this title, tag and automation id (a database test holds them equal).
      await tx.$executeRaw`
        with page as (
          select t.idx, t.title, ${number}::int + t.ord::int - 1 as number, a.automation_id, a.path
          from unnest(${batch.map((test) => test.idx)}::int[], ${batch.map(titleOf)}::text[]) with ordinality as t(idx, title, ord)
          join junit_attempt a on a.idx = t.idx
        ), cases as (
          insert into "TestCase" (id, "projectId", number, "suiteId", title, priority, tags, kind, "automationId", revision, "searchText", "updatedAt")
          select gen_random_uuid(), ${project.id}::uuid, page.number, (${suiteIds}::uuid[])[page.path + 1], page.title, 'MEDIUM', array['automated'],
                 'AUTOMATED', page.automation_id, 1, concat_ws(E'\n', ${project.key}::text || '-' || page.number, page.title, 'automated', page.automation_id), now()
          from page
          returning id, title, "automationId", "suiteId"
        )
        insert into "TestCaseRevision" (id, "caseId", revision, snapshot, "authorKind", "authorId", "tokenId")
        select gen_random_uuid(), cases.id, 1,
               jsonb_build_object('title', cases.title, 'preconditions', null, 'steps', '[]'::jsonb, 'priority', 'MEDIUM', 'tags', jsonb_build_array('automated'),
                                  'suite', s.name, 'kind', 'AUTOMATED', 'automationId', cases."automationId", 'changed', jsonb_build_array('created from a JUnit report')),
               ${actor.kind}::"ActorKind", ${memberId}::uuid, ${tokenId}::uuid
        from cases join "TestSuite" s on s.id = cases."suiteId"`;
      number += batch.length;
      heap.check();
    }
  }
  await tx.$executeRaw`
    update junit_attempt a set case_id = c.id, revision = c.revision from "TestCase" c
    where a.case_id is null and c."projectId" = ${project.id}::uuid and c."automationId" = a.automation_id`;
  await recordAudit(tx, actor, {
    action: "cases.imported",
    objectType: "project",
    objectId: project.id,
    projectId: project.id,
    after: {
      count,
      suites: needed.slice(0, 20).map((row) => paths[row.path]!.join(" › ") || IMPORTED_SUITE),
      first: `${project.key}-${first}`,
      last: `${project.key}-${caseSeq}`,
    },
  });
  return count;
}

/** A page of tests: each one's attempts and what came before. */
type Page = {
  first: number;
  attempts: Attempt[];
  status: ResultStatus | null;
  flaky: boolean | null;
  note: string | null;
  source: ResultSource | null;
  output: string | null;
  failed: boolean | null;
  passed: boolean | null;
};

/**
 * Attaches a checked report to a locked run: settles each test's attempts against what the run and
 * the release's other runs in this environment held, writes results and their history a page at
 * a time, and records the import.
 */
async function importReport(
  tx: Tx,
  actor: Actor,
  run: LockedRun,
  read: ReadReport,
  heap: HeapBudget,
  uploadId: string | null = null,
  files: ReportFiles = NO_FILES,
): Promise<ImportSummary> {
  const { chunks, digest, bytes, fileName } = read;
  const again = await tx.junitImport.findUnique({ where: { runId_digest: { runId: run.id, digest } } });
  if (again && files.byReference.size === 0 && files.notNamed.length === 0) return { ...storedSummary(again.summary), duplicate: true };
  if (again) {
    // The same report again, now with files: those it names go to the results it left, nothing
    // else changes; the answer tells what this upload did (its files, its warnings).
    const { warnings } = await stageAttempts(tx, run.project.key, chunks, heap);
    await matchByReference(tx, run.project.id);
    await matchByAutomationId(tx, run.project.id);
    const attachments = await attachReportFiles(tx, actor, run, files, fileName);
    await warnAboutFiles(tx, run.id, warnings, read.named, files);
    const stored = storedSummary(again.summary);
    if (attachments > 0) {
      // The run page lists its imports with what each stored: the files count too, and the
      // warnings as they now stand (a file it named is no longer "not uploaded").
      const summary = { ...(again.summary as object), attachments: stored.attachments + attachments, warnings: warnings.list() };
      await tx.junitImport.update({ where: { id: again.id }, data: { summary } });
      await notifyRun(tx, run, false);
      await notifyAttachments(tx, { projectId: run.projectId, projectSlug: run.project.slug });
    }
    return { ...stored, warnings: warnings.list(), attachments, duplicate: true };
  }

  const { staged, paths, warnings } = await stageAttempts(tx, run.project.key, chunks, heap);
  const sameRelease = (
    await tx.testRun.findMany({ where: { releaseId: run.releaseId, environmentId: run.environmentId }, select: { id: true } })
  ).map((r) => r.id);
  if (staged >= LARGE_REPORT) await trustPlannerWith(tx, run.project.id, sameRelease);
  const created = await matchCases(tx, actor, run.project, warnings, paths, heap);
  // One row per test: its case, its attempts in the order the report gave them, and, from before
  // anything is written, its result in this run and whether it failed or passed on this release
  // in this environment (in any of its runs). One statement, written once: its joins are planned
  // on statistics trustPlannerWith has checked.
  await tx.$executeRaw`
    create temporary table junit_test on commit drop as
    select t.first, t.case_id, t.revision, t.attempts, r.status, r.flaky, r.note, r.source, r.output, h.failed, h.passed
    from (
      select case_id, min(revision) as revision, array_agg(idx order by idx) as attempts, min(idx) as first
      from junit_attempt group by case_id
    ) t
    left join "TestResult" r on r."runId" = ${run.id}::uuid and r."caseId" = t.case_id
    left join (
      select x."caseId", bool_or(e.status = 'FAILED') as failed, bool_or(e.status = 'PASSED') as passed
      from "TestResult" x join "TestResultEvent" e on e."resultId" = x.id
      where x."runId" = any(${sameRelease}::uuid[])
      group by x."caseId"
    ) h on h."caseId" = t.case_id`;
  await tx.$executeRaw`create unique index on junit_test (first)`;
  await tx.$executeRaw`analyze junit_test`;
  const memberId = actor.kind === "MEMBER" ? actor.id : null;
  const tokenId = actor.kind === "TOKEN" ? actor.id : null;
  const label = fileName ?? "the next report";
  const counts = { tests: 0, passed: 0, failed: 0, errors: 0, skipped: 0, flaky: 0, changed: 0, statusChanges: 0 };

  for (let after = -1; ;) {
    const page = await tx.$queryRaw<Page[]>`
      select t.first, t.status, t.flaky, t.note, t.source, t.output, t.failed, t.passed,
             (select json_agg(json_build_object('outcome', a.outcome, 'flaky', a.flaky, 'durationMs', a.duration, 'message', a.message, 'output', a.output) order by a.idx)
              from junit_attempt a where a.idx = any(t.attempts)) as attempts
      from junit_test t where t.first > ${after} order by t.first limit ${PAGE}`;
    if (page.length === 0) break;
    after = page.at(-1)!.first;
    const rows = page.map((prior) => {
      const settled = settle(
        prior.attempts,
        {
          output: prior.output,
          failed: Boolean(prior.failed) || prior.status === "FAILED",
          passed: Boolean(prior.passed) || prior.status === "PASSED",
        },
        label,
      );
      const status = STATUS[settled.outcome];
      const note = noteOf(settled);
      const changed =
        prior.status === null ||
        prior.status !== status ||
        prior.flaky !== settled.flaky ||
        prior.note !== note ||
        prior.source !== "IMPORT";
      counts.tests++;
      if (prior.status !== status) counts.statusChanges++;
      if (changed) counts.changed++;
      counts[COUNTED[settled.outcome]]++;
      if (settled.flaky) counts.flaky++;
      return { first: prior.first, settled, status, note, changed };
    });
    for (const batch of batches(rows, (row) => 100 + (row.settled.output?.length ?? 0) + (row.note?.length ?? 0))) {
      // New results are inserted, the rest updated (each ran again); each change goes into the result's history.
      await tx.$executeRaw`
        with page as (
          select t.case_id, t.revision, u.status, u.flaky, u.note, u.output, u.duration, u.changed
          from unnest(${batch.map((r) => r.first)}::int[], ${batch.map((r) => r.status)}::text[], ${batch.map((r) => r.settled.flaky)}::boolean[],
                      ${batch.map((r) => r.note)}::text[], ${batch.map((r) => r.settled.output)}::text[], ${batch.map((r) => r.settled.durationMs)}::int[],
                      ${batch.map((r) => r.changed)}::boolean[])
               as u(first, status, flaky, note, output, duration, changed)
          join junit_test t on t.first = u.first
        ), upserted as (
          insert into "TestResult" (id, "runId", "caseId", "caseRevision", status, source, flaky, note, output, "durationMs", "executedById", "executedAt", "updatedAt")
          select gen_random_uuid(), ${run.id}::uuid, page.case_id, page.revision, page.status::"ResultStatus", 'IMPORT', page.flaky, page.note, page.output, page.duration,
                 ${memberId}::uuid, now(), now()
          from page
          on conflict ("runId", "caseId") do update set
            status = excluded.status, source = 'IMPORT', flaky = excluded.flaky, note = excluded.note, output = excluded.output,
            "durationMs" = excluded."durationMs", "executedById" = excluded."executedById", "executedAt" = now(), "updatedAt" = now()
          returning id, "caseId", status, flaky, note, "durationMs"
        )
        insert into "TestResultEvent" (id, "resultId", status, note, source, flaky, "durationMs", "actorKind", "memberId", "tokenId")
        select gen_random_uuid(), u.id, u.status, u.note, 'IMPORT', u.flaky, u."durationMs", ${actor.kind}::"ActorKind", ${memberId}::uuid, ${tokenId}::uuid
        from upserted u join page on page.case_id = u."caseId"
        where page.changed`;
      // An upload of several files remembers each test once, as the latest file left it.
      if (uploadId)
        await tx.$executeRaw`
          insert into "JunitUploadTest" ("uploadId", "caseId", outcome, flaky)
          select ${uploadId}::uuid, t.case_id, u.outcome, u.flaky
          from unnest(${batch.map((r) => r.first)}::int[], ${batch.map((r) => r.settled.outcome)}::text[], ${batch.map((r) => r.settled.flaky)}::boolean[])
               as u(first, outcome, flaky)
          join junit_test t on t.first = u.first
          on conflict ("uploadId", "caseId") do update set outcome = excluded.outcome, flaky = excluded.flaky`;
      heap.check();
    }
  }

  const attachments = await attachReportFiles(tx, actor, run, files, fileName);
  await warnAboutFiles(tx, run.id, warnings, read.named, files);
  const summary: ImportSummary = {
    tests: counts.tests,
    passed: counts.passed,
    failed: counts.failed,
    errors: counts.errors,
    skipped: counts.skipped,
    flaky: counts.flaky,
    matched: counts.tests - created,
    created,
    changed: counts.changed,
    warnings: warnings.list(),
    attachments,
    duplicate: false,
  };
  if (counts.statusChanges > 0)
    await voidSignOff(tx, actor, run, `${fileName ?? "a JUnit report"} changed ${plural(counts.statusChanges, "result")}`);
  await tx.junitImport.create({
    data: { projectId: run.projectId, runId: run.id, digest, fileName, bytes, summary, actorKind: actor.kind, memberId, tokenId, uploadId },
  });
  await recordAudit(tx, actor, {
    action: "run.junit_imported",
    objectType: "test_run",
    objectId: run.id,
    projectId: run.projectId,
    after: { run: run.number, file: fileName, bytes, digest, releaseId: run.releaseId, ...summary },
  });
  // An import may execute cases assigned to testers: their queues change.
  await notifyRun(tx, run, true);
  if (attachments > 0) await notifyAttachments(tx, { projectId: run.projectId, projectSlug: run.project.slug });
  return summary;
}

/** An upload id names the files of one upload into one run; one used with another run is refused. Rows older than a day go. */
async function checkUploadId(tx: Tx, uploadId: string, runId: string): Promise<void> {
  const other = await tx.junitImport.findFirst({ where: { uploadId, runId: { not: runId } }, select: { id: true } });
  if (other)
    throw new ValidationFailed([{ field: "upload", message: "This upload id was used for files of another run: choose a new one" }]);
  await tx.$executeRaw`delete from "JunitUploadTest" where "createdAt" < now() - interval '1 day'`;
}

/** The files of one upload so far: each test once, as the latest file left it; cases created and warnings added up per file. */
async function uploadTotal(tx: Tx, uploadId: string): Promise<UploadTotal> {
  const [counts] = await tx.$queryRaw<Record<"tests" | "passed" | "failed" | "errors" | "skipped" | "flaky", number>[]>`
    select count(*)::int as tests,
           (count(*) filter (where outcome = 'passed'))::int as passed,
           (count(*) filter (where outcome = 'failed'))::int as failed,
           (count(*) filter (where outcome = 'error'))::int as errors,
           (count(*) filter (where outcome = 'skipped'))::int as skipped,
           (count(*) filter (where flaky))::int as flaky
    from "JunitUploadTest" where "uploadId" = ${uploadId}::uuid`;
  const files = await tx.junitImport.findMany({ where: { uploadId }, select: { summary: true } });
  // A case is created by one file only: later files match it.
  const { created, warnings } = addImports(files.map((f) => storedSummary(f.summary)));
  return { ...counts!, matched: counts!.tests - created, created, warnings, files: files.length };
}

/**
 * Attaches a JUnit report to a run: each test maps to a case by its case reference, else by its
 * automation id (classname + name); an unknown test creates one automated case. The report is
 * read and checked whole first. The same file attached again changes nothing; changed results
 * void a sign-off.
 */
export async function importJunit(actor: Actor, runId: string, upload: ReportUpload): Promise<ImportSummary> {
  if (!canImportResults(actor)) throw new Forbidden("This token may not upload results (it needs results:write).");
  const found = isUuid(runId) ? await db().testRun.findUnique({ where: { id: runId }, select: { projectId: true } }) : null;
  if (!found || (actor.kind === "TOKEN" && actor.projectId && actor.projectId !== found.projectId)) throw new NotFound("Test run");
  const heap = new HeapBudget(HEAP_SLACK);
  const read = await readReport(upload, heap);
  const files = upload.files ? await storeReportFiles(actor, found.projectId, read.named, upload.files) : NO_FILES;
  try {
    return await transaction(async (tx) => importReport(tx, actor, await lockRun(tx, runId), read, heap, null, files), BULK);
  } finally {
    await dropReportFiles(files);
  }
}

/**
 * A pipeline's upload for a release in an environment (?release=&environment=&run=): where it goes
 * is checked first, then the whole report, and only then is a run found or made and the report
 * imported, in one transaction: a refused report stores nothing.
 */
export async function uploadResults(
  actor: Actor,
  slug: string,
  query: Record<string, string>,
  upload: ReportUpload,
): Promise<UploadSummary> {
  const target = await uploadTarget(actor, slug, query);
  const heap = new HeapBudget(HEAP_SLACK);
  const read = await readReport(upload, heap);
  const files = upload.files ? await storeReportFiles(actor, target.project.id, read.named, upload.files) : NO_FILES;
  const { summary, runId, created, total } = await transaction(async (tx) => {
    const { id, created } = await runForUpload(tx, actor, target);
    const run = await lockRun(tx, id);
    if (target.uploadId) await checkUploadId(tx, target.uploadId, run.id);
    const summary = await importReport(tx, actor, run, read, heap, target.uploadId, files);
    const total = target.uploadId ? await uploadTotal(tx, target.uploadId) : undefined;
    // The run page shows the total beside the upload's latest file.
    if (total && total.files > 1 && !summary.duplicate)
      await tx.junitImport.update({
        where: { runId_digest: { runId: run.id, digest: read.digest } },
        data: { summary: { ...summary, upload: total } },
      });
    return { summary, runId: id, created, total };
  }, BULK).finally(() => dropReportFiles(files));
  const run = await db().testRun.findUniqueOrThrow({ where: { id: runId }, select: { id: true, number: true, name: true } });
  return { ...summary, run: { ...run, created, url: appUrl(`/projects/${slug}/runs/${run.id}`) }, ...(total ? { upload: total } : {}) };
}

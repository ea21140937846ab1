import "server-only";
import { createHash } from "node:crypto";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { transaction } from "@/lib/db/transaction";
import { db, type Tx } from "@/lib/db/client";
import type { ResultStatus } from "@/lib/generated/prisma/enums";
import { AppError, Forbidden, NotFound, ValidationFailed } from "@/lib/http/errors";
import { searchTextOf } from "@/lib/test-cases/snapshot";
import { lockRun, notifyRun, runForUpload, voidSignOff } from "@/lib/test-runs/mutations";
import { canImportResults } from "@/lib/test-runs/policy";
import type { ImportSummary, UploadSummary } from "@/lib/test-runs/schemas";
import { appUrl } from "@/lib/webhooks/outbox";
import { isUuid } from "@/lib/validation";
import { automationIdOf, JUNIT_LIMITS, JunitError, parseJunit, type JunitCase, type JunitOutcome } from "./parse";

export class PayloadTooLarge extends AppError {
  constructor(message: string) {
    super(413, "Payload too large", message, [{ field: "file", message }]);
  }
}

export const IMPORTED_SUITE = "Imported from JUnit";

const STATUS: Record<JunitOutcome, ResultStatus> = { passed: "PASSED", failed: "FAILED", error: "FAILED", skipped: "SKIPPED" };
// When one case appears several times in a report (parametrised tests), the worst outcome stands.
const SEVERITY: Record<JunitOutcome, number> = { passed: 0, skipped: 1, failed: 2, error: 3 };

type Target = { test: JunitCase; key: string | null; automationId: string };

function merge(into: JunitCase, next: JunitCase): JunitCase {
  const worse = SEVERITY[next.outcome] > SEVERITY[into.outcome] ? next : into;
  return { ...worse, flaky: into.flaky || next.flaky, durationMs: (into.durationMs ?? 0) + (next.durationMs ?? 0) };
}

/** A case reference in the form of a case key (CHK-42). */
function explicitCaseKey(test: JunitCase): string | null {
  const value = test.caseReference;
  return value && /^[A-Za-z][A-Za-z0-9]*-\d+$/.test(value) ? value.toUpperCase() : null;
}

function noteOf(test: JunitCase): string | null {
  const parts = [test.outcome === "error" ? "error" : null, test.flaky ? "flaky: passed on a retry" : null, test.message].filter(Boolean);
  return parts.length ? parts.join(" · ").slice(0, 2000) : null;
}

/** Reads and checks the whole report before anything is stored; returns it with its digest and size. */
async function readReport(body: AsyncIterable<Uint8Array>, declaredBytes: number | null) {
  if (declaredBytes !== null && declaredBytes > JUNIT_LIMITS.maxBytes) {
    throw new PayloadTooLarge(`The report is larger than ${JUNIT_LIMITS.maxBytes / 1024 / 1024} MB.`);
  }
  const hash = createHash("sha256");
  let bytes = 0;
  async function* hashed() {
    for await (const chunk of body) {
      hash.update(chunk);
      bytes += chunk.byteLength;
      yield chunk;
    }
  }
  try {
    const report = await parseJunit(hashed());
    return { report, digest: hash.digest("hex"), bytes };
  } catch (error) {
    if (!(error instanceof JunitError)) throw error;
    if (/larger than/.test(error.message))
      throw new PayloadTooLarge(`The report is larger than ${JUNIT_LIMITS.maxBytes / 1024 / 1024} MB.`);
    throw new ValidationFailed([{ field: "file", message: `Not accepted: ${error.message}.` }], `Not accepted: ${error.message}.`);
  }
}

/** Finds or creates the suite that automatically created cases go into. */
async function importedSuite(tx: Tx, projectId: string): Promise<{ id: string; name: string }> {
  const existing = await tx.testSuite.findFirst({ where: { projectId, name: IMPORTED_SUITE, parentId: null } });
  return existing ?? tx.testSuite.create({ data: { projectId, name: IMPORTED_SUITE, position: 1000 } });
}

/**
 * Creates one automated case per unknown test, with its first revision, in one statement: a first
 * report may name ten thousand tests, and row-by-row writes would take seconds. The revision's
 * snapshot has the shape snapshotOf() gives every other revision.
 */
async function createAutomatedCases(
  tx: Tx,
  actor: Actor,
  project: { id: string; key: string },
  targets: Target[],
): Promise<Map<string, { id: string; revision: number }>> {
  const created = new Map<string, { id: string; revision: number }>();
  if (targets.length === 0) return created;
  const suite = await importedSuite(tx, project.id);
  const { caseSeq } = await tx.project.update({
    where: { id: project.id },
    data: { caseSeq: { increment: targets.length } },
    select: { caseSeq: true },
  });
  const first = caseSeq - targets.length + 1;
  const numbers = targets.map((_, i) => first + i);
  const titles = targets.map((t) => t.test.name.slice(0, 300));
  const texts = targets.map((t, i) =>
    searchTextOf(`${project.key}-${numbers[i]}`, {
      title: titles[i]!,
      preconditions: null,
      steps: [],
      tags: ["automated"],
      automationId: t.automationId,
    }),
  );
  const rows = await tx.$queryRaw<{ id: string; automationId: string }[]>`
    with cases as (
      insert into "TestCase" (id, "projectId", number, "suiteId", title, priority, tags, kind, "automationId", revision, "searchText", "updatedAt")
      select gen_random_uuid(), ${project.id}::uuid, t.number, ${suite.id}::uuid, t.title, 'MEDIUM', array['automated'], 'AUTOMATED', t."automationId", 1, t."searchText", now()
      from unnest(${numbers}::int[], ${titles}::text[], ${targets.map((t) => t.automationId)}::text[], ${texts}::text[]) as t(number, title, "automationId", "searchText")
      returning id, title, "automationId"
    ), revisions as (
      insert into "TestCaseRevision" (id, "caseId", revision, snapshot, "authorKind", "authorId", "tokenId")
      select gen_random_uuid(), cases.id, 1,
             jsonb_build_object('title', cases.title, 'preconditions', null, 'steps', '[]'::jsonb, 'priority', 'MEDIUM', 'tags', jsonb_build_array('automated'),
                                'suite', ${suite.name}::text, 'kind', 'AUTOMATED', 'automationId', cases."automationId", 'changed', jsonb_build_array('created from a JUnit report')),
             ${actor.kind}::"ActorKind", ${actor.kind === "MEMBER" ? actor.id : null}::uuid, ${actor.kind === "TOKEN" ? actor.id : null}::uuid
      from cases
    )
    select id, "automationId" from cases`;
  for (const row of rows) created.set(row.automationId, { id: row.id, revision: 1 });
  await recordAudit(tx, actor, {
    action: "cases.imported",
    objectType: "project",
    objectId: project.id,
    projectId: project.id,
    after: { count: rows.length, suite: suite.name, first: `${project.key}-${first}`, last: `${project.key}-${caseSeq}` },
  });
  return created;
}

/**
 * Attaches a JUnit report to a run: each test maps to a case by an explicit case property,
 * else by its automation id (classname + name); an unknown test creates one automated case.
 * The same file attached again changes nothing; changed results void a sign-off.
 */
export async function importJunit(actor: Actor, runId: string, upload: Upload): Promise<ImportSummary> {
  if (!canImportResults(actor)) throw new Forbidden("This token may not upload results (it needs results:write).");
  if (!isUuid(runId) || !(await db().testRun.findUnique({ where: { id: runId }, select: { id: true } }))) throw new NotFound("Test run");
  const { report, digest, bytes } = await readReport(upload.body, upload.declaredBytes ?? null);
  const fileName = upload.fileName?.slice(0, 255) ?? null;

  return transaction(
    async (tx) => {
      const run = await lockRun(tx, runId);
      if (actor.kind === "TOKEN" && actor.projectId && actor.projectId !== run.projectId) throw new NotFound("Test run");
      const again = await tx.junitImport.findUnique({ where: { runId_digest: { runId, digest } } });
      if (again) return { ...(again.summary as ImportSummary), duplicate: true };

      // One entry per target case: by explicit key, else by automation id.
      const byTarget = new Map<string, Target>();
      for (const test of report.cases) {
        const key = explicitCaseKey(test);
        const automationId = automationIdOf(test).slice(0, 500);
        const id = key ? `key:${key}` : `auto:${automationId}`;
        const seen = byTarget.get(id);
        byTarget.set(id, { test: seen ? merge(seen.test, test) : test, key, automationId });
      }
      const targets = [...byTarget.values()];
      const keyed = targets.filter((t) => t.key?.startsWith(`${run.project.key}-`)).map((t) => Number(t.key!.split("-")[1]));
      const byNumber = new Map(
        (
          await tx.testCase.findMany({
            where: { projectId: run.projectId, number: { in: keyed } },
            select: { id: true, number: true, revision: true },
          })
        ).map((c) => [`${run.project.key}-${c.number}`, c]),
      );
      const unkeyed = targets.filter((t) => !(t.key && byNumber.has(t.key)));
      const byAutomation = new Map(
        (
          await tx.testCase.findMany({
            where: { projectId: run.projectId, automationId: { in: unkeyed.map((t) => t.automationId) } },
            select: { id: true, automationId: true, revision: true },
          })
        ).map((c) => [c.automationId!, c]),
      );
      const unknown = unkeyed.filter((t) => !byAutomation.has(t.automationId));
      const created = await createAutomatedCases(tx, actor, run.project, unknown);

      const rows = new Map<string, { caseId: string; revision: number; test: JunitCase }>();
      for (const target of targets) {
        const found =
          (target.key && byNumber.get(target.key)) || byAutomation.get(target.automationId) || created.get(target.automationId)!;
        const existing = rows.get(found.id);
        rows.set(found.id, {
          caseId: found.id,
          revision: found.revision,
          test: existing ? merge(existing.test, target.test) : target.test,
        });
      }
      const entries = [...rows.values()];
      const before = new Map(
        (
          await tx.testResult.findMany({
            where: { runId, caseId: { in: entries.map((e) => e.caseId) } },
            select: { caseId: true, status: true },
          })
        ).map((r) => [r.caseId, r.status]),
      );
      const memberId = actor.kind === "MEMBER" ? actor.id : null;
      // One statement for thousands of results: insert new ones, update those that differ, and
      // write each change into the result's history.
      const changed = await tx.$queryRaw<{ caseId: string; status: ResultStatus }[]>`
        with changed as (
          insert into "TestResult" (id, "runId", "caseId", "caseRevision", status, source, flaky, note, output, "durationMs", "executedById", "executedAt", "updatedAt")
          select gen_random_uuid(), ${runId}::uuid, t."caseId", t.revision, t.status::"ResultStatus", 'IMPORT', t.flaky, t.note, t.output, t.duration, ${memberId}::uuid, now(), now()
          from unnest(${entries.map((e) => e.caseId)}::uuid[], ${entries.map((e) => e.revision)}::int[], ${entries.map((e) => STATUS[e.test.outcome])}::text[],
                      ${entries.map((e) => e.test.flaky)}::boolean[], ${entries.map((e) => noteOf(e.test))}::text[], ${entries.map((e) => e.test.output)}::text[],
                      ${entries.map((e) => e.test.durationMs)}::int[])
               as t("caseId", revision, status, flaky, note, output, duration)
          on conflict ("runId", "caseId") do update set
            status = excluded.status, source = 'IMPORT', flaky = excluded.flaky, note = excluded.note, output = excluded.output,
            "durationMs" = excluded."durationMs", "executedById" = excluded."executedById", "executedAt" = now(), "updatedAt" = now()
          where ("TestResult".status, "TestResult".flaky, "TestResult".note, "TestResult".source)
                is distinct from (excluded.status, excluded.flaky, excluded.note, excluded.source)
          returning id, "caseId", status, flaky, note, "durationMs"
        ), history as (
          insert into "TestResultEvent" (id, "resultId", status, note, source, flaky, "durationMs", "actorKind", "memberId", "tokenId")
          select gen_random_uuid(), id, status, note, 'IMPORT', flaky, "durationMs", ${actor.kind}::"ActorKind", ${memberId}::uuid, ${actor.kind === "TOKEN" ? actor.id : null}::uuid
          from changed
        )
        select "caseId", status from changed`;
      const statusChanges = changed.filter((r) => before.has(r.caseId) && before.get(r.caseId) !== r.status).length;
      const count = (outcome: JunitOutcome) => entries.filter((e) => e.test.outcome === outcome).length;
      const summary: ImportSummary = {
        total: entries.length,
        passed: count("passed"),
        failed: count("failed"),
        errors: count("error"),
        skipped: count("skipped"),
        flaky: entries.filter((e) => e.test.flaky).length,
        matched: entries.length - created.size,
        created: created.size,
        changed: changed.length,
        duplicate: false,
      };
      if (statusChanges > 0)
        await voidSignOff(
          tx,
          actor,
          run,
          `${fileName ?? "a JUnit report"} changed ${statusChanges} result${statusChanges === 1 ? "" : "s"}`,
        );
      await tx.junitImport.create({
        data: {
          projectId: run.projectId,
          runId,
          digest,
          fileName,
          bytes,
          summary,
          actorKind: actor.kind,
          memberId,
          tokenId: actor.kind === "TOKEN" ? actor.id : null,
        },
      });
      await recordAudit(tx, actor, {
        action: "run.junit_imported",
        objectType: "test_run",
        objectId: runId,
        projectId: run.projectId,
        after: { run: run.number, file: fileName, bytes, digest, releaseId: run.releaseId, ...summary },
      });
      await notifyRun(tx, run);
      return summary;
    },
    { maxWait: 60_000, timeout: 120_000 },
  );
}

type Upload = { body: AsyncIterable<Uint8Array>; fileName?: string | null; declaredBytes?: number | null };

/** A pipeline's upload for a release in an environment (?release=&environment=&run=): finds or makes the run, then imports. */
export async function uploadResults(actor: Actor, slug: string, query: Record<string, string>, upload: Upload): Promise<UploadSummary> {
  const target = await runForUpload(actor, slug, query);
  const summary = await importJunit(actor, target.id, upload);
  const run = await db().testRun.findUniqueOrThrow({ where: { id: target.id }, select: { id: true, number: true, name: true } });
  return { ...summary, run: { ...run, created: target.created, url: appUrl(`/projects/${slug}/runs/${run.id}`) } };
}

import "server-only";
import { actorName, type Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { LONG_CHANGE, transaction } from "@/lib/db/transaction";
import { db, type Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { Conflict, Forbidden, NotFound, ValidationFailed } from "@/lib/http/errors";
import { checkMentions, notifyMentioned } from "@/lib/mentions/mentions";
import { notifyMembers } from "@/lib/notifications/send";
import { notifyChange } from "@/lib/realtime/notify";
import { isUuid, parseInput } from "@/lib/http/validation";
import { appUrl, enqueueEvent } from "@/lib/webhooks/outbox";
import { parseDefectUrl } from "./defect-url";
import { canCreateRun, canLinkDefects, canRecordResults, canRemoveDefectLink, canSignOff } from "./policy";
import { defectLinkById, getResultDetail, getRunSummary } from "./queries";
import { statusFromSteps } from "./step-results";
import {
  createRunSchema,
  linkDefectSchema,
  LINKS_DEFECTS,
  type KnownIssueDto,
  NEEDS_WAIVER,
  recordResultSchema,
  recordStepSchema,
  type ResultDetailDto,
  resultLabels,
  signOffSchema,
  undoResultSchema,
  uploadResultsQuerySchema,
  type RunSummaryDto,
  type StepStatus,
} from "./schemas";
import { NEWEST_RUN_FIRST } from "./order";
import { withSubSuites } from "./suites";

/** Locks the run for the rest of the transaction: results and sign-offs change one at a time. */
export async function lockRun(tx: Tx, runId: string) {
  await tx.$queryRaw`select 1 from "TestRun" where id = ${runId}::uuid for update`;
  return tx.testRun.findUniqueOrThrow({
    where: { id: runId },
    include: { project: { select: { id: true, slug: true, key: true } }, release: true, environment: true },
  });
}

/**
 * Tells open pages a run changed. `queues`: a change that may move an assigned case in or out of
 * its tester's "My queue" (a result recorded or undone, a sign-off), so Waiting on me is read again.
 */
export function notifyRun(tx: Tx, run: { id: string; releaseId: string; project: { id: string; slug: string } }, queues = false) {
  return notifyChange(tx, {
    projectId: run.project.id,
    projectSlug: run.project.slug,
    topics: ["runs", `run:${run.id}`, "board", `release:${run.releaseId}`, ...(queues ? (["inbox"] as const) : [])],
  });
}

/** A later change to a signed-off run's results voids the sign-off, saying why. */
export async function voidSignOff(tx: Tx, actor: Actor, run: { id: string; projectId: string }, reason: string): Promise<boolean> {
  const valid = await tx.signOff.findFirst({ where: { runId: run.id, voidedAt: null } });
  if (!valid) return false;
  await tx.signOff.update({ where: { id: valid.id }, data: { voidedAt: new Date(), voidReason: reason } });
  await recordAudit(tx, actor, {
    action: "signoff.voided",
    objectType: "test_run",
    objectId: run.id,
    projectId: run.projectId,
    reason,
    after: { signOffId: valid.id, decision: valid.decision },
  });
  if (valid.decision === "SIGNED_OFF") {
    const voided = await tx.testRun.findUniqueOrThrow({
      where: { id: run.id },
      select: {
        number: true,
        project: { select: { id: true, slug: true } },
        release: { select: { version: true } },
        environment: { select: { name: true } },
      },
    });
    await notifyMembers(tx, actor, [valid.memberId], {
      kind: "signoff.voided",
      title: `Your sign-off of run #${voided.number} (${voided.release.version} in ${voided.environment.name}) was voided: ${reason}`,
      link: `/projects/${voided.project.slug}/runs/${run.id}`,
      project: voided.project,
    });
  }
  return true;
}

/** A run for one release in one environment, from suites (with their sub-suites), tags, or all cases. */
export async function createRun(actor: Actor, slug: string, raw: unknown): Promise<RunSummaryDto> {
  if (!canCreateRun(actor)) throw new Forbidden("This token may not create test runs (it needs results:write).");
  const input = parseInput(createRunSchema, raw);
  const project = await db().project.findFirst({ where: { slug, archivedAt: null } });
  if (!project) throw new NotFound("Project");
  const release = await db().release.findUnique({ where: { projectId_version: { projectId: project.id, version: input.release } } });
  if (!release) throw new ValidationFailed([{ field: "release", message: `No release ${input.release} in this project` }]);
  const environment = await db().environment.findFirst({ where: { projectId: project.id, name: input.environment } });
  if (!environment) throw new ValidationFailed([{ field: "environment", message: `No environment ${input.environment} in this project` }]);

  const suites = await db().testSuite.findMany({ where: { projectId: project.id }, select: { id: true, parentId: true, name: true } });
  const unknown = input.suites.filter((id) => !suites.some((s) => s.id === id));
  if (unknown.length) throw new ValidationFailed([{ field: "suites", message: "Some of these suites are not in this project" }]);
  const chosen = withSubSuites(suites, input.suites);
  const cases = await db().testCase.findMany({
    where: {
      projectId: project.id,
      archivedAt: null,
      ...(input.all
        ? {}
        : {
            OR: [
              ...(chosen.size ? [{ suiteId: { in: [...chosen] } }] : []),
              ...(input.tags.length ? [{ tags: { hasSome: input.tags } }] : []),
            ],
          }),
    },
    select: { id: true, revision: true },
    orderBy: { number: "asc" },
  });
  if (cases.length === 0)
    throw new ValidationFailed([{ field: input.all ? "all" : "suites", message: "No active case matches: choose other suites or tags" }]);

  const selection = { all: input.all, suites: suites.filter((s) => input.suites.includes(s.id)).map((s) => s.name), tags: input.tags };
  const id = await transaction(
    async (tx) => (await insertRun(tx, actor, { project, release, environment, name: input.name, selection, cases })).id,
    LONG_CHANGE,
  );
  return getRunSummary(id);
}

type RunScope = {
  project: { id: string; slug: string };
  release: { id: string; version: string };
  environment: { id: string; name: string };
  name?: string;
  selection: Prisma.InputJsonValue;
  cases: { id: string; revision: number }[];
};

/** Creates a run with its cases pinned at their current revisions; audited and announced. */
async function insertRun(tx: Tx, actor: Actor, { project, release, environment, name, selection, cases }: RunScope) {
  const { runSeq } = await tx.project.update({ where: { id: project.id }, data: { runSeq: { increment: 1 } }, select: { runSeq: true } });
  const run = await tx.testRun.create({
    data: {
      projectId: project.id,
      number: runSeq,
      releaseId: release.id,
      environmentId: environment.id,
      name: name ?? `${release.version} on ${environment.name}`,
      selection,
      createdById: actor.kind === "MEMBER" ? actor.id : null,
      createdByTokenId: actor.kind === "TOKEN" ? actor.id : null,
    },
  });
  if (cases.length > 0)
    await tx.testResult.createMany({ data: cases.map((c) => ({ runId: run.id, caseId: c.id, caseRevision: c.revision })) });
  await recordAudit(tx, actor, {
    action: "run.created",
    objectType: "test_run",
    objectId: run.id,
    projectId: project.id,
    after: {
      number: run.number,
      name: run.name,
      version: release.version,
      releaseId: release.id,
      environment: environment.name,
      cases: cases.length,
      selection,
    },
  });
  await notifyRun(tx, { id: run.id, releaseId: release.id, project });
  return run;
}

export type UploadTarget = {
  project: { id: string; slug: string };
  release: { id: string; version: string };
  environment: { id: string; name: string };
  /** The run named by number; null: the newest open run, else a new one. */
  runId: string | null;
  /** The client's id for the files of one upload (`?upload=`), or null. */
  uploadId: string | null;
};

/** Where a pipeline's JUnit upload for a release in an environment goes; checked before the report is read, and stores nothing. */
export async function uploadTarget(actor: Actor, slug: string, raw: unknown): Promise<UploadTarget> {
  if (!canCreateRun(actor)) throw new Forbidden("This token may not upload results (it needs results:write).");
  const input = parseInput(uploadResultsQuerySchema, raw);
  const project = await db().project.findFirst({ where: { slug, archivedAt: null }, select: { id: true, slug: true } });
  if (!project) throw new NotFound("Project");
  const release = await db().release.findUnique({ where: { projectId_version: { projectId: project.id, version: input.release } } });
  if (!release) throw new ValidationFailed([{ field: "release", message: `No release ${input.release} in this project` }]);
  const environment = await db().environment.findFirst({ where: { projectId: project.id, name: input.environment } });
  if (!environment) throw new ValidationFailed([{ field: "environment", message: `No environment ${input.environment} in this project` }]);
  let runId: string | null = null;
  if (input.run) {
    const run = await db().testRun.findFirst({
      where: { projectId: project.id, number: Number(input.run), releaseId: release.id, environmentId: environment.id },
      select: { id: true },
    });
    if (!run) throw new ValidationFailed([{ field: "run", message: `No run #${input.run} of ${release.version} in ${environment.name}` }]);
    runId = run.id;
  }
  return { project, release, environment, runId, uploadId: input.upload ?? null };
}

/**
 * The run an upload goes into, inside the import's own transaction (a refused report leaves no
 * run behind): the run named by number, else the newest open run of that release there (QA's,
 * so CI fills in its automated cases), else a new, empty run. The release's row lock makes
 * concurrent uploads agree on one run.
 */
export async function runForUpload(tx: Tx, actor: Actor, target: UploadTarget): Promise<{ id: string; created: boolean }> {
  if (target.runId) return { id: target.runId, created: false };
  const { project, release, environment } = target;
  await tx.$queryRaw`select 1 from "Release" where id = ${release.id}::uuid for update`;
  const open = await tx.testRun.findFirst({
    where: { releaseId: release.id, environmentId: environment.id, closedAt: null },
    orderBy: NEWEST_RUN_FIRST,
    select: { id: true },
  });
  if (open) return { id: open.id, created: false };
  const run = await insertRun(tx, actor, {
    project,
    release,
    environment,
    name: `${release.version} on ${environment.name}: automated results`,
    selection: { all: false, suites: [], tags: [], source: "upload" },
    cases: [],
  });
  return { id: run.id, created: true };
}

/** A run's result for a change by hand, its run locked for the rest of the transaction; `key` is its case's ("CHK-42"). */
async function lockedResult(tx: Tx, runId: string, resultId: string) {
  const run = await lockRun(tx, runId).catch(() => {
    throw new NotFound("Test run");
  });
  const result = await tx.testResult.findFirst({ where: { id: resultId, runId }, include: { testCase: { select: { number: true } } } });
  if (!result) throw new NotFound("Result");
  return { run, result, key: `${run.project.key}-${result.testCase.number}` };
}

/** Records a case's result in a run (a retest is a new result over the old, both kept in history). */
export async function recordResult(actor: Actor, runId: string, resultId: string, raw: unknown): Promise<RunSummaryDto> {
  if (!canRecordResults(actor)) throw new Forbidden("Only members record results.");
  const input = parseInput(recordResultSchema, raw);
  if (!isUuid(runId) || !isUuid(resultId)) throw new NotFound("Result");
  await transaction(async (tx) => {
    const { run, result, key } = await lockedResult(tx, runId, resultId);
    if (result.status === input.status && result.note === input.note && (input.durationMs ?? result.durationMs) === result.durationMs)
      return;
    const mentioned = await checkMentions(tx, input.note, "note");
    const now = new Date();
    await tx.testResult.update({
      where: { id: result.id },
      data: {
        status: input.status,
        note: input.note,
        durationMs: input.durationMs ?? null,
        source: "MANUAL",
        flaky: false,
        executedById: actor.id,
        executedAt: now,
      },
    });
    await tx.testResultEvent.create({
      data: {
        resultId: result.id,
        status: input.status,
        note: input.note,
        source: "MANUAL",
        durationMs: input.durationMs ?? null,
        actorKind: actor.kind,
        memberId: actor.id,
      },
    });
    if (input.note) {
      await notifyMentioned(
        tx,
        actor,
        mentioned,
        input.note,
        {
          title: `${actorName(actor.label)} mentioned you in a note on ${key} (run #${run.number}, ${run.release.version})`,
          link: `/projects/${run.project.slug}/runs/${run.id}/execute?result=${result.id}`,
          project: run.project,
        },
        result.note,
      );
    }
    await recordAudit(tx, actor, {
      action: "result.recorded",
      objectType: "test_run",
      objectId: run.id,
      projectId: run.projectId,
      reason: input.note,
      before: { case: key, status: result.status },
      after: { case: key, status: input.status, run: run.number, releaseId: run.releaseId },
    });
    if (result.status !== input.status) {
      await voidSignOff(
        tx,
        actor,
        run,
        `${key} changed from ${resultLabels[result.status]} to ${resultLabels[input.status]} by ${actorName(actor.label)}`,
      );
    }
    await notifyRun(tx, run, result.assigneeId !== null);
  }, LONG_CHANGE);
  return getRunSummary(runId);
}

/**
 * Marks one step of a result (`position`: from 1, in the case revision the run pinned) passed,
 * failed, blocked or untested again, with what the tester saw. A change of the step's status
 * gives the case the result its steps add up to (statusFromSteps: a failed step fails it, …),
 * over a result recorded by hand, and voids a sign-off of the run as any change of a result does.
 * The run's lock makes concurrent marks of one result's steps wait for each other: none is lost.
 */
export async function recordStepResult(
  actor: Actor,
  runId: string,
  resultId: string,
  position: string,
  raw: unknown,
): Promise<ResultDetailDto> {
  if (!canRecordResults(actor)) throw new Forbidden("Only members record results.");
  const input = parseInput(recordStepSchema, raw);
  if (!isUuid(runId) || !isUuid(resultId)) throw new NotFound("Result");
  const at = /^\d{1,4}$/.test(position) ? Number(position) : 0;
  await transaction(async (tx) => {
    const { run, result, key } = await lockedResult(tx, runId, resultId);
    const revision = await tx.testCaseRevision.findUnique({
      where: { caseId_revision: { caseId: result.caseId, revision: result.caseRevision } },
      select: { snapshot: true },
    });
    const steps = (revision?.snapshot as { steps?: unknown[] } | undefined)?.steps ?? [];
    if (at < 1 || at > steps.length)
      throw new ValidationFailed([
        {
          field: "position",
          message: steps.length
            ? `${key} has steps 1 to ${steps.length} in revision ${result.caseRevision}, which this run tests`
            : `${key} has no steps in revision ${result.caseRevision}, which this run tests`,
        },
      ]);
    const marked = await tx.stepResult.findMany({ where: { resultId }, select: { position: true, status: true, actual: true } });
    const before = marked.find((step) => step.position === at);
    const was = (before?.status ?? "UNTESTED") as StepStatus;
    const status = input.status ?? was;
    const actual = input.actual === undefined ? (before?.actual ?? null) : input.actual;
    if (was === status && actual === (before?.actual ?? null)) return;

    const now = new Date();
    const memberId = actor.id!;
    await tx.stepResult.upsert({
      where: { resultId_position: { resultId, position: at } },
      create: { resultId, position: at, status, actual, memberId, updatedAt: now },
      update: { status, actual, memberId, updatedAt: now },
    });
    await tx.stepResultEvent.create({ data: { resultId, position: at, status, actual, memberId, createdAt: now } });

    // Only a change of the step's status speaks for the case: a hand-set result wins until then.
    const statuses = steps.map((_, i) =>
      i + 1 === at ? status : ((marked.find((step) => step.position === i + 1)?.status ?? "UNTESTED") as StepStatus),
    );
    const derived = was !== status ? statusFromSteps(statuses) : null;
    const next = derived && derived !== result.status ? derived : null;
    if (next) {
      await tx.testResult.update({
        where: { id: result.id },
        data: { status: next, source: "MANUAL", flaky: false, executedById: memberId, executedAt: now },
      });
      await tx.testResultEvent.create({
        data: {
          resultId,
          status: next,
          note: result.note,
          source: "MANUAL",
          durationMs: result.durationMs,
          actorKind: actor.kind,
          memberId,
          fromStep: at,
          createdAt: now,
        },
      });
    }
    await recordAudit(tx, actor, {
      action: "result.step_recorded",
      objectType: "test_run",
      objectId: run.id,
      projectId: run.projectId,
      reason: actual,
      before: { case: key, step: at, status: was, actual: before?.actual ?? null, result: result.status },
      after: {
        case: key,
        step: at,
        status,
        actual,
        result: next ?? result.status,
        run: run.number,
        releaseId: run.releaseId,
      },
    });
    if (was !== status) {
      const gave = next ? `, so the case is ${resultLabels[next]}` : "";
      await voidSignOff(
        tx,
        actor,
        run,
        `${key} step ${at} changed from ${resultLabels[was]} to ${resultLabels[status]} by ${actorName(actor.label)}${gave}`,
      );
    }
    await notifyRun(tx, run, result.assigneeId !== null);
  }, LONG_CHANGE);
  return getResultDetail(runId, resultId);
}

/**
 * Takes back a recording made by mistake (the execution page's U, within seconds): the result
 * returns to what it was before — status, note, source, duration and who recorded it, from the
 * event before — and the taken-back event leaves the result's history. The audit trail keeps both
 * the recording and this (`result.undone`).
 *
 * Only the caller's own latest recording of the result can be taken back, and `status` must name
 * the status it set: 409 Conflict when someone (or a JUnit import) recorded the result since.
 */
export async function undoResult(actor: Actor, runId: string, resultId: string, raw: unknown): Promise<RunSummaryDto> {
  if (!canRecordResults(actor)) throw new Forbidden("Only members record results.");
  const input = parseInput(undoResultSchema, raw);
  if (!isUuid(runId) || !isUuid(resultId)) throw new NotFound("Result");
  await transaction(async (tx) => {
    const { run, result, key } = await lockedResult(tx, runId, resultId);
    const [latest, before] = await tx.testResultEvent.findMany({
      where: { resultId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 2,
    });
    if (!latest || latest.memberId !== actor.id || latest.actorKind !== actor.kind || latest.status !== input.status) {
      throw new Conflict(`${key} was recorded since (now ${resultLabels[result.status]}): there is nothing of yours to undo.`, [
        { field: "status", message: `Your latest recording of ${key} is not the newest one` },
      ]);
    }
    await tx.testResultEvent.delete({ where: { id: latest.id } });
    await tx.testResult.update({
      where: { id: result.id },
      data: before
        ? {
            status: before.status,
            note: before.note,
            source: before.source,
            flaky: before.flaky,
            durationMs: before.durationMs,
            executedById: before.memberId,
            executedAt: before.createdAt,
          }
        : { status: "UNTESTED", note: null, source: "MANUAL", flaky: false, durationMs: null, executedById: null, executedAt: null },
    });
    const restored = before?.status ?? "UNTESTED";
    await recordAudit(tx, actor, {
      action: "result.undone",
      objectType: "test_run",
      objectId: run.id,
      projectId: run.projectId,
      before: { case: key, status: latest.status },
      after: { case: key, status: restored, run: run.number, releaseId: run.releaseId },
    });
    if (restored !== latest.status) {
      await voidSignOff(
        tx,
        actor,
        run,
        `${key} changed from ${resultLabels[latest.status]} to ${resultLabels[restored]} by ${actorName(actor.label)} (undone)`,
      );
    }
    await notifyRun(tx, run, result.assigneeId !== null);
  }, LONG_CHANGE);
  return getRunSummary(runId);
}

/**
 * Links an issue to a failed or blocked result's case: the case carries it into later runs of the
 * project ("known issue") until someone removes it. The same issue linked again to the case, from
 * this run or another, however its URL was written, is the one link it already has (`created`
 * false, nothing recorded); the unique (case, issue) key keeps concurrent links from doubling it.
 */
export async function linkDefect(
  actor: Actor,
  runId: string,
  resultId: string,
  raw: unknown,
): Promise<{ link: KnownIssueDto; created: boolean }> {
  if (!canLinkDefects(actor)) throw new Forbidden("Only members link defects.");
  const input = parseInput(linkDefectSchema, raw);
  if (!isUuid(runId) || !isUuid(resultId)) throw new NotFound("Result");
  const issue = parseDefectUrl(input.url)!;
  return transaction(async (tx) => {
    const { run, result, key } = await lockedResult(tx, runId, resultId);
    if (!LINKS_DEFECTS.includes(result.status))
      throw new ValidationFailed([
        { field: "url", message: `Only a failed or blocked result takes a defect link: ${key} is ${resultLabels[result.status]}` },
      ]);
    const { count } = await tx.defectLink.createMany({
      data: [{ caseId: result.caseId, resultId: result.id, url: issue.url, identity: issue.identity, linkedById: actor.id! }],
      skipDuplicates: true,
    });
    const { id } = await tx.defectLink.findUniqueOrThrow({
      where: { caseId_identity: { caseId: result.caseId, identity: issue.identity } },
      select: { id: true },
    });
    const link = await defectLinkById(id, tx);
    if (count === 0) return { link, created: false };
    await recordAudit(tx, actor, {
      action: "result.defect_linked",
      objectType: "test_run",
      objectId: run.id,
      projectId: run.projectId,
      after: { case: key, run: run.number, defectLinkId: id, url: issue.url, label: issue.label, kind: issue.kind, status: result.status },
    });
    await notifyRun(tx, run);
    return { link, created: true };
  }, LONG_CHANGE);
}

/** Removes a defect link from its case (QA, an admin, or whoever linked it): later runs no longer show it. */
export async function removeDefectLink(actor: Actor, runId: string, resultId: string, linkId: string): Promise<KnownIssueDto> {
  if (!canLinkDefects(actor)) throw new Forbidden("Only members remove defect links.");
  if (!isUuid(runId) || !isUuid(resultId) || !isUuid(linkId)) throw new NotFound("Defect link");
  return transaction(async (tx) => {
    const { run, result, key } = await lockedResult(tx, runId, resultId);
    const found = await tx.defectLink.findFirst({ where: { id: linkId, caseId: result.caseId }, select: { id: true } });
    if (!found) throw new NotFound("Defect link");
    const link = await defectLinkById(found.id, tx);
    if (!canRemoveDefectLink(actor, link))
      throw new Forbidden(`Only QA, an admin or ${link.linkedBy}, who linked it, removes ${link.label} from ${key}.`);
    await tx.defectLink.delete({ where: { id: link.id } });
    await recordAudit(tx, actor, {
      action: "result.defect_removed",
      objectType: "test_run",
      objectId: run.id,
      projectId: run.projectId,
      before: { linkedBy: link.linkedBy, linkedAt: link.linkedAt, linkedInRun: link.run.number },
      after: { case: key, run: run.number, defectLinkId: link.id, url: link.url, label: link.label, kind: link.kind },
    });
    await notifyRun(tx, run);
    return link;
  }, LONG_CHANGE);
}

/**
 * Re-checks, in the sign-off's transaction, the promotions of the release waiting on the signed environment's sign-off:
 * lib/promotions/workflow.ts's settleAfterSignOff, passed in by the caller (promotions build on test runs, not the other way).
 */
type SettleAfterSignOff = (tx: Tx, actor: Actor, releaseId: string, signedEnvironmentId: string) => Promise<void>;

/** QA's decision on a run. Signing off a run with failed, blocked or untested results needs a waiver, with a reason, for each. */
export async function signOffRun(
  actor: Actor,
  runId: string,
  raw: unknown,
  settleAfterSignOff: SettleAfterSignOff,
): Promise<RunSummaryDto> {
  if (!canSignOff(actor)) throw new Forbidden("Only QA signs a run off or blocks it.");
  const input = parseInput(signOffSchema, raw);
  if (!isUuid(runId)) throw new NotFound("Test run");
  await transaction(async (tx) => {
    const run = await lockRun(tx, runId).catch(() => {
      throw new NotFound("Test run");
    });
    const open = await tx.testResult.findMany({
      where: { runId, status: { in: NEEDS_WAIVER } },
      select: { id: true, status: true, testCase: { select: { number: true } } },
      orderBy: { testCase: { number: "asc" } },
    });
    const waivers = new Map(input.waivers.map((w) => [w.resultId, w.reason]));
    if (input.decision === "SIGNED_OFF") {
      const missing = open.filter((result) => !waivers.has(result.id));
      if (missing.length > 0) {
        const named = missing.slice(0, 3).map((r) => `${run.project.key}-${r.testCase.number} (${resultLabels[r.status]})`);
        const more = missing.length > 3 ? ` and ${missing.length - 3} more` : "";
        throw new ValidationFailed([
          { field: "waivers", message: `${named.join(", ")}${more} must each be waived with a reason, or the run blocked` },
        ]);
      }
      const stray = input.waivers.filter((w) => !open.some((r) => r.id === w.resultId));
      if (stray.length > 0)
        throw new ValidationFailed([
          { field: "waivers", message: "A waiver names a result that is neither failed, blocked nor untested in this run" },
        ]);
    }
    // The known issues QA decided with, kept with the decision.
    const knownIssues = await tx.$queryRaw<{ number: number; url: string }[]>`
      select c.number, l.url
      from "TestResult" r
      join "TestCase" c on c.id = r."caseId"
      join "DefectLink" l on l."caseId" = r."caseId"
      join "TestResult" lr on lr.id = l."resultId"
      join "TestRun" lrun on lrun.id = lr."runId"
      where r."runId" = ${runId}::uuid and lrun.number <= ${run.number}
      order by c.number, l."linkedAt", l.id`;
    await voidSignOff(tx, actor, run, `replaced by a new decision of ${actorName(actor.label)}`);
    const signOff = await tx.signOff.create({
      data: {
        runId,
        decision: input.decision,
        comment: input.comment,
        memberId: actor.id!,
        waivers: {
          create: input.decision === "SIGNED_OFF" ? open.map((result) => ({ resultId: result.id, reason: waivers.get(result.id)! })) : [],
        },
      },
    });
    await recordAudit(tx, actor, {
      action: input.decision === "SIGNED_OFF" ? "run.signed_off" : "run.blocked",
      objectType: "test_run",
      objectId: runId,
      projectId: run.projectId,
      reason: input.comment,
      after: {
        signOffId: signOff.id,
        run: run.number,
        version: run.release.version,
        releaseId: run.releaseId,
        environment: run.environment.name,
        waivers:
          input.decision === "SIGNED_OFF"
            ? open.map((r) => ({ case: `${run.project.key}-${r.testCase.number}`, status: r.status, reason: waivers.get(r.id) }))
            : [],
        knownIssues: knownIssues.map((issue) => ({
          case: `${run.project.key}-${issue.number}`,
          label: parseDefectUrl(issue.url)?.label ?? issue.url,
          url: issue.url,
        })),
      },
    });
    if (input.decision === "SIGNED_OFF") {
      await enqueueEvent(tx, run.projectId, "run.signed_off", {
        actor: actorName(actor.label),
        release: { version: run.release.version, commitSha: run.release.commitSha, artifactRef: run.release.artifactRef },
        run: {
          id: run.id,
          number: run.number,
          name: run.name,
          environment: run.environment.name,
          url: appUrl(`/projects/${run.project.slug}/runs/${run.id}`),
        },
        message: input.comment,
        waived: open.length,
      });
      // Promotions of this release waiting on this environment's sign-off may go now.
      await settleAfterSignOff(tx, actor, run.releaseId, run.environmentId);
    }
    await notifyRun(tx, run, true);
  }, LONG_CHANGE);
  return getRunSummary(runId);
}

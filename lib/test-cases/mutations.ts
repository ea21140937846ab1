import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { CHANGE, transaction } from "@/lib/db/transaction";
import { db, type Tx } from "@/lib/db/client";
import { uniqueViolation } from "@/lib/db/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { Conflict, Forbidden, NotFound, ValidationFailed } from "@/lib/http/errors";
import { notifyChange } from "@/lib/realtime/notify";
import { isUuid, parseInput } from "@/lib/http/validation";
import { canEditCases } from "./policy";
import { getCase, listSuites, projectForCases } from "./queries";
import {
  bulkCasesSchema,
  caseInputSchema,
  suiteInputSchema,
  updateCaseSchema,
  type CaseDto,
  type CaseFields,
  type SuiteDto,
} from "./schemas";
import { changedFields, searchTextOf, snapshotOf } from "./snapshot";

type Project = { id: string; slug: string; key: string };

function requireEditor(actor: Actor) {
  if (!canEditCases(actor)) throw new Forbidden("Only members edit the test-case library.");
}

async function suiteName(tx: Tx, projectId: string, suiteId: string | null): Promise<string | null> {
  if (!suiteId) return null;
  const suite = await tx.testSuite.findFirst({ where: { id: suiteId, projectId }, select: { name: true } });
  if (!suite) throw new ValidationFailed([{ field: "suiteId", message: "No such suite in this project" }]);
  return suite.name;
}

const automationTaken = () =>
  new Conflict("Another case already has this automation id: JUnit results can map to one case only.", [
    { field: "automationId", message: "Already used by another case" },
  ]);

export function revisionData(
  actor: Actor,
  caseId: string,
  revision: number,
  snapshot: unknown,
): Prisma.TestCaseRevisionUncheckedCreateInput {
  return {
    caseId,
    revision,
    snapshot: snapshot as Prisma.InputJsonValue,
    authorKind: actor.kind,
    authorId: actor.kind === "MEMBER" ? actor.id : null,
    tokenId: actor.kind === "TOKEN" ? actor.id : null,
  };
}

export function notifyCases(tx: Tx, project: Project) {
  return notifyChange(tx, { projectId: project.id, projectSlug: project.slug, topics: ["cases"] });
}

/** Writes a new case with its steps and first revision (inside the caller's transaction). */
async function insertCase(tx: Tx, actor: Actor, project: Project, fields: CaseFields): Promise<{ id: string; key: string }> {
  const name = await suiteName(tx, project.id, fields.suiteId);
  const { caseSeq: number } = await tx.project.update({
    where: { id: project.id },
    data: { caseSeq: { increment: 1 } },
    select: { caseSeq: true },
  });
  const key = `${project.key}-${number}`;
  const created = await tx.testCase.create({
    data: {
      projectId: project.id,
      number,
      suiteId: fields.suiteId,
      title: fields.title,
      preconditions: fields.preconditions,
      priority: fields.priority,
      tags: fields.tags,
      kind: fields.kind,
      automationId: fields.automationId,
      searchText: searchTextOf(key, fields),
      steps: { create: fields.steps.map((step, position) => ({ position, ...step })) },
    },
  });
  const snapshot = snapshotOf(fields, name);
  await tx.testCaseRevision.create({ data: revisionData(actor, created.id, 1, { ...snapshot, changed: changedFields(null, snapshot) }) });
  await recordAudit(tx, actor, {
    action: "case.created",
    objectType: "test_case",
    objectId: created.id,
    projectId: project.id,
    after: { key, ...snapshot },
  });
  return { id: created.id, key };
}

export async function createCase(actor: Actor, slug: string, raw: unknown): Promise<CaseDto> {
  requireEditor(actor);
  const fields = parseInput(caseInputSchema, raw);
  const project = await projectForCases(slug);
  if (
    fields.automationId &&
    (await db().testCase.findFirst({ where: { projectId: project.id, automationId: fields.automationId }, select: { id: true } }))
  ) {
    throw automationTaken();
  }
  try {
    const { key } = await transaction(async (tx) => {
      const created = await insertCase(tx, actor, project, fields);
      await notifyCases(tx, project);
      return created;
    }, CHANGE);
    return getCase(slug, key);
  } catch (error) {
    if (uniqueViolation(error)) throw automationTaken();
    throw error;
  }
}

export type CaseRow = Prisma.TestCaseGetPayload<{ include: { steps: true; suite: true } }>;

export function fieldsOf(row: CaseRow): CaseFields {
  return {
    title: row.title,
    preconditions: row.preconditions,
    steps: [...row.steps].sort((a, b) => a.position - b.position).map((s) => ({ action: s.action, expected: s.expected })),
    priority: row.priority,
    tags: row.tags,
    suiteId: row.suiteId,
    kind: row.kind,
    automationId: row.automationId,
  };
}

/** Writes new fields as the next revision; nothing when nothing changed. Returns whether it changed. */
async function reviseCase(tx: Tx, actor: Actor, project: Project, row: CaseRow, fields: CaseFields, archive?: boolean): Promise<boolean> {
  const key = `${project.key}-${row.number}`;
  const before = snapshotOf(fieldsOf(row), row.suite?.name ?? null);
  const after = snapshotOf(fields, await suiteName(tx, project.id, fields.suiteId));
  const changed = changedFields(before, after);
  const archiving = archive !== undefined && archive !== (row.archivedAt !== null);
  if (changed.length === 0 && !archiving) return false;
  const revision = row.revision + 1;
  await tx.testCase.update({
    where: { id: row.id },
    data: {
      title: fields.title,
      preconditions: fields.preconditions,
      priority: fields.priority,
      tags: fields.tags,
      suiteId: fields.suiteId,
      kind: fields.kind,
      automationId: fields.automationId,
      searchText: searchTextOf(key, fields, row.externalId),
      revision,
      ...(archiving ? { archivedAt: archive ? new Date() : null } : {}),
    },
  });
  if (changed.includes("steps")) {
    await tx.testStep.deleteMany({ where: { caseId: row.id } });
    await tx.testStep.createMany({ data: fields.steps.map((step, position) => ({ caseId: row.id, position, ...step })) });
  }
  const recorded = archiving ? [...changed, archive ? "archived" : "restored"] : changed;
  await tx.testCaseRevision.create({ data: revisionData(actor, row.id, revision, { ...after, changed: recorded }) });
  await recordAudit(tx, actor, {
    action: archiving ? (archive ? "case.archived" : "case.restored") : "case.updated",
    objectType: "test_case",
    objectId: row.id,
    projectId: project.id,
    before: Object.fromEntries(changed.map((field) => [field, before[field]])),
    after: { key, revision, changed: recorded, ...Object.fromEntries(changed.map((field) => [field, after[field]])) },
  });
  return true;
}

/** Edits a case; `revision` is the one the editor saw, and a newer one means someone else edited it. */
export async function updateCase(actor: Actor, slug: string, key: string, raw: unknown): Promise<CaseDto> {
  requireEditor(actor);
  const input = parseInput(updateCaseSchema, raw);
  const project = await projectForCases(slug);
  const current = await getCase(slug, key);
  try {
    await transaction(async (tx) => {
      await tx.$queryRaw`select 1 from "TestCase" where id = ${current.id}::uuid for update`;
      const row = await tx.testCase.findUniqueOrThrow({ where: { id: current.id }, include: { steps: true, suite: true } });
      if (row.revision !== input.revision)
        throw new Conflict(`${key} was changed meanwhile (now revision ${row.revision}): reload it and apply your edit again.`);
      if (await reviseCase(tx, actor, project, row, input)) await notifyCases(tx, project);
    }, CHANGE);
  } catch (error) {
    if (uniqueViolation(error)) throw automationTaken();
    throw error;
  }
  return getCase(slug, key);
}

/** Tags, moves or archives many cases at once; each changed case gets its own revision. */
export async function bulkUpdateCases(actor: Actor, slug: string, raw: unknown): Promise<{ changed: number }> {
  requireEditor(actor);
  const { caseIds, change } = parseInput(bulkCasesSchema, raw);
  const project = await projectForCases(slug);
  const changed = await transaction(
    async (tx) => {
      if (change.action === "move") await suiteName(tx, project.id, change.suiteId);
      const rows = await tx.testCase.findMany({
        where: { id: { in: caseIds }, projectId: project.id },
        include: { steps: true, suite: true },
        orderBy: { number: "asc" },
      });
      if (rows.length !== new Set(caseIds).size) throw new NotFound("Some of these cases");
      let count = 0;
      for (const row of rows) {
        const fields = fieldsOf(row);
        let archive: boolean | undefined;
        if (change.action === "addTags") fields.tags = [...new Set([...fields.tags, ...change.tags])].sort();
        if (change.action === "removeTags") fields.tags = fields.tags.filter((tag) => !change.tags.includes(tag));
        if (change.action === "move") fields.suiteId = change.suiteId;
        if (change.action === "archive") archive = true;
        if (change.action === "unarchive") archive = false;
        if (await reviseCase(tx, actor, project, row, fields, archive)) count++;
      }
      if (count > 0) await notifyCases(tx, project);
      return count;
    },
    { maxWait: 30_000, timeout: 120_000, prepared: true },
  );
  return { changed };
}

// --- Suites --------------------------------------------------------------------------

export async function createSuite(actor: Actor, slug: string, raw: unknown): Promise<SuiteDto[]> {
  requireEditor(actor);
  const input = parseInput(suiteInputSchema, raw);
  const project = await projectForCases(slug);
  await transaction(async (tx) => {
    if (input.parentId)
      await suiteName(tx, project.id, input.parentId).catch(() => {
        throw new ValidationFailed([{ field: "parentId", message: "No such suite in this project" }]);
      });
    const suite = await tx.testSuite.create({ data: { projectId: project.id, name: input.name, parentId: input.parentId } });
    await recordAudit(tx, actor, {
      action: "suite.created",
      objectType: "test_suite",
      objectId: suite.id,
      projectId: project.id,
      after: { name: suite.name, parentId: suite.parentId },
    });
    await notifyCases(tx, project);
  }, CHANGE);
  return listSuites(slug);
}

/** Renames or moves a suite; a suite cannot move into itself or its own descendants. */
export async function updateSuite(actor: Actor, slug: string, suiteId: string, raw: unknown): Promise<SuiteDto[]> {
  requireEditor(actor);
  const input = parseInput(suiteInputSchema, raw);
  const project = await projectForCases(slug);
  await transaction(async (tx) => {
    const suites = await tx.testSuite.findMany({ where: { projectId: project.id }, select: { id: true, parentId: true, name: true } });
    const suite = isUuid(suiteId) ? suites.find((s) => s.id === suiteId) : undefined;
    if (!suite) throw new NotFound("Suite");
    for (let at = input.parentId; at; at = suites.find((s) => s.id === at)?.parentId ?? null) {
      if (!suites.some((s) => s.id === at)) throw new ValidationFailed([{ field: "parentId", message: "No such suite in this project" }]);
      if (at === suite.id) throw new ValidationFailed([{ field: "parentId", message: "A suite cannot be placed inside itself" }]);
    }
    await tx.testSuite.update({ where: { id: suite.id }, data: { name: input.name, parentId: input.parentId } });
    await recordAudit(tx, actor, {
      action: "suite.updated",
      objectType: "test_suite",
      objectId: suite.id,
      projectId: project.id,
      before: { name: suite.name, parentId: suite.parentId },
      after: { name: input.name, parentId: input.parentId },
    });
    await notifyCases(tx, project);
  }, CHANGE);
  return listSuites(slug);
}

/** Deletes a suite: its cases and sub-suites move up to its parent. */
export async function deleteSuite(actor: Actor, slug: string, suiteId: string): Promise<SuiteDto[]> {
  requireEditor(actor);
  const project = await projectForCases(slug);
  await transaction(async (tx) => {
    const suite = isUuid(suiteId) ? await tx.testSuite.findFirst({ where: { id: suiteId, projectId: project.id } }) : null;
    if (!suite) throw new NotFound("Suite");
    await tx.testSuite.updateMany({ where: { parentId: suite.id }, data: { parentId: suite.parentId } });
    // Each case that moves up gets a revision, as any other edit.
    const cases = await tx.testCase.findMany({ where: { suiteId: suite.id }, include: { steps: true, suite: true } });
    for (const row of cases) await reviseCase(tx, actor, project, row, { ...fieldsOf(row), suiteId: suite.parentId });
    await tx.testSuite.delete({ where: { id: suite.id } });
    await recordAudit(tx, actor, {
      action: "suite.deleted",
      objectType: "test_suite",
      objectId: suite.id,
      projectId: project.id,
      before: { name: suite.name },
    });
    await notifyCases(tx, project);
  }, CHANGE);
  return listSuites(slug);
}

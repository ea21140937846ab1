import "server-only";
// Import of a CSV of cases (ours or TestRail's) and export of the library as CSV. An import is
// read once, then planned against the library: which rows make a case, which change one (named by
// its key, else its external id, else its automation id) and which change nothing, with every
// row's problems. A preview stops there; an apply plans again inside one transaction and writes
// all of it or, with any problem, nothing. Cases are written as createCase and updateCase write
// them (the same validation, search text and revisions), a batch at a time.
import { randomUUID } from "node:crypto";
import { stringify } from "csv-stringify/sync";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { db, type Tx } from "@/lib/db/client";
import { BULK, transaction } from "@/lib/db/transaction";
import { uniqueViolation } from "@/lib/db/errors";
import { Conflict, Forbidden, ValidationFailed } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validation";
import { suitesOf } from "@/lib/junit/import";
import {
  CSV_COLUMNS,
  CsvFileError,
  SHIPROOM_COLUMNS,
  linesOfSteps,
  readCasesCsv,
  type CsvCase,
  type CsvProblem,
  type CsvRead,
} from "./csv";
import { fieldsOf, notifyCases, revisionData, type CaseRow } from "./mutations";
import { casesWhere, projectForCases } from "./queries";
import { caseInputSchema, listCasesSchema, type CaseFields, type CaseImportDto, type ImportAction } from "./schemas";
import { changedFields, searchTextOf, snapshotOf } from "./snapshot";
import { plural } from "../format/plural";

type Project = { id: string; slug: string; key: string };

const SHOWN_PROBLEMS = 200;
const SHOWN_CASES = 500;
const BATCH = 1000;

/** Members edit the library; a token may import with the cases:write scope (the route checks it). */
function requireImporter(actor: Actor) {
  if (actor.kind !== "MEMBER" && actor.kind !== "TOKEN") throw new Forbidden("Only members import test cases.");
}

const pathKey = (path: string[]) => path.map((name) => name.toLowerCase()).join("\u0000");
const pathText = (path: string[]) => (path.length ? path.join(" / ") : null);

/** A row planned: its case (when it names one), its fields, and the suite to make for it (newSuite). */
type Item = { csv: CsvCase; action: ImportAction; row: CaseRow | null; fields: CaseFields; newSuite: string[] | null; changed: string[] };
type Plan = { items: Item[]; problems: CsvProblem[]; newSuites: string[][] };

/** Fields a file leaves out keep the case's own values on an update. */
function merged(csv: CsvCase, read: CsvRead, row: CaseRow | null): { fields: Omit<CaseFields, "suiteId">; suitePath: string[] | null } {
  if (!row) return { fields: csv.fields, suitePath: csv.suitePath };
  const own = fieldsOf(row);
  const fields = { ...csv.fields };
  for (const field of ["title", "preconditions", "steps", "priority", "tags", "kind", "automationId"] as const)
    if (!read.present.has(field)) (fields as Record<string, unknown>)[field] = own[field];
  return { fields, suitePath: read.present.has("suite") ? csv.suitePath : null };
}

async function plan(client: Tx, project: Project, read: CsvRead): Promise<Plan> {
  const problems = [...read.problems];
  const numbers: number[] = [];
  const seen = { key: new Map<string, number>(), externalId: new Map<string, number>(), automationId: new Map<string, number>() };
  const once = (kind: keyof typeof seen, value: string | null, row: number, column: string) => {
    if (!value) return;
    const first = seen[kind].get(value.toLowerCase());
    if (first !== undefined) problems.push({ row, column, message: `'${value}' is also on row ${first}` });
    else seen[kind].set(value.toLowerCase(), row);
  };
  for (const csv of read.cases) {
    once("key", csv.key, csv.row, "Key");
    once("externalId", csv.externalId, csv.row, read.format === "testrail" ? "ID" : "External id");
    once("automationId", csv.fields.automationId, csv.row, "Automation id");
    if (csv.key) {
      const [prefix, number] = csv.key.split("-");
      if (prefix!.toUpperCase() !== project.key || Number(number) < 1 || Number(number) > 2_147_483_647)
        problems.push({
          row: csv.row,
          column: "Key",
          message: `${csv.key} is not a case of this project (keys here read ${project.key}-12)`,
        });
      else numbers.push(Number(number));
    }
  }
  const externalIds = read.cases.flatMap((c) => (c.externalId ? [c.externalId] : []));
  const automationIds = read.cases.flatMap((c) => (c.fields.automationId ? [c.fields.automationId] : []));
  // The cases the file names, by an index each (an OR of three unique indexes), then read a batch at a time.
  const named = await client.$queryRaw<{ id: string }[]>`
    select id from "TestCase" where "projectId" = ${project.id}::uuid
      and (number = any(${numbers}::int[]) or "externalId" = any(${externalIds}::text[]) or "automationId" = any(${automationIds}::text[]))`;
  const rows: CaseRow[] = [];
  for (let i = 0; i < named.length; i += BATCH)
    rows.push(
      ...(await client.testCase.findMany({
        where: { id: { in: named.slice(i, i + BATCH).map((r) => r.id) } },
        include: { steps: true, suite: true },
      })),
    );
  const byNumber = new Map(rows.map((row) => [row.number, row]));
  const byExternal = new Map(rows.flatMap((row) => (row.externalId ? [[row.externalId, row] as const] : [])));
  const byAutomation = new Map(rows.flatMap((row) => (row.automationId ? [[row.automationId, row] as const] : [])));
  const keyOf = (row: CaseRow) => `${project.key}-${row.number}`;

  // Suites by path, as suitesOf matches them (a name under its parent, in any letter case).
  const suites = await client.testSuite.findMany({
    where: { projectId: project.id },
    select: { id: true, parentId: true, name: true },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }, { id: "asc" }],
  });
  const node = new Map<string, string>();
  for (const suite of suites) {
    const k = `${suite.parentId ?? ""}/${suite.name.toLowerCase()}`;
    if (!node.has(k)) node.set(k, suite.id);
  }
  const newSuites = new Map<string, string[]>();
  /** The suite of a path, or undefined when the import makes it (with the parents it lacks). */
  const suiteOf = (path: string[]): string | null | undefined => {
    let parent: string | null = null;
    for (let depth = 0; depth < path.length; depth++) {
      const id = node.get(`${parent ?? ""}/${path[depth]!.toLowerCase()}`);
      if (!id) {
        newSuites.set(pathKey(path), path);
        return undefined;
      }
      parent = id;
    }
    return parent;
  };

  const items: Item[] = [];
  for (const csv of read.cases) {
    const externalColumn = read.format === "testrail" ? "ID" : "External id";
    let row: CaseRow | null = null;
    if (csv.key) {
      const ours = csv.key.split("-")[0]!.toUpperCase() === project.key;
      row = ours ? (byNumber.get(Number(csv.key.split("-")[1])) ?? null) : null;
      if (!row && ours) problems.push({ row: csv.row, column: "Key", message: `There is no case ${csv.key.toUpperCase()} to update` });
    } else {
      row =
        (csv.externalId ? byExternal.get(csv.externalId) : undefined) ??
        (csv.fields.automationId ? byAutomation.get(csv.fields.automationId) : undefined) ??
        null;
    }
    const { fields, suitePath } = merged(csv, read, row);
    // A case's own values kept for the columns left out must still make a valid case with the rest.
    if (row && read.present.size < 8) {
      const issue = caseInputSchema.safeParse({
        ...fields,
        preconditions: fields.preconditions ?? undefined,
        automationId: fields.automationId ?? undefined,
      }).error?.issues[0];
      if (issue)
        problems.push({
          row: csv.row,
          column: SHIPROOM_COLUMNS[String(issue.path[0])] ?? null,
          message: `With ${row.number ? `${project.key}-${row.number}` : "the case"}'s own values: ${issue.message}`,
        });
    }
    const taken = (owner: CaseRow | undefined) => owner && owner.id !== row?.id;
    if (csv.externalId && taken(byExternal.get(csv.externalId)))
      problems.push({
        row: csv.row,
        column: externalColumn,
        message: `'${csv.externalId}' is already the external id of ${keyOf(byExternal.get(csv.externalId)!)}`,
      });
    if (fields.automationId && taken(byAutomation.get(fields.automationId)))
      problems.push({
        row: csv.row,
        column: "Automation id",
        message: `Already the automation id of ${keyOf(byAutomation.get(fields.automationId)!)}`,
      });
    const suiteId = suitePath === null ? (row?.suiteId ?? null) : suiteOf(suitePath);
    const newSuite = suiteId === undefined ? suitePath : null;
    const full: CaseFields = { ...fields, suiteId: suiteId ?? null };
    if (!row) {
      // A key names a case to update: one that names none is a problem, not a case to create.
      if (!csv.key) items.push({ csv, action: "create", row, fields: full, newSuite, changed: [] });
      continue;
    }
    const before = snapshotOf(fieldsOf(row), null);
    const changed: string[] = changedFields(before, snapshotOf(full, null)).filter((field) => field !== "suite");
    if (suiteId !== row.suiteId) changed.push("suite");
    if (csv.externalId && csv.externalId !== row.externalId) changed.push("externalId");
    items.push({ csv, action: changed.length ? "update" : "unchanged", row, fields: full, newSuite, changed });
  }
  problems.sort((a, b) => a.row - b.row);
  return { items, problems, newSuites: [...newSuites.values()] };
}

function summary(project: Project, read: CsvRead, planned: Plan, applied: boolean, keys?: Map<Item, string>): CaseImportDto {
  const count = (action: ImportAction) => planned.items.filter((item) => item.action === action).length;
  return {
    format: read.format,
    applied,
    rows: read.rows,
    create: count("create"),
    update: count("update"),
    unchanged: count("unchanged"),
    newSuites: planned.newSuites.map((path) => path.join(" / ")).sort(),
    problemCount: planned.problems.length,
    problems: planned.problems.slice(0, SHOWN_PROBLEMS),
    ignoredColumns: read.ignoredColumns,
    cases: planned.items
      .filter((item) => item.action !== "unchanged")
      .slice(0, SHOWN_CASES)
      .map((item) => ({
        row: item.csv.row,
        action: item.action,
        key: keys?.get(item) ?? (item.row ? `${project.key}-${item.row.number}` : null),
        externalId: item.csv.externalId ?? item.row?.externalId ?? null,
        title: item.fields.title,
        suite: pathText(item.csv.suitePath),
        changed: item.changed,
      })),
  };
}

async function readFile(body: AsyncIterable<Uint8Array> | string): Promise<CsvRead> {
  try {
    return await readCasesCsv(body);
  } catch (error) {
    if (error instanceof CsvFileError)
      throw new ValidationFailed([
        {
          field: "file",
          message: error.message,
          ...(error.line ? { line: error.line } : {}),
          ...(error.column ? { column: error.column } : {}),
        },
      ]);
    throw error;
  }
}

/**
 * Reads a CSV of cases and says what importing it would do (apply: false), or does it (apply:
 * true): all of it in one transaction, and nothing while any row has a problem (422).
 */
export async function importCases(
  actor: Actor,
  slug: string,
  body: AsyncIterable<Uint8Array> | string,
  apply: boolean,
): Promise<CaseImportDto> {
  requireImporter(actor);
  const project = await projectForCases(slug);
  const read = await readFile(body);
  if (!apply) {
    return summary(project, read, await plan(db() as unknown as Tx, project, read), false);
  }
  try {
    return await transaction(async (tx) => {
      // One import (or JUnit import making cases) at a time per project: it numbers cases.
      await tx.$queryRaw`select 1 from "Project" where id = ${project.id}::uuid for update`;
      const planned = await plan(tx, project, read);
      if (planned.problems.length > 0) {
        throw new ValidationFailed(
          planned.problems
            .slice(0, SHOWN_PROBLEMS)
            .map((p) => ({ field: p.column ?? "file", message: `Row ${p.row}: ${p.message}`, line: p.row })),
          `${plural(planned.problems.length, "row problem")}: nothing was imported. The first: row ${planned.problems[0]!.row}${planned.problems[0]!.column ? `, ${planned.problems[0]!.column}` : ""}: ${planned.problems[0]!.message}`,
        );
      }
      const keys = await write(tx, actor, project, planned);
      const dto = summary(project, read, planned, true, keys);
      await recordAudit(tx, actor, {
        action: "cases.csv_imported",
        objectType: "project",
        objectId: project.id,
        projectId: project.id,
        after: {
          format: read.format,
          rows: read.rows,
          created: dto.create,
          updated: dto.update,
          unchanged: dto.unchanged,
          suites: dto.newSuites.length,
        },
      });
      if (dto.create + dto.update > 0) await notifyCases(tx, project);
      return dto;
    }, BULK);
  } catch (error) {
    // A case written meanwhile (outside the import's lock) took an id the plan saw free.
    if (uniqueViolation(error))
      throw new Conflict("A case was written meanwhile with an automation or external id of this file: import it again.");
    throw error;
  }
}

/** The steps of a batch of cases, in one statement. */
async function insertSteps(tx: Tx, cases: { id: string; fields: Pick<CaseFields, "steps"> }[]) {
  const steps = cases.flatMap(({ fields, id }) => fields.steps.map((step, position) => ({ id, position, ...step })));
  if (steps.length === 0) return;
  await tx.$executeRaw`
    insert into "TestStep" (id, "caseId", position, action, expected)
    select gen_random_uuid(), t.case_id, t.position, t.action, t.expected
    from unnest(${steps.map((s) => s.id)}::uuid[], ${steps.map((s) => s.position)}::int[], ${steps.map((s) => s.action)}::text[],
                ${steps.map((s) => s.expected)}::text[]) as t(case_id, position, action, expected)`;
}

/** A revision each for a batch of cases (who made it as revisionData says), in one statement. */
async function insertRevisions(tx: Tx, actor: Actor, revisions: { id: string; revision: number; snapshot: unknown }[]) {
  const one = revisionData(actor, "", 0, null);
  await tx.$executeRaw`
    insert into "TestCaseRevision" (id, "caseId", revision, snapshot, "authorKind", "authorId", "tokenId")
    select gen_random_uuid(), t.case_id, t.revision, t.snapshot, ${one.authorKind}::"ActorKind", ${one.authorId ?? null}::uuid, ${one.tokenId ?? null}::uuid
    from unnest(${revisions.map((r) => r.id)}::uuid[], ${revisions.map((r) => r.revision)}::int[],
                ${revisions.map((r) => JSON.stringify(r.snapshot))}::text[]::jsonb[]) as t(case_id, revision, snapshot)`;
}

/** Writes a checked plan: suites, then new cases a batch at a time, then each changed case. */
async function write(tx: Tx, actor: Actor, project: Project, planned: Plan): Promise<Map<Item, string>> {
  const keys = new Map<Item, string>();
  const made = new Map<string, string>();
  if (planned.newSuites.length > 0) {
    const ids = await suitesOf(tx, project.id, planned.newSuites);
    planned.newSuites.forEach((path, i) => made.set(pathKey(path), ids[i]!));
  }
  const suiteNames = new Map(
    (await tx.testSuite.findMany({ where: { projectId: project.id }, select: { id: true, name: true } })).map((s) => [s.id, s.name]),
  );
  const resolve = (item: Item): string | null => (item.newSuite ? made.get(pathKey(item.newSuite))! : item.fields.suiteId);

  const creates = planned.items.filter((item) => item.action === "create");
  if (creates.length > 0) {
    const { caseSeq } = await tx.project.update({
      where: { id: project.id },
      data: { caseSeq: { increment: creates.length } },
      select: { caseSeq: true },
    });
    let number = caseSeq - creates.length + 1;
    for (let i = 0; i < creates.length; i += BATCH) {
      const batch = creates.slice(i, i + BATCH).map((item) => {
        const fields = { ...item.fields, suiteId: resolve(item) };
        const key = `${project.key}-${number}`;
        keys.set(item, key);
        return { item, fields, id: randomUUID(), number: number++, key };
      });
      // Set-based, as the JUnit import makes cases: a statement a table for a batch of a thousand.
      await tx.$executeRaw`
        insert into "TestCase" (id, "projectId", number, "suiteId", title, preconditions, priority, tags, kind, "automationId", "externalId", revision, "searchText", "updatedAt")
        select t.id, ${project.id}::uuid, t.number, t.suite, t.title, t.pre, t.priority::"CasePriority", array(select jsonb_array_elements_text(t.tags)),
               t.kind::"CaseKind", t.automation, t.external, 1, t.search, now()
        from unnest(${batch.map((b) => b.id)}::uuid[], ${batch.map((b) => b.number)}::int[], ${batch.map((b) => b.fields.suiteId)}::uuid[],
                    ${batch.map((b) => b.fields.title)}::text[], ${batch.map((b) => b.fields.preconditions)}::text[],
                    ${batch.map((b) => b.fields.priority)}::text[], ${batch.map((b) => JSON.stringify(b.fields.tags))}::text[]::jsonb[],
                    ${batch.map((b) => b.fields.kind)}::text[], ${batch.map((b) => b.fields.automationId)}::text[],
                    ${batch.map((b) => b.item.csv.externalId)}::text[],
                    ${batch.map((b) => searchTextOf(b.key, b.fields, b.item.csv.externalId))}::text[])
          as t(id, number, suite, title, pre, priority, tags, kind, automation, external, search)`;
      await insertSteps(tx, batch);
      await insertRevisions(
        tx,
        actor,
        batch.map(({ id, fields }) => {
          const snapshot = snapshotOf(fields, fields.suiteId ? (suiteNames.get(fields.suiteId) ?? null) : null);
          return { id, revision: 1, snapshot: { ...snapshot, changed: changedFields(null, snapshot) } };
        }),
      );
    }
  }

  const updates = planned.items.filter((item) => item.action === "update");
  for (let i = 0; i < updates.length; i += BATCH) {
    const batch = updates.slice(i, i + BATCH).map((item) => {
      const row = item.row!;
      const fields = { ...item.fields, suiteId: resolve(item) };
      const key = `${project.key}-${row.number}`;
      keys.set(item, key);
      const externalId = item.csv.externalId ?? row.externalId;
      return { item, id: row.id, fields, key, externalId, revision: row.revision + 1 };
    });
    await tx.$executeRaw`
      update "TestCase" c
      set title = t.title, preconditions = t.pre, priority = t.priority::"CasePriority", tags = array(select jsonb_array_elements_text(t.tags)),
          "suiteId" = t.suite, kind = t.kind::"CaseKind", "automationId" = t.automation, "externalId" = t.external, "searchText" = t.search,
          revision = t.revision, "updatedAt" = now()
      from unnest(${batch.map((b) => b.id)}::uuid[], ${batch.map((b) => b.revision)}::int[], ${batch.map((b) => b.fields.suiteId)}::uuid[],
                  ${batch.map((b) => b.fields.title)}::text[], ${batch.map((b) => b.fields.preconditions)}::text[],
                  ${batch.map((b) => b.fields.priority)}::text[], ${batch.map((b) => JSON.stringify(b.fields.tags))}::text[]::jsonb[],
                  ${batch.map((b) => b.fields.kind)}::text[], ${batch.map((b) => b.fields.automationId)}::text[], ${batch.map((b) => b.externalId)}::text[],
                  ${batch.map((b) => searchTextOf(b.key, b.fields, b.externalId))}::text[])
        as t(id, revision, suite, title, pre, priority, tags, kind, automation, external, search)
      where c.id = t.id`;
    const restepped = batch.filter((b) => b.item.changed.includes("steps"));
    if (restepped.length > 0) {
      await tx.$executeRaw`delete from "TestStep" where "caseId" = any(${restepped.map((b) => b.id)}::uuid[])`;
      await insertSteps(tx, restepped);
    }
    await insertRevisions(
      tx,
      actor,
      batch.map(({ id, fields, revision, item }) => ({
        id,
        revision,
        snapshot: { ...snapshotOf(fields, fields.suiteId ? (suiteNames.get(fields.suiteId) ?? null) : null), changed: item.changed },
      })),
    );
  }
  return keys;
}

// --- Export --------------------------------------------------------------------------------

/** The library (or the part its filters select, as listCases takes them) as CSV in our column set, streamed. */
export async function exportCases(slug: string, raw: unknown): Promise<{ filename: string; stream: ReadableStream<Uint8Array> }> {
  const { page: _page, ...params } = parseInput(listCasesSchema, raw ?? {});
  const project = await projectForCases(slug);
  const where = casesWhere(project, params);
  const suites = await db().testSuite.findMany({ where: { projectId: project.id }, select: { id: true, parentId: true, name: true } });
  const byId = new Map(suites.map((s) => [s.id, s]));
  const pathOf = (id: string | null): string => {
    const names: string[] = [];
    for (let at = id ? byId.get(id) : undefined; at && names.length < 50; at = at.parentId ? byId.get(at.parentId) : undefined)
      names.unshift(at.name);
    return names.join(" / ");
  };
  const encoder = new TextEncoder();
  let after = 0;
  let header = true;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const ids = await db().$queryRaw<{ id: string; number: number }[]>`
        select id, number from "TestCase" where ${where} and "number" > ${after} order by "number" limit ${BATCH}`;
      const rows = await db().testCase.findMany({
        where: { id: { in: ids.map((r) => r.id) } },
        include: { steps: { orderBy: { position: "asc" } } },
        orderBy: { number: "asc" },
      });
      // csv-stringify quotes where needed and guards cells a spreadsheet would run as formulas
      // (an import undoes the guard, so an export reads back unchanged).
      const chunk = stringify(
        rows.map((row) => [
          `${project.key}-${row.number}`,
          row.title,
          pathOf(row.suiteId),
          row.priority,
          row.kind,
          row.tags.join(", "),
          row.preconditions ?? "",
          linesOfSteps(row.steps),
          row.automationId ?? "",
          row.externalId ?? "",
        ]),
        { header, columns: [...CSV_COLUMNS], escape_formulas: true },
      );
      header = false;
      if (chunk) controller.enqueue(encoder.encode(chunk));
      if (ids.length < BATCH) controller.close();
      else after = ids.at(-1)!.number;
    },
  });
  return { filename: `${project.key.toLowerCase()}-cases-${new Date().toISOString().slice(0, 10)}.csv`, stream };
}

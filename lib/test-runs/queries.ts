import "server-only";
import { SYSTEM_NAME } from "@/lib/auth/actor";
import { signOffStanding } from "./policy";
import { db, type Db, type Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { NotFound } from "@/lib/http/errors";
import type { CaseSnapshot } from "@/lib/test-cases/schemas";
import { storedSummary } from "./import-summary";
import { isUuid } from "@/lib/http/validation";
import { withCurrentNames } from "@/lib/mentions/mentions";
import { parseDefectUrl } from "./defect-url";
import {
  RESULT_STATUSES,
  type KnownIssueDto,
  type ResultDetailDto,
  type ResultDto,
  type RunDto,
  type RunSummaryDto,
  type SignOffDto,
  type StatusCounts,
  type StepResultDto,
  type StepStatus,
  type UploadTotal,
} from "./schemas";
import { NEWEST_RUN_FIRST, NEWEST_SIGN_OFF_FIRST } from "./order";
import { testerProgress } from "./tester-progress";

const runInclude = {
  project: { select: { slug: true, key: true } },
  release: { select: { id: true, version: true } },
  environment: { select: { id: true, name: true } },
  createdBy: { select: { name: true } },
  createdByToken: { select: { name: true } },
  signOffs: {
    orderBy: NEWEST_SIGN_OFF_FIRST,
    take: 1,
    include: {
      member: { select: { name: true, roles: true, deactivatedAt: true } },
      waivers: { include: { result: { select: { testCase: { select: { number: true } } } } } },
    },
  },
} satisfies Prisma.TestRunInclude;
type RunRow = Prisma.TestRunGetPayload<{ include: typeof runInclude }>;

function emptyCounts(): StatusCounts {
  return Object.fromEntries(RESULT_STATUSES.map((status) => [status, 0])) as StatusCounts;
}

async function countsByRun(runIds: string[]): Promise<Map<string, StatusCounts>> {
  const groups = await db().testResult.groupBy({ by: ["runId", "status"], where: { runId: { in: runIds } }, _count: true });
  const counts = new Map(runIds.map((id) => [id, emptyCounts()]));
  for (const group of groups) counts.get(group.runId)![group.status] = group._count;
  return counts;
}

function toSignOff(row: RunRow): SignOffDto | null {
  const signOff = row.signOffs[0];
  if (!signOff) return null;
  return {
    id: signOff.id,
    decision: signOff.decision,
    comment: signOff.comment,
    by: signOff.member.name,
    at: signOff.createdAt.toISOString(),
    voided: signOff.voidedAt ? { at: signOff.voidedAt.toISOString(), reason: signOff.voidReason } : null,
    notCounted: signOff.decision === "SIGNED_OFF" && !signOff.voidedAt ? signOffStanding(signOff.member) : null,
    waivers: signOff.waivers.map((w) => ({
      resultId: w.resultId,
      caseKey: `${row.project.key}-${w.result.testCase.number}`,
      reason: w.reason,
    })),
  };
}

function toSummary(row: RunRow, counts: StatusCounts): RunSummaryDto {
  return {
    id: row.id,
    number: row.number,
    name: row.name,
    project: row.project,
    release: row.release,
    environment: row.environment,
    createdAt: row.createdAt.toISOString(),
    // Who made it: a person, a pipeline's token (as the audit trail names it), else Shiproom itself.
    createdBy: row.createdBy?.name ?? (row.createdByToken ? `token ${row.createdByToken.name}` : SYSTEM_NAME),
    total: Object.values(counts).reduce((a, b) => a + b, 0),
    counts,
    signOff: toSignOff(row),
  };
}

/** Runs of a project, newest first; optionally of one release. */
export async function listRuns(slug: string, options: { release?: string } = {}): Promise<RunSummaryDto[]> {
  const project = await db().project.findFirst({ where: { slug, archivedAt: null }, select: { id: true } });
  if (!project) throw new NotFound("Project");
  const rows = await db().testRun.findMany({
    where: { projectId: project.id, ...(options.release ? { release: { version: options.release } } : {}) },
    orderBy: NEWEST_RUN_FIRST,
    take: 100,
    include: runInclude,
  });
  const counts = await countsByRun(rows.map((r) => r.id));
  return rows.map((row) => toSummary(row, counts.get(row.id)!));
}

async function runRow(id: string): Promise<RunRow> {
  const row = isUuid(id) ? await db().testRun.findUnique({ where: { id }, include: runInclude }) : null;
  if (!row) throw new NotFound("Test run");
  return row;
}

export async function getRunSummary(id: string): Promise<RunSummaryDto> {
  const row = await runRow(id);
  return toSummary(row, (await countsByRun([row.id])).get(row.id)!);
}

type DefectLinkRow = {
  id: string;
  caseId: string;
  resultId: string;
  url: string;
  linkedAt: Date;
  linkedById: string;
  linkedBy: string;
  runId: string;
  runNumber: number;
};

function toKnownIssue(row: DefectLinkRow): KnownIssueDto {
  // Stored URLs passed the same check; label and kind are read anew, so a better recogniser shows old links better.
  const parsed = parseDefectUrl(row.url);
  return {
    id: row.id,
    url: parsed?.url ?? row.url,
    label: parsed?.label ?? row.url,
    kind: parsed?.kind ?? "link",
    linkedAt: row.linkedAt.toISOString(),
    linkedBy: row.linkedBy,
    linkedById: row.linkedById,
    run: { id: row.runId, number: row.runNumber },
    resultId: row.resultId,
  };
}

const defectLinkColumns = Prisma.sql`l.id, l."caseId", l."resultId", l.url, l."linkedAt", l."linkedById", m.name as "linkedBy",
  lr."runId", lrun.number as "runNumber"`;
const defectLinkJoins = Prisma.sql`join "TestResult" lr on lr.id = l."resultId"
  join "TestRun" lrun on lrun.id = lr."runId"
  join "Member" m on m.id = l."linkedById"`;

/** One defect link as a result shows it; read inside the change that made it when `client` is its tx. */
export async function defectLinkById(id: string, client: Tx | Db = db()): Promise<KnownIssueDto> {
  const [row] = await client.$queryRaw<DefectLinkRow[]>`
    select ${defectLinkColumns} from "DefectLink" l ${defectLinkJoins} where l.id = ${id}::uuid`;
  if (!row) throw new NotFound("Defect link");
  return toKnownIssue(row);
}

/** The defect links a run's cases carry: made in this run or an earlier one of the project, oldest first. */
async function knownIssuesOfRun(runId: string, number: number): Promise<Map<string, KnownIssueDto[]>> {
  const rows = await db().$queryRaw<DefectLinkRow[]>`
    select ${defectLinkColumns}
    from "TestResult" r
    join "DefectLink" l on l."caseId" = r."caseId"
    ${defectLinkJoins}
    where r."runId" = ${runId}::uuid and lrun.number <= ${number}
    order by l."linkedAt", l.id`;
  const byCase = new Map<string, KnownIssueDto[]>();
  for (const row of rows) byCase.set(row.caseId, [...(byCase.get(row.caseId) ?? []), toKnownIssue(row)]);
  return byCase;
}

/** The marked steps of the given results (or of a run's), by result, each in step order. */
async function stepResultsOf(where: { runId: string } | { resultId: string }): Promise<Map<string, StepResultDto[]>> {
  const rows = await db().stepResult.findMany({
    where: "runId" in where ? { result: { runId: where.runId } } : { resultId: where.resultId },
    orderBy: [{ resultId: "asc" }, { position: "asc" }],
    include: { member: { select: { name: true } } },
  });
  const byResult = new Map<string, StepResultDto[]>();
  for (const row of rows) {
    const step: StepResultDto = {
      position: row.position,
      status: row.status as StepStatus,
      actual: row.actual,
      by: row.member.name,
      at: row.updatedAt.toISOString(),
    };
    byResult.set(row.resultId, [...(byResult.get(row.resultId) ?? []), step]);
  }
  return byResult;
}

/** A run with every result (thousands are fine: one query, compact rows). */
export async function getRun(id: string): Promise<RunDto> {
  const row = await runRow(id);
  // The results in one statement, already in the shape the page and the API show: a run holds
  // thousands, and mapping Prisma's nested rows cost more than the query.
  const [results, imports, knownIssues, steps] = await Promise.all([
    db().$queryRaw<
      (Omit<ResultDto, "at" | "knownIssues" | "assignee" | "steps"> & {
        at: Date | null;
        assigneeId: string | null;
        assigneeName: string | null;
      })[]
    >`
      select r.id, r."caseId", ${row.project.key} || '-' || c.number as "caseKey",
             coalesce(pinned.snapshot->>'title', c.title) as title, s.name as suite,
             c.kind::text as kind, c.priority::text as priority, r.status::text as status, r.source::text as source,
             r.flaky, r.note, r."durationMs", coalesce(m.name, case when r.source = 'IMPORT' then 'JUnit import' end) as by,
             r."executedAt" as at, r."caseRevision", c.revision > r."caseRevision" as "newerRevision",
             r."assigneeId", assignee.name as "assigneeName"
      from "TestResult" r
      join "TestCase" c on c.id = r."caseId"
      left join "TestSuite" s on s.id = c."suiteId"
      left join "Member" m on m.id = r."executedById"
      left join "Member" assignee on assignee.id = r."assigneeId"
      left join "TestCaseRevision" pinned on c.revision > r."caseRevision" and pinned."caseId" = c.id and pinned.revision = r."caseRevision"
      where r."runId" = ${row.id}::uuid
      order by c.number`,
    db().junitImport.findMany({
      where: { runId: row.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      include: { member: { select: { name: true } }, token: { select: { name: true } } },
    }),
    knownIssuesOfRun(row.id, row.number),
    stepResultsOf({ runId: row.id }),
  ]);
  const counts = emptyCounts();
  for (const result of results) counts[result.status]++;
  // Mentions in notes read with each member's current name.
  const notes = await withCurrentNames(results.map((result) => result.note));
  results.forEach((result, i) => (result.note = notes[i] ?? null));
  const shown = results.map(({ assigneeId, assigneeName, ...result }) => ({
    ...result,
    at: result.at?.toISOString() ?? null,
    knownIssues: knownIssues.get(result.caseId) ?? [],
    steps: steps.get(result.id) ?? [],
    assignee: assigneeId ? { id: assigneeId, name: assigneeName! } : null,
  }));
  return {
    ...toSummary(row, counts),
    results: shown,
    testers: testerProgress(shown),
    imports: imports.map((imported) => ({
      id: imported.id,
      fileName: imported.fileName,
      at: imported.createdAt.toISOString(),
      by:
        imported.member?.name ??
        (imported.token ? `token ${imported.token.name}` : imported.actorKind === "TOKEN" ? "an API token" : SYSTEM_NAME),
      summary: storedSummary(imported.summary),
      upload: (imported.summary as { upload?: UploadTotal }).upload ?? null,
    })),
  };
}

/** One result as the executor sees it: the case as the run pinned it, and every status it took. */
export async function getResultDetail(runId: string, resultId: string): Promise<ResultDetailDto> {
  const result =
    isUuid(runId) && isUuid(resultId)
      ? await db().testResult.findFirst({
          where: { id: resultId, runId },
          include: {
            run: { select: { project: { select: { key: true } } } },
            testCase: { select: { number: true } },
            history: {
              orderBy: [{ createdAt: "asc" }, { id: "asc" }],
              include: { member: { select: { name: true } }, token: { select: { name: true } } },
            },
          },
        })
      : null;
  if (!result) throw new NotFound("Result");
  const revision = await db().testCaseRevision.findUnique({
    where: { caseId_revision: { caseId: result.caseId, revision: result.caseRevision } },
  });
  const snapshot = (revision?.snapshot ?? {}) as CaseSnapshot;
  const [notes, steps, stepEvents] = await Promise.all([
    withCurrentNames(result.history.map((event) => event.note)),
    stepResultsOf({ resultId: result.id }),
    db().stepResultEvent.findMany({
      where: { resultId: result.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      include: { member: { select: { name: true } } },
    }),
  ]);
  // Each step's change against the one before it (a step starts untested, with no actual result).
  const lastOfStep = new Map<number, { status: string; actual: string | null }>();
  const stepChanges = stepEvents.map((event) => {
    const before = lastOfStep.get(event.position) ?? { status: "UNTESTED", actual: null };
    lastOfStep.set(event.position, event);
    return { event, change: before.status !== event.status ? ("status" as const) : ("actual" as const) };
  });
  const history: ResultDetailDto["history"] = [
    ...result.history.map((event, i) => ({
      status: event.status,
      note: notes[i] ?? null,
      by: event.member?.name ?? (event.token ? `token ${event.token.name}` : event.source === "IMPORT" ? "JUnit import" : SYSTEM_NAME),
      at: event.createdAt.toISOString(),
      source: event.source,
      flaky: event.flaky,
      step: null,
      stepChange: null,
      fromStep: event.fromStep,
    })),
    ...stepChanges.map(({ event, change }) => ({
      status: event.status,
      note: event.actual,
      by: event.member.name,
      at: event.createdAt.toISOString(),
      source: "MANUAL" as const,
      flaky: false,
      step: event.position,
      stepChange: change,
      fromStep: null,
    })),
  ];
  // A step's change comes before the result it gave the case (written in the same change, at the same time).
  history.sort((a, b) => a.at.localeCompare(b.at) || Number(a.step === null) - Number(b.step === null));
  return {
    id: result.id,
    caseKey: `${result.run.project.key}-${result.testCase.number}`,
    status: result.status,
    output: result.output,
    pinned: { ...snapshot, revision: result.caseRevision },
    steps: steps.get(result.id) ?? [],
    history,
  };
}

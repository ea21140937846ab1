import "server-only";
import { SYSTEM_NAME } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { NotFound } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validation";
import {
  CASES_PAGE_SIZE,
  listCasesSchema,
  similarCasesSchema,
  type SimilarCaseDto,
  type ListCasesOutput,
  type CaseDto,
  type CaseListDto,
  type CaseSnapshot,
  type CaseSummaryDto,
  type SuiteDto,
} from "./schemas";
import { toTsQuery } from "./snapshot";

export async function projectForCases(slug: string) {
  const project = await db().project.findFirst({ where: { slug, archivedAt: null }, select: { id: true, slug: true, key: true } });
  if (!project) throw new NotFound("Project");
  return project;
}

const summaryInclude = { suite: { select: { id: true, name: true } } } satisfies Prisma.TestCaseInclude;
type SummaryRow = Prisma.TestCaseGetPayload<{ include: typeof summaryInclude }>;

function toCaseSummary(row: SummaryRow, projectKey: string): CaseSummaryDto {
  return {
    id: row.id,
    key: `${projectKey}-${row.number}`,
    title: row.title,
    priority: row.priority,
    tags: row.tags,
    kind: row.kind,
    automationId: row.automationId,
    externalId: row.externalId,
    suite: row.suite,
    revision: row.revision,
    archived: row.archivedAt !== null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Searches and filters the library; the text search is PostgreSQL full text over title, steps and tags. */
export async function listCases(slug: string, raw: unknown): Promise<CaseListDto> {
  const params = parseInput(listCasesSchema, raw ?? {});
  const project = await projectForCases(slug);
  const where = casesWhere(project, params);
  const offset = (params.page - 1) * CASES_PAGE_SIZE;
  const page = await db().$queryRaw<{ id: string; total: bigint }[]>`
    select id, count(*) over () as total from "TestCase" where ${where} order by "number" limit ${CASES_PAGE_SIZE} offset ${offset}`;
  const total = page[0]
    ? Number(page[0].total)
    : offset > 0
      ? Number((await db().$queryRaw<{ n: bigint }[]>`select count(*) as n from "TestCase" where ${where}`)[0]!.n)
      : 0;
  const rows = await db().testCase.findMany({
    where: { id: { in: page.map((r) => r.id) } },
    include: summaryInclude,
    orderBy: { number: "asc" },
  });
  return { cases: rows.map((row) => toCaseSummary(row, project.key)), total, page: params.page, pageSize: CASES_PAGE_SIZE };
}

/** The library's filters (listCases' without the page) as a condition on "TestCase". */
export function casesWhere(project: { id: string; key: string }, params: Omit<ListCasesOutput, "page">): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`"projectId" = ${project.id}::uuid`];
  conditions.push(params.archived ? Prisma.sql`"archivedAt" is not null` : Prisma.sql`"archivedAt" is null`);
  if (params.suite === "none") conditions.push(Prisma.sql`"suiteId" is null`);
  else if (params.suite) conditions.push(Prisma.sql`"suiteId" = ${params.suite}::uuid`);
  if (params.tags?.length) conditions.push(Prisma.sql`"tags" @> ${params.tags}::text[]`);
  if (params.priority?.length) conditions.push(Prisma.sql`"priority"::text = any(${params.priority}::text[])`);
  if (params.kind) conditions.push(Prisma.sql`"kind"::text = ${params.kind}`);
  const key = params.q?.match(new RegExp(`^${project.key}-(\\d+)$`, "i"));
  if (key) {
    conditions.push(Prisma.sql`"number" = ${Number(key[1])}`);
  } else if (params.q) {
    const query = toTsQuery(params.q);
    if (query) conditions.push(Prisma.sql`"searchVector" @@ to_tsquery('simple', ${query})`);
  }
  return Prisma.join(conditions, " and ");
}

/** "CHK-42" → the case of number 42 in the project keyed CHK; null for another project's key or a number no case can have. */
function parseCaseKey(projectKey: string, key: string): number | null {
  const match = key.match(/^([A-Za-z][A-Za-z0-9]*)-(\d{1,10})$/);
  const number = match ? Number(match[2]) : NaN;
  return match && match[1]!.toUpperCase() === projectKey && number >= 1 && number <= MAX_CASE_NUMBER ? number : null;
}

/** Case numbers are a PostgreSQL integer. */
const MAX_CASE_NUMBER = 2_147_483_647;

export async function getCase(slug: string, key: string): Promise<CaseDto> {
  const project = await projectForCases(slug);
  const number = parseCaseKey(project.key, key);
  const row =
    number === null
      ? null
      : await db().testCase.findUnique({
          where: { projectId_number: { projectId: project.id, number } },
          include: {
            ...summaryInclude,
            steps: { orderBy: { position: "asc" } },
            revisions: { orderBy: { revision: "desc" }, include: { author: { select: { name: true } } } },
            results: {
              orderBy: { run: { createdAt: "desc" } },
              take: 100,
              include: {
                executedBy: { select: { name: true } },
                run: {
                  select: {
                    id: true,
                    number: true,
                    name: true,
                    release: { select: { version: true } },
                    environment: { select: { name: true } },
                  },
                },
              },
            },
          },
        });
  if (!row) throw new NotFound(`Test case ${key}`);
  return {
    ...toCaseSummary(row, project.key),
    preconditions: row.preconditions,
    steps: row.steps.map((step) => ({ action: step.action, expected: step.expected })),
    revisions: row.revisions.map((revision) => {
      const snapshot = revision.snapshot as { changed?: string[] } & CaseSnapshot;
      return {
        revision: revision.revision,
        at: revision.createdAt.toISOString(),
        author: revision.author?.name ?? (revision.authorKind === "TOKEN" ? "an API token" : SYSTEM_NAME),
        changed: snapshot.changed ?? [],
        snapshot,
      };
    }),
    results: row.results.map((result) => ({
      runId: result.run.id,
      runNumber: result.run.number,
      runName: result.run.name,
      release: result.run.release.version,
      environment: result.run.environment.name,
      status: result.status,
      at: result.executedAt?.toISOString() ?? null,
      by: result.executedBy?.name ?? (result.source === "IMPORT" ? "JUnit import" : null),
      revision: result.caseRevision,
    })),
  };
}

export async function listSuites(slug: string): Promise<SuiteDto[]> {
  const project = await projectForCases(slug);
  const suites = await db().testSuite.findMany({
    where: { projectId: project.id },
    orderBy: [{ position: "asc" }, { name: "asc" }],
    include: { _count: { select: { cases: { where: { archivedAt: null } } } } },
  });
  return suites.map((suite) => ({ id: suite.id, name: suite.name, parentId: suite.parentId, caseCount: suite._count.cases }));
}

/**
 * Duplicate hints: the project's active cases whose titles are like `title` by trigram similarity
 * (pg_trgm's `%`: similarity at least pg_trgm.similarity_threshold, 0.3 by default; it uses the
 * titles' trigram index), most alike first, at most five; never the case being edited (`exclude`).
 */
export async function similarCases(slug: string, raw: unknown): Promise<SimilarCaseDto[]> {
  const input = parseInput(similarCasesSchema, raw);
  const project = await projectForCases(slug);
  const excluded = input.exclude?.toUpperCase().startsWith(`${project.key}-`) ? Number(input.exclude.split("-")[1]) : null;
  const rows = await db().$queryRaw<{ number: number; title: string; similarity: number }[]>`
    select number, title, similarity(title, ${input.title})::float8 as similarity
    from "TestCase"
    where "projectId" = ${project.id}::uuid and "archivedAt" is null and title % ${input.title}
      ${excluded === null ? Prisma.empty : Prisma.sql`and number <> ${excluded}`}
    order by similarity desc, number
    limit 5`;
  return rows.map((row) => ({ key: `${project.key}-${row.number}`, title: row.title, similarity: Math.round(row.similarity * 100) / 100 }));
}

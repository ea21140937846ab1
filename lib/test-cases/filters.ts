// The library's filters as a query: the API's (GET /api/v1/projects/:slug/cases) and the page's
// address are the same, so a page's address reads as the request it makes.
import { allOf, oneOf, type QueryReader } from "@/lib/http/address";
import { pageNumber } from "@/lib/http/query";
import { listCasesSchema, PRIORITIES, tagSchema, type ListCasesInput } from "./schemas";

/** The filters as a query string (without `?`); the first page and defaults are left out. */
export function casesQuery(params: ListCasesInput): string {
  const query = new URLSearchParams();
  if (params.q) query.set("q", params.q);
  if (params.suite) query.set("suite", params.suite);
  for (const tag of params.tags ?? []) query.append("tag", tag);
  for (const priority of params.priority ?? []) query.append("priority", priority);
  if (params.kind) query.set("kind", params.kind);
  if (params.archived) query.set("archived", "true");
  if (params.page && params.page > 1) query.set("page", String(params.page));
  return query.toString();
}

/**
 * The filters of an address, each only when the API would take it: a wrong priority, tag, kind or
 * page, a search too long, or a suite not among the project's (when they are known) is left out.
 * The page is always there (1 by default), as the page's first list is hydrated.
 */
export function caseFiltersOf(query: QueryReader, suites?: readonly { id: string }[]): ListCasesInput {
  const filters: ListCasesInput = { page: pageNumber(query.get("page")) ?? 1 };
  const q = listCasesSchema.shape.q.safeParse(query.get("q") ?? undefined);
  if (q.data) filters.q = q.data;
  const suite = listCasesSchema.shape.suite.safeParse(query.get("suite") ?? undefined).data;
  if (suite && (suite === "none" || !suites || suites.some((s) => s.id === suite))) filters.suite = suite;
  const tags = [...new Set(query.getAll("tag").flatMap((tag) => tagSchema.safeParse(tag).data ?? []))].slice(0, 10);
  if (tags.length > 0) filters.tags = tags;
  const priority = allOf(query, "priority", PRIORITIES);
  if (priority.length > 0) filters.priority = priority;
  const kind = oneOf(query, "kind", ["MANUAL", "AUTOMATED"] as const);
  if (kind) filters.kind = kind;
  if (query.get("archived") === "true") filters.archived = true;
  return filters;
}

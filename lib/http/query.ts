import { ValidationFailed } from "./errors";

export const MAX_PAGE = 100_000;

/** A page number from 1 to 100,000 as an address gives it; null for anything else (missing too). */
export function pageNumber(raw: string | null): number | null {
  const page = raw !== null && /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
  return page >= 1 && page <= MAX_PAGE ? page : null;
}

/** `?page=` as a page number from 1 to 100,000 (missing: 1); anything else is refused with the field. */
export function pageOf(query: URLSearchParams): number {
  const raw = query.get("page");
  if (raw === null || raw === "") return 1;
  const page = pageNumber(raw);
  if (page === null) throw new ValidationFailed([{ field: "page", message: `A page number from 1 to ${MAX_PAGE}` }]);
  return page;
}

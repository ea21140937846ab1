import { ValidationFailed } from "./errors";

export const MAX_PAGE = 100_000;

/** `?page=` as a page number from 1 to 100,000 (missing: 1); anything else is refused with the field. */
export function pageOf(query: URLSearchParams): number {
  const raw = query.get("page");
  if (raw === null || raw === "") return 1;
  const page = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
  if (!(page >= 1 && page <= MAX_PAGE)) throw new ValidationFailed([{ field: "page", message: `A page number from 1 to ${MAX_PAGE}` }]);
  return page;
}

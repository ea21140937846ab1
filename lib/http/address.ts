// A page's view kept in its address, so that Back, a reload and a shared link show it again. A
// page reads its fields from the query with what its API accepts and keeps a field only when it
// is right: a wrong or unknown value in a hand-made address is left out (the page's default
// view), never an error. The browser side writes the address with components/ui/use-address.ts.

/** What a page reads its fields from: the address's search parameters, on the server or in the browser. */
export type QueryReader = Pick<URLSearchParams, "get" | "getAll">;

/** Fields to change: a value sets the field, several set it to each, null or "" takes it out. */
export type QueryChange = Record<string, string | readonly string[] | null | undefined>;

/** The search parameters a server page is given, as the address had them (a field given twice keeps both). */
export function searchParamsOf(given: Record<string, string | string[] | undefined>): URLSearchParams {
  return new URLSearchParams(Object.entries(given).flatMap(([key, value]) => [value ?? []].flat().map((one) => [key, one])));
}

/** A query with the change made, as `?…`, or "" when no field is left. */
export function queryWith(query: string | URLSearchParams, change: QueryChange): string {
  const next = new URLSearchParams(query);
  for (const [key, value] of Object.entries(change)) {
    next.delete(key);
    for (const one of [value ?? []].flat()) if (one !== "") next.append(key, one);
  }
  return next.size > 0 ? `?${next}` : "";
}

/** The values of `key` that are among `allowed` (whatever their case), as `allowed` spells them, once each. */
export function allOf<T extends string>(query: QueryReader, key: string, allowed: readonly T[]): T[] {
  const given = new Set(query.getAll(key).map((value) => value.toUpperCase()));
  return allowed.filter((value) => given.has(value.toUpperCase()));
}

/** The value of `key` when it is one of `allowed` (whatever its case), as `allowed` spells it. */
export function oneOf<T extends string>(query: QueryReader, key: string, allowed: readonly T[]): T | undefined {
  const given = query.get(key)?.toUpperCase();
  return allowed.find((value) => value.toUpperCase() === given);
}

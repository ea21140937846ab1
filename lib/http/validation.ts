// One way to run a zod schema over untrusted input, shared by route handlers, server
// actions, the CLI and tests: failure is a ValidationFailed with a message per field.
import type { z } from "zod";
import { ValidationFailed, type FieldError } from "./errors";

export function fieldErrorsOf(error: z.ZodError): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    // A field the schema does not know is named itself (`?enviroment=`), not the object holding it.
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const field = [...issue.path, key].join(".");
        if (!seen.has(field)) out.push({ field, message: issue.message });
        seen.add(field);
      }
      continue;
    }
    const field = issue.path.length > 0 ? issue.path.join(".") : "body";
    if (seen.has(field)) continue;
    seen.add(field);
    out.push({ field, message: issue.message });
  }
  return out;
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationFailed(fieldErrorsOf(result.error));
  return result.data;
}

/**
 * A query string's fields, each given once: a field given twice (`?period=30d&period=90d`) is
 * refused on that field rather than one of its values taken silently.
 */
export function singleValued(query: URLSearchParams): Record<string, string> {
  const fields: Record<string, string> = {};
  const repeated: FieldError[] = [];
  for (const [key, value] of query) {
    if (key in fields && !repeated.some((error) => error.field === key)) repeated.push({ field: key, message: `Give ${key} once` });
    fields[key] = value;
  }
  if (repeated.length > 0) throw new ValidationFailed(repeated);
  return fields;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids in URLs are checked before they reach a uuid column (a bad one is simply not found). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * The first place in a parsed JSON value (keys included) holding text PostgreSQL cannot store:
 * U+0000, or half of a surrogate pair (not UTF-16 a string can be encoded from). Null when none.
 */
export function unstorableText(value: unknown, path: string[] = []): { field: string; message: string } | null {
  const problem = (text: string) =>
    text.includes("\u0000")
      ? "contains U+0000 (a NUL character), which cannot be stored"
      : !text.isWellFormed()
        ? "contains half of a UTF-16 surrogate pair, which is not text"
        : null;
  if (typeof value === "string") {
    const why = problem(value);
    return why ? { field: path.join(".") || "body", message: why } : null;
  }
  if (value === null || typeof value !== "object") return null;
  for (const [key, item] of Object.entries(value)) {
    const why = problem(key);
    if (why) return { field: [...path, "(a key)"].join("."), message: why };
    const found = unstorableText(item, [...path, key]);
    if (found) return found;
  }
  return null;
}

// One description per API operation: its method and path, what it does, the scope an API token
// needs, and the schemas its input is validated with. Route handlers are built from it
// (lib/http/route.ts) and the OpenAPI document is generated from it (lib/api/openapi.ts), so the
// documentation cannot drift from what the handlers enforce.
import type { z } from "zod";
import type { TokenScope } from "@/lib/auth/scopes";

type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type Operation = {
  /** operationId, e.g. createRelease. */
  id: string;
  method: HttpMethod;
  /** OpenAPI path under /api/v1, e.g. /projects/{slug}/releases. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** People (signed in) may call every operation; API tokens only those naming a scope, holding it. */
  scope?: TokenScope;
  /**
   * Anyone may call it, signed out too (a one-click unsubscribe link): the handler checks what the
   * request carries instead (a signed token). No caller is authenticated.
   */
  public?: true;
  /** The schema the handler validates the JSON body with. */
  body?: z.ZodType;
  /**
   * A body that is not JSON, read as a stream by the handler (JUnit XML); `multipart` documents a
   * multipart/form-data form of it (the report with its files), as an OpenAPI schema.
   */
  rawBody?: { contentType: string; description: string; multipart?: Record<string, unknown> };
  /** Query parameters, as a zod object. */
  query?: z.ZodObject;
  /** The successful answer. */
  response: { status: number; description: string; schema?: z.ZodType; contentType?: string };
  /** Other successful answers, e.g. 202 when the work waits for a person. */
  otherResponses?: { status: number; description: string }[];
};

/** Keeps each operation's literal type while checking it is an Operation. */
export function defineOperations<const T extends Record<string, Omit<Operation, "id">>>(ops: T): { [K in keyof T]: T[K] & { id: K } } {
  return Object.fromEntries(Object.entries(ops).map(([id, op]) => [id, { ...op, id }])) as { [K in keyof T]: T[K] & { id: K } };
}

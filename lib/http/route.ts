// withRoute: the one wrapper every route handler goes through. It authenticates (a session
// cookie, or an API token; close to the data, never in middleware alone), checks the token's
// scope and project, reads JSON, answers retries with an Idempotency-Key once, and turns domain
// errors into problem+json, so handlers only call queries and mutations.
import "server-only";
import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { automationActor, memberActor, type Actor } from "@/lib/auth/actor";
import { currentMember, originOf, type SessionMember } from "@/lib/auth/session";
import { tokenFailed, tokenRefusal, tooManyTokens, UNKNOWN_ADDRESS } from "@/lib/auth/limits";
import { authenticateTokenFor } from "@/lib/auth/token";
import { databaseUnavailable, uniqueViolation } from "@/lib/db/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError, BadRequest, Forbidden, NotFound, TooManyRequests, Unauthenticated, ValidationFailed } from "./errors";
import { IDEMPOTENCY_HEADER, idempotent } from "./idempotency";
import type { Operation } from "./operation";
import { findProject, type ProjectOf, type ProjectRef } from "./project-of";
import { problemResponse } from "./problem";
import { unreadableUrl } from "./url-check";
import { unstorableText } from "./validation";

type RouteContext<P> = { params: Promise<P> };

type HandlerContext<P> = {
  req: NextRequest;
  params: P;
  /** The parsed JSON body (undefined for GET and empty bodies). */
  body: unknown;
  query: URLSearchParams;
  actor: Actor;
  /** The signed-in person; null when an API token is calling. */
  member: SessionMember | null;
  /** The project the route's resolver found (null without a resolver, or when there is none). */
  project: ProjectRef | null;
};

type Options<P> = {
  operation: Operation;
  /** The project the route acts on: a token may only reach its own (others answer 404). */
  project?: ProjectOf<P>;
  handler: (ctx: HandlerContext<P>) => Promise<Response | unknown>;
};

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { "cache-control": "no-store" } });
}

function parseJson(req: NextRequest, text: string): unknown {
  if (text.trim() === "") return undefined;
  const type = req.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) throw new BadRequest("Send the body as application/json.");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new BadRequest(`The body is not valid JSON: ${(error as Error).message}`);
  }
  const unstorable = unstorableText(parsed);
  if (unstorable) throw new ValidationFailed([unstorable]);
  return parsed;
}

/** Cookie-authenticated writes must come from this site's own pages. */
function checkSameOrigin(req: NextRequest) {
  if (req.method === "GET" || req.method === "HEAD") return;
  const origin = req.headers.get("origin");
  if (!origin) return;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  // "null" (a sandboxed page, a file) and anything that is not a URL are not this site either.
  if (!URL.canParse(origin) || new URL(origin).host !== host) throw new Forbidden("Cross-site requests are not accepted.");
}

function errorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    const response = problemResponse(error.status, error.title, error.message, error.fieldErrors);
    if (error instanceof TooManyRequests) response.headers.set("retry-after", String(error.retryAfterSeconds));
    return response;
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") {
    return problemResponse(404, "Not found", "The object was not found.");
  }
  if (uniqueViolation(error)) return problemResponse(409, "Conflict", "This already exists.");
  // The client went away while its body was arriving: nobody reads this answer, and it is no fault here.
  if (error instanceof Error && (error.message === "aborted" || (error as NodeJS.ErrnoException).code === "ECONNRESET"))
    return problemResponse(400, "Bad request", "The request was cut off before its body arrived.");
  if (databaseUnavailable(error)) {
    console.error(`[api] database unavailable: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    const response = problemResponse(503, "Service unavailable", "The database is busy or unreachable: try again in a few seconds.");
    response.headers.set("retry-after", "5");
    return response;
  }
  const id = randomUUID();
  console.error(`[api] unexpected error ${id}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return problemResponse(500, "Internal error", `Something went wrong on our side (error ${id}).`);
}

type Caller = { actor: Actor; member: SessionMember | null; project: ProjectRef | null };

/**
 * Who is asking (a bearer token when one is sent, else the session cookie) and the project the
 * route acts on: for a token, found by the same statement that authenticates it.
 */
async function authenticate<P>(req: NextRequest, operation: Operation, projectOf: ProjectOf<P> | undefined, params: P): Promise<Caller> {
  const origin = originOf(req.headers);
  const authorization = req.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw new Unauthenticated("Send the API token as: Authorization: Bearer shr_…");
    const found = await authenticateTokenFor(match[1]!, origin, projectOf?.query(params) ?? null);
    if (!found) {
      // Counted only when wrong, so a pipeline's good token costs nothing extra; an address that
      // keeps sending wrong ones is answered 429 instead of being told each one is wrong.
      const ip = origin.ip ?? UNKNOWN_ADDRESS;
      await tokenFailed(ip);
      const refused = await tokenRefusal(ip);
      if (refused) throw new TooManyRequests(refused.retryAfterSeconds, tooManyTokens(refused.retryAfterSeconds));
      throw new Unauthenticated("The API token is wrong, revoked or expired.");
    }
    return { ...found, member: null };
  }
  const member = await currentMember();
  if (!member) throw new Unauthenticated();
  checkSameOrigin(req);
  if (member.passwordMustChange && operation.id !== "changePassword")
    throw new Forbidden("Choose your own password first: an admin set a temporary one (Account).");
  return { actor: memberActor(member, origin), member, project: projectOf ? await findProject(projectOf, params) : null };
}

function checkScope(actor: Actor, operation: Operation) {
  if (actor.kind !== "TOKEN") return;
  const scope = operation.scope;
  if (!scope) throw new Forbidden("API tokens cannot do this: it is done by a person, signed in.");
  if (!actor.scopes?.includes(scope)) throw new Forbidden(`This token lacks the "${scope}" scope.`);
}

export function withRoute<P = Record<string, never>>(options: Options<P>) {
  const { operation } = options;
  return async (req: NextRequest, context: RouteContext<P>): Promise<Response> => {
    try {
      // proxy.ts refused these already, except for the JUnit uploads it does not see (their bodies stream).
      const raw = req.url.replace(/^[a-z]+:\/\/[^/]+/i, "");
      const [path = "/", query = ""] = raw.split(/\?(.*)/s);
      const unreadable = unreadableUrl(path, query);
      if (unreadable) throw new BadRequest(unreadable);
      let params = await context.params;
      // A public operation's handler checks what the request carries; no one is signed in for it.
      const { actor, member, project } = operation.public
        ? { actor: automationActor, member: null, project: null }
        : await authenticate(req, operation, options.project, params);
      checkScope(actor, operation);
      if (options.project) {
        // Missing and not yours answer alike, before the body is read: a token cannot tell which
        // other projects exist from a 404 here and a 422 there.
        if (!project || (actor.kind === "TOKEN" && project.id !== actor.projectId)) throw new NotFound(options.project.what);
        // The CLI may name a project by its key: the handlers see its slug.
        if ("slug" in (params as object)) params = { ...params, slug: project.slug };
      }
      const text = operation.rawBody || req.method === "GET" || req.method === "HEAD" ? "" : await req.text();
      const body = operation.rawBody ? undefined : parseJson(req, text);
      const run = async () => {
        try {
          const result = await options.handler({ req, params, body, query: req.nextUrl.searchParams, actor, member, project });
          return result instanceof Response ? result : json(result);
        } catch (error) {
          return errorResponse(error);
        }
      };
      const key = req.headers.get(IDEMPOTENCY_HEADER);
      if (key === null || req.method !== "POST") return await run();
      // A streamed body is not read twice: its own handler is idempotent (a JUnit report by digest).
      const fingerprint = operation.rawBody
        ? `${req.headers.get("content-length") ?? ""}:${req.headers.get("x-file-name") ?? ""}:${req.nextUrl.search}`
        : `${req.nextUrl.search}\n${text}`;
      return await idempotent(actor, key, { method: req.method, path: req.nextUrl.pathname, body: fingerprint }, run);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

// withRoute: the one wrapper every route handler goes through. It authenticates (close to
// the data, never in middleware alone), reads JSON, and turns domain errors into
// problem+json, so handlers only call queries and mutations.
import "server-only";
import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { memberActor, type Actor } from "@/lib/auth/actor";
import { currentMember, originOf, type SessionMember } from "@/lib/auth/session";
import { uniqueViolation } from "@/lib/db/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError, BadRequest, Forbidden, Unauthenticated } from "./errors";
import { problemResponse } from "./problem";

type RouteContext<P> = { params: Promise<P> };

export type HandlerContext<P> = {
  req: NextRequest;
  params: P;
  /** The parsed JSON body (undefined for GET and empty bodies). */
  body: unknown;
  query: URLSearchParams;
  actor: Actor;
  member: SessionMember;
};

type Options<P> = {
  /** Leave the body unread: the handler streams it (JUnit uploads). */
  rawBody?: boolean;
  handler: (ctx: HandlerContext<P>) => Promise<Response | unknown>;
};

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { "cache-control": "no-store" } });
}

async function readBody(req: NextRequest): Promise<unknown> {
  if (req.method === "GET" || req.method === "HEAD") return undefined;
  const text = await req.text();
  if (text.trim() === "") return undefined;
  const type = req.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) throw new BadRequest("Send the body as application/json.");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadRequest(`The body is not valid JSON: ${(error as Error).message}`);
  }
}

/** Cookie-authenticated writes must come from this site's own pages. */
function checkSameOrigin(req: NextRequest) {
  if (req.method === "GET" || req.method === "HEAD") return;
  const origin = req.headers.get("origin");
  if (!origin) return;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (new URL(origin).host !== host) throw new Forbidden("Cross-site requests are not accepted.");
}

export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    return problemResponse(error.status, error.title, error.message, error.fieldErrors);
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") {
    return problemResponse(404, "Not found", "The object was not found.");
  }
  if (uniqueViolation(error)) return problemResponse(409, "Conflict", "This already exists.");
  const id = randomUUID();
  console.error(`[api] unexpected error ${id}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return problemResponse(500, "Internal error", `Something went wrong on our side (error ${id}).`);
}

export function withRoute<P = Record<string, never>>(options: Options<P>) {
  return async (req: NextRequest, context: RouteContext<P>): Promise<Response> => {
    try {
      const member = await currentMember();
      if (!member) throw new Unauthenticated();
      checkSameOrigin(req);
      const body = options.rawBody ? undefined : await readBody(req);
      const result = await options.handler({
        req,
        params: await context.params,
        body,
        query: req.nextUrl.searchParams,
        actor: memberActor(member, originOf(req.headers)),
        member,
      });
      return result instanceof Response ? result : json(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

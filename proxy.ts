// Next runs this before every request (it only looks for the file here):
//   - an address no route can read (malformed percent-encoding, an encoded NUL) is answered 400
//     at once (lib/http/url-check.ts; API routes check it again, the JUnit uploads only there);
//   - each page gets a fresh nonce and the Content-Security-Policy that allows only scripts
//     carrying it (lib/http/csp.ts); Next reads the nonce from the request's policy;
//   - each page (a prefetch too) is told its own path and query, for a signed-out visitor's way
//     back after signing in (lib/auth/return-path.ts; whatever a client sent in that header is
//     replaced).
import { NextResponse, type NextRequest } from "next/server";
import { RETURN_PATH_HEADER } from "@/lib/auth/return-path";
import { contentSecurityPolicy, newNonce } from "@/lib/http/csp";
import { problemResponse } from "@/lib/http/problem";
import { unreadableUrl } from "@/lib/http/url-check";

export function proxy(request: NextRequest) {
  const raw = request.url.replace(/^[a-z]+:\/\/[^/]+/i, "");
  const [path = "/", query = ""] = raw.split(/\?(.*)/s);
  const unreadable = unreadableUrl(path, query);
  if (unreadable) return problemResponse(400, "Bad request", unreadable);

  const isPage = !request.nextUrl.pathname.startsWith("/api/");
  const prefetch = request.headers.get("next-router-prefetch") !== null || request.headers.get("purpose") === "prefetch";
  if (!isPage) return NextResponse.next();
  const headers = new Headers(request.headers);
  // Next has already taken its own parameters (`_rsc`) out of nextUrl: this is the page's address.
  headers.set(RETURN_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  if (prefetch) return NextResponse.next({ request: { headers } });
  const nonce = newNonce();
  // eslint-disable-next-line no-process-env -- Next's own build marker, not configuration
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  // Everything but Next's own static files, the two JUnit uploads and the two attachment uploads: before a proxy runs, Next
  // reads the whole body of a request it matches into memory, and passes on only its first 10 MB
  // (a 100,000-testcase report, a 20 MB attachment, are larger). An upload's address is checked by its route instead
  // (withRoute); one whose ids are percent-encoded still comes here.
  matcher: [
    "/((?!_next/static|_next/image|favicon.ico|api/v1/projects/[A-Za-z0-9_-]+/results$|api/v1/runs/[A-Za-z0-9-]+/junit$|api/v1/runs/[A-Za-z0-9-]+/results/[A-Za-z0-9-]+/attachments$|api/v1/projects/[A-Za-z0-9_-]+/cases/[A-Za-z0-9_-]+/attachments$).*)",
  ],
};
